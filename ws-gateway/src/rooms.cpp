// Rooms: an event's room is loaded from the store for its first viewer (and forgotten after the last, in
// connection.cpp), and a changed question reaches the room that shows it.
#include "gateway_state.hpp"

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

void Gateway::State::changed(const core::Question& q) {
    if (auto it = rooms.find(q.event_id.value); it != rooms.end()) it->second->question_changed(q);
}

}  // namespace openhall::gateway
