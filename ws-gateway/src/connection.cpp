// A connection from open to close (its id, counts, staff sign-in, its room) and its send queue: a broadcast goes
// out at once when nothing is queued, otherwise it waits its turn for the writable callback; a client that does
// not read is dropped; the close frame says why.
#include "gateway_state.hpp"

#include <sys/socket.h>

#include <cstring>

#include <spdlog/spdlog.h>

namespace openhall::gateway {

namespace {

// The close opcode for lws_write: the value lws_write_protocol leaves out (between HTTP and PING).
constexpr auto kWriteClose = static_cast<lws_write_protocol>(4);

}  // namespace

void Gateway::State::open(Connection* c) {
    c->id = next_connection++;
    c->heard_ms = uv_now(&loop);
    connections[c->id] = c;
    ++connection_count;
    try {
        if (c->handshake.session_token) c->staff = bus.staff_of(*c->handshake.session_token);
        c->room = room_for(c->handshake.event);
    } catch (const std::exception& e) {
        // Redis or the store cannot be read: the page reconnects after a while.
        c->staff.reset();
        spdlog::warn("gateway: cannot open the room of event {}: {}", c->handshake.event.value, e.what());
        c->close_with(LWS_CLOSE_STATUS_UNEXPECTED_CONDITION, "live questions are unavailable; try again shortly");
        return;
    }
    if (c->is_staff()) ++staff_count;
    // The socket's own buffer is kept small: memory per viewer stays small, and a stalled reader shows up in
    // its queue instead of in the kernel.
    const int buffer = settings.socket_send_buffer;
    setsockopt(lws_get_socket_fd(c->wsi), SOL_SOCKET, SO_SNDBUF, &buffer, sizeof buffer);
    if (!c->room) {
        c->close_with(LWS_CLOSE_STATUS_POLICY_VIOLATION, "no such event");
        return;
    }
    c->room->join(c, c->handshake.since);
}

void Gateway::State::close(Connection* c) {
    if (c->room) {
        c->room->leave(c);
        // A room with nobody in it is forgotten (its count goes to 0 on every gateway); the next viewer loads it
        // from the bus again.
        if (c->room->empty()) {
            bus.viewers(c->room->event(), 0);
            rooms.erase(c->room->event().value);
        }
    }
    if (c->is_staff()) --staff_count;
    --connection_count;
    connections.erase(c->id);
    delete c;
}

void Connection::enqueue(const Payload& message) {
    if (closing) return;
    queue.push_back(message);
    queued_bytes += message->size();
    auto& s = gateway->settings;
    if (queue.size() > s.max_queued_messages || queued_bytes > s.max_queued_bytes) {
        // It does not read: drop it rather than let its queue grow.
        ++gateway->dropped;
        queue.clear();
        queued_bytes = 0;
        close_with(LWS_CLOSE_STATUS_POLICY_VIOLATION, "too slow: messages were not read");
        return;
    }
    lws_callback_on_writable(wsi);
}

void Connection::deliver(const Payload& message) {
    // A broadcast (from the inbox or a timer, outside libwebsockets' callbacks) to a connection with nothing
    // queued goes out at once: one send instead of a round through the event loop per viewer. Anything else
    // keeps its order behind the queue.
    if (!closing && queue.empty() && gateway->in_lws_callback == 0 && !lws_send_pipe_choked(wsi)) {
        if (!gateway->write_frame(this, *message, LWS_WRITE_TEXT)) close_with(LWS_CLOSE_STATUS_UNEXPECTED_CONDITION, "write failed");
        return;
    }
    enqueue(message);
}

void Connection::close_with(lws_close_status status, std::string reason) {
    if (closing) return;
    closing = true;
    close_status = status;
    close_reason = std::move(reason);
    lws_callback_on_writable(wsi);  // the close goes out from the writable callback
}

int Gateway::State::write_next(Connection* c) {
    if (c->closing) {
        // The close frame is written here rather than left to lws_close_reason, which (lws 4.1 on a foreign
        // libuv loop) drops the connection without it: the client should learn why it was closed.
        const auto code = static_cast<unsigned>(c->close_status);
        std::string payload{static_cast<char>(code >> 8), static_cast<char>(code & 0xFF)};
        payload += c->close_reason.substr(0, 123);  // a control frame carries at most 125 bytes
        write_frame(c, payload, kWriteClose);
        return -1;
    }
    if (c->ping_due) {
        c->ping_due = false;
        // With a payload: lws 4.1 passes an empty pong on to nobody (LWS_CALLBACK_RECEIVE_PONG never comes).
        if (!write_frame(c, "openhall", LWS_WRITE_PING)) return -1;
    }
    // As much as the socket takes now: one writable callback per message would not keep up with a burst.
    while (!c->queue.empty()) {
        const Payload message = c->queue.front();
        c->queue.pop_front();
        c->queued_bytes -= message->size();
        if (!write_frame(c, *message, LWS_WRITE_TEXT)) return -1;
        // Asking the socket costs a poll(): only when there is more to write.
        if (!c->queue.empty() && lws_send_pipe_choked(c->wsi)) break;
    }
    if (!c->queue.empty()) lws_callback_on_writable(c->wsi);
    return 0;
}

bool Gateway::State::write_frame(Connection* c, const std::string& payload, lws_write_protocol kind) {
    write_buffer.resize(LWS_PRE + payload.size());
    std::memcpy(write_buffer.data() + LWS_PRE, payload.data(), payload.size());
    // A short write is kept by libwebsockets and sent on by itself; less than the size is a failure.
    return lws_write(c->wsi, write_buffer.data() + LWS_PRE, payload.size(), kind) >= static_cast<int>(payload.size());
}

}  // namespace openhall::gateway
