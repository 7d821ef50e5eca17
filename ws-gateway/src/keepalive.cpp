// Idle connections: a ping after ping_after_idle_s without a word from the client, closed after
// hangup_after_idle_s (RFC 6455 section 5.5.2: a client answers a ping with a pong; browsers do it by themselves).
// libwebsockets can do this itself (its "validity" timer), but lws 4.1 keeps one timer per connection in a sorted
// list and re-inserts it, walking the list, on every frame a client sends: 16,700 viewers connecting cost a
// gateway 67 s of CPU (bench/RESULTS.md, issue 16). One sweep over the connections a second costs next to nothing.
#include "gateway_state.hpp"

namespace openhall::gateway {

void Gateway::State::sweep_idle() {
    const std::uint64_t now = uv_now(&loop);
    const std::uint64_t ping_after = settings.ping_after_idle_s * 1000ull;
    const std::uint64_t hangup_after = settings.hangup_after_idle_s * 1000ull;
    for (auto& [id, c] : connections) {
        const std::uint64_t idle = now - c->heard_ms;
        if (idle >= hangup_after) {
            // No pong: the peer is gone or stuck. Its socket may never take a close frame, so it is dropped.
            lws_set_timeout(c->wsi, PENDING_TIMEOUT_USER_OK, LWS_TO_KILL_ASYNC);
        } else if (idle >= ping_after && !c->pinged) {
            c->pinged = c->ping_due = true;
            lws_callback_on_writable(c->wsi);
        }
    }
}

void Gateway::State::heard_from(Connection* c) {
    c->heard_ms = uv_now(&loop);
    c->pinged = false;
}

}  // namespace openhall::gateway
