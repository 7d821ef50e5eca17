// Who is connecting, read from the WebSocket upgrade request, and whether they may: the path names an event,
// the subprotocol is openhall.v1, the Origin is allowed. Split in two so the checks are tested without sockets:
// check_handshake is pure, read_handshake reads the request's headers from libwebsockets.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "openhall/core/base/ids.hpp"
#include "openhall/core/base/result.hpp"

struct lws;

namespace openhall::gateway {

struct HandshakeRequest {
    std::string path;                     // "/events/12"
    std::vector<std::string> query_args;  // {"since=5", "viewer=abc"}
    std::string origin;                   // empty when the client sent none
    std::string host;                     // the Host header
    std::string protocols;                // Sec-WebSocket-Protocol as sent
    std::string cookie;
    std::string peer_address;
};

struct Handshake {
    core::EventId event;
    std::optional<std::uint64_t> since;
    std::string viewer;      // the viewer token, or one made up for this connection
    std::string viewer_key;  // a hash of it: what is stored and counted (votes once per viewer)
    std::string address;
    std::optional<std::string> session_token;  // a staff session cookie
};

core::Result<Handshake> check_handshake(const HandshakeRequest& request, const std::vector<std::string>& origins);

core::Result<Handshake> read_handshake(lws* wsi, const std::vector<std::string>& origins);

}  // namespace openhall::gateway
