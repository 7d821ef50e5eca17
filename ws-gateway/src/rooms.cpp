// Rooms: an event's room is loaded from the bus's snapshot for its first viewer (and forgotten after the last,
// in connection.cpp), and each update from the bus reaches the room of its event.
#include "gateway_state.hpp"

namespace openhall::gateway {

EventRoom* Gateway::State::room_for(core::EventId event) {
    if (auto it = rooms.find(event.value); it != rooms.end()) return it->second.get();
    auto snapshot = bus.snapshot(event);
    if (!snapshot) return nullptr;  // drafts are not public
    auto room = std::make_unique<EventRoom>(event, *snapshot, offset_at, settings.room);
    return rooms.emplace(event.value, std::move(room)).first->second.get();
}

void Gateway::State::apply(const core::RoomUpdate& update) {
    if (auto it = rooms.find(update.event.value); it != rooms.end()) it->second->apply(update);
}

}  // namespace openhall::gateway
