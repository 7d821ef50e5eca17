#include "openhall/gateway/handshake.hpp"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>
#include <libwebsockets.h>

#include "openhall/core/accounts/auth_service.hpp"
#include "openhall/core/base/password.hpp"
#include "openhall/core/text/text.hpp"

namespace openhall::gateway {
namespace {

template <typename T>
std::optional<T> number(std::string_view text) {
    T value{};
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

// "http://hall.example:8080" → "hall.example"; "[::1]:8080" → "[::1]".
std::string host_name(std::string_view authority) {
    if (auto scheme = authority.find("://"); scheme != std::string_view::npos) authority.remove_prefix(scheme + 3);
    if (auto slash = authority.find('/'); slash != std::string_view::npos) authority = authority.substr(0, slash);
    if (!authority.empty() && authority.front() == '[') return std::string(authority.substr(0, authority.find(']') + 1));
    return std::string(authority.substr(0, authority.find(':')));
}

bool lists_subprotocol(std::string_view protocols) {
    while (!protocols.empty()) {
        auto comma = protocols.find(',');
        if (core::trim(protocols.substr(0, comma)) == "openhall.v1") return true;
        if (comma == std::string_view::npos) break;
        protocols.remove_prefix(comma + 1);
    }
    return false;
}

// A viewer token is what the browser keeps: 16 to 64 URL-safe characters.
bool is_viewer_token(std::string_view token) {
    return token.size() >= 16 && token.size() <= 64 && std::all_of(token.begin(), token.end(), [](char c) {
               return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
           });
}

std::string header(lws* wsi, lws_token_indexes token) {
    const int length = lws_hdr_total_length(wsi, token);
    if (length <= 0) return {};
    std::string value(static_cast<std::size_t>(length) + 1, '\0');
    const int copied = lws_hdr_copy(wsi, value.data(), length + 1, token);
    value.resize(copied > 0 ? static_cast<std::size_t>(copied) : 0);
    return value;
}

}  // namespace

core::Result<Handshake> check_handshake(const HandshakeRequest& r, const std::vector<std::string>& origins) {
    using core::ErrorCode;
    if (!lists_subprotocol(r.protocols))
        return core::make_error(ErrorCode::InvalidInput, "the openhall.v1 subprotocol is required");
    if (!r.origin.empty()) {
        const bool allowed = origins.empty() ? host_name(r.origin) == host_name(r.host)
                                             : std::find(origins.begin(), origins.end(), r.origin) != origins.end();
        if (!allowed) return core::make_error(ErrorCode::Forbidden, fmt::format("origin {} is not allowed", r.origin));
    }
    constexpr std::string_view prefix = "/events/";
    if (!r.path.starts_with(prefix)) return core::make_error(ErrorCode::NotFound, "connect to /events/{id}");
    auto id = number<std::int64_t>(std::string_view(r.path).substr(prefix.size()));
    if (!id || *id <= 0) return core::make_error(ErrorCode::NotFound, "connect to /events/{id}");

    Handshake h;
    h.event = core::EventId{*id};
    h.address = r.peer_address;
    for (const auto& arg : r.query_args) {
        const std::string_view a = arg;
        if (a.starts_with("since=")) {
            h.since = number<std::uint64_t>(a.substr(6));
            if (!h.since) return core::make_error(ErrorCode::InvalidInput, "since must be a sequence number");
        } else if (a.starts_with("viewer=") && is_viewer_token(a.substr(7))) {
            h.viewer = std::string(a.substr(7));
        }
    }
    // Without a token the connection is the viewer.
    if (h.viewer.empty()) h.viewer = "connection:" + core::random_token(16);
    h.viewer_key = core::sha256_hex(h.viewer).substr(0, 32);
    if (auto token = core::cookie_value(r.cookie, core::kSessionCookie)) h.session_token = *token;
    return h;
}

core::Result<Handshake> read_handshake(lws* wsi, const std::vector<std::string>& origins) {
    HandshakeRequest r;
    r.path = header(wsi, WSI_TOKEN_GET_URI);
    r.origin = header(wsi, WSI_TOKEN_ORIGIN);
    r.host = header(wsi, WSI_TOKEN_HOST);
    r.protocols = header(wsi, WSI_TOKEN_PROTOCOL);
    r.cookie = header(wsi, WSI_TOKEN_HTTP_COOKIE);
    for (int i = 0;; ++i) {
        char fragment[256];
        const int n = lws_hdr_copy_fragment(wsi, fragment, sizeof fragment, WSI_TOKEN_HTTP_URI_ARGS, i);
        if (n < 0) break;
        r.query_args.emplace_back(fragment, static_cast<std::size_t>(n));
    }
    char peer[64] = {};
    if (lws_get_peer_simple(wsi, peer, sizeof peer)) r.peer_address = peer;
    return check_handshake(r, origins);
}

}  // namespace openhall::gateway
