// Rooms: a connection joins its event's room (loaded from the store for the first viewer, forgotten after the
// last), and a changed question reaches the room that shows it.
#include "gateway_state.hpp"

#include <sys/socket.h>

#include "openhall/core/events/event_repository.hpp"
#include "openhall/core/live_questions/question_repository.hpp"

namespace openhall::gateway {

EventRoom* Gateway::State::room_for(core::EventId event) {
    if (auto it = rooms.find(event.value); it != rooms.end()) return it->second.get();
    core::EventRepository events(*db);
    auto e = events.find(event);
    if (!e || e->status == core::EventStatus::Draft) return nullptr;  // drafts are not public
    const auto changed_at = events.status_changed_at(event).value_or(clock->now());
    core::QuestionRepository questions(*db);
    const auto first_seq = std::chrono::duration_cast<std::chrono::microseconds>(
                               std::chrono::system_clock::now().time_since_epoch()).count();
    auto room = std::make_unique<EventRoom>(event, e->status, changed_at, questions.list(event), questions.votes_of(event),
                                            offset_at, settings.room, static_cast<std::uint64_t>(first_seq));
    return rooms.emplace(event.value, std::move(room)).first->second.get();
}

void Gateway::State::open(Connection* c) {
    c->id = next_connection++;
    connections[c->id] = c;
    ++connection_count;
    if (c->handshake.session_token) {
        c->staff = auth->authenticate(*c->handshake.session_token);
        if (c->is_staff()) ++staff_count;
    }
    // The socket's own buffer is kept small: memory per viewer stays small, and a stalled reader shows up in
    // its queue instead of in the kernel.
    const int buffer = settings.socket_send_buffer;
    setsockopt(lws_get_socket_fd(c->wsi), SOL_SOCKET, SO_SNDBUF, &buffer, sizeof buffer);
    c->room = room_for(c->handshake.event);
    if (!c->room) {
        c->close_with(LWS_CLOSE_STATUS_POLICY_VIOLATION, "no such event");
        return;
    }
    c->room->join(c, c->handshake.since);
}

void Gateway::State::close(Connection* c) {
    if (c->room) {
        c->room->leave(c);
        // A room with nobody in it is forgotten; the next viewer reloads it from the store.
        if (c->room->empty()) rooms.erase(c->room->event().value);
    }
    if (c->is_staff()) --staff_count;
    --connection_count;
    connections.erase(c->id);
    delete c;
}

void Gateway::State::changed(const core::Question& q) {
    if (auto it = rooms.find(q.event_id.value); it != rooms.end()) it->second->question_changed(q);
}

}  // namespace openhall::gateway
