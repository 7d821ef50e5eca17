// libwebsockets' callbacks: the handshake checked at the upgrade, a connection opened, its fragments put together
// into messages, its writable turns, its close.
#include "gateway_state.hpp"

#include <spdlog/spdlog.h>

namespace openhall::gateway {

namespace {

constexpr const char* kSubprotocol = "openhall.v1";

// lws allocates this zeroed per connection. The request's headers are gone once the upgrade completes, so the
// handshake checked at the upgrade waits here until the connection is established.
struct PerSession {
    Handshake* checked;
    Connection* connection;
};

}  // namespace
namespace {

Gateway::State* state_of(lws* wsi) { return static_cast<Gateway::State*>(lws_context_user(lws_get_context(wsi))); }

// An upgrade refused gets an HTTP 403 with a fixed text (the reason, which quotes the request, goes to the log)
// rather than a closed connection: a proxy in front (nginx) passes a 403 on, where a closed connection counts as
// the gateway failing and takes it out of rotation for all.
int refuse_upgrade(lws* wsi, const std::string& reason) {
    lws_return_http_status(wsi, HTTP_STATUS_FORBIDDEN, reason.c_str());
    return 1;
}

// Plain HTTP to the gateway port gets a 404; an upgrade without the subprotocol, a 403.
int on_http(lws* wsi, lws_callback_reasons reason, void* user, void* in, size_t len) {
    switch (reason) {
        case LWS_CALLBACK_FILTER_PROTOCOL_CONNECTION:
            return refuse_upgrade(wsi, "connect with the openhall.v1 WebSocket subprotocol");
        case LWS_CALLBACK_HTTP:
            lws_return_http_status(wsi, HTTP_STATUS_NOT_FOUND, "connect with the openhall.v1 WebSocket subprotocol");
            return -1;
        default:
            return lws_callback_http_dummy(wsi, reason, user, in, len);
    }
}

int handle_openhall(lws* wsi, lws_callback_reasons reason, void* user, void* in, size_t len) {
    auto* state = state_of(wsi);
    auto* session = static_cast<PerSession*>(user);
    switch (reason) {
        case LWS_CALLBACK_FILTER_PROTOCOL_CONNECTION: {
            auto checked = read_handshake(wsi, state->settings.origins);
            if (!checked) {
                spdlog::info("gateway: refused a connection: {}", checked.error().message);
                return refuse_upgrade(wsi, "this WebSocket connection is not allowed (see docs/websocket.md)");
            }
            delete session->checked;
            session->checked = new Handshake(std::move(*checked));
            return 0;
        }
        case LWS_CALLBACK_ESTABLISHED: {
            if (!session->checked) return -1;
            auto* c = new Connection();
            c->gateway = state;
            c->wsi = wsi;
            c->handshake = std::move(*session->checked);
            delete std::exchange(session->checked, nullptr);
            session->connection = c;
            state->open(c);
            return 0;
        }
        case LWS_CALLBACK_RECEIVE_PONG:
            if (session->connection) state->heard_from(session->connection);
            return 0;
        case LWS_CALLBACK_RECEIVE: {
            Connection* c = session->connection;
            if (!c || c->closing) return 0;
            state->heard_from(c);
            const auto* bytes = static_cast<const char*>(in);
            if (lws_frame_is_binary(wsi)) {
                state->refuse(c, std::nullopt, "invalid_message", "messages are JSON text frames");
                return 0;
            }
            if (c->partial.size() + len > kMaxFrameBytes) {
                c->close_with(LWS_CLOSE_STATUS_MESSAGE_TOO_LARGE, "a message may have at most 8192 bytes");
                return 0;
            }
            c->partial.append(bytes, len);
            if (!lws_is_final_fragment(wsi) || lws_remaining_packet_payload(wsi) > 0) return 0;
            std::string frame;
            frame.swap(c->partial);
            state->receive(c, frame);
            return 0;
        }
        case LWS_CALLBACK_SERVER_WRITEABLE:
            return session->connection ? state->write_next(session->connection) : 0;
        case LWS_CALLBACK_CLOSED:
            if (session->connection) state->close(session->connection);
            session->connection = nullptr;
            return 0;
        case LWS_CALLBACK_WSI_DESTROY:  // also for upgrades that never completed
            if (session) delete std::exchange(session->checked, nullptr);
            return 0;
        default:
            return 0;
    }
}

int on_openhall(lws* wsi, lws_callback_reasons reason, void* user, void* in, size_t len) {
    auto* state = state_of(wsi);
    if (!state) return 0;
    ++state->in_lws_callback;
    const int result = handle_openhall(wsi, reason, user, in, len);
    --state->in_lws_callback;
    return result;
}

const lws_protocols kProtocols[] = {
    {"http", on_http, 0, 0, 0, nullptr, 0},
    {kSubprotocol, on_openhall, sizeof(PerSession), kMaxFrameBytes, 0, nullptr, 0},
    {nullptr, nullptr, 0, 0, 0, nullptr, 0},  // the end of the list
};

}  // namespace

const lws_protocols* gateway_protocols() { return kProtocols; }

}  // namespace openhall::gateway
