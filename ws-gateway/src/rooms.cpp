// Rooms: an event's room is loaded from the bus's snapshot for its first viewer (and forgotten after the last,
// in connection.cpp), and each update from the bus reaches the room of its event.
#include "gateway_state.hpp"

#include <spdlog/spdlog.h>

namespace openhall::gateway {

EventRoom* Gateway::State::room_for(core::EventId event) {
    if (auto it = rooms.find(event.value); it != rooms.end()) return it->second.get();
    auto snapshot = bus.snapshot(event);
    if (!snapshot) return nullptr;  // drafts are not public
    auto room = std::make_unique<EventRoom>(event, *snapshot, offset_at, settings.room);
    return rooms.emplace(event.value, std::move(room)).first->second.get();
}

void Gateway::State::apply(const core::RoomUpdate& update) {
    auto it = rooms.find(update.event.value);
    if (it == rooms.end()) return;
    auto& room = *it->second;
    if (update.seq > room.seq() + 1) {
        // A number this room never got (the server restarted, or an update was lost on the way): whatever it
        // missed is in a snapshot taken now, which also holds this update.
        try {
            if (auto snapshot = bus.snapshot(update.event)) return room.reload(*snapshot);
        } catch (const std::exception& e) {
            spdlog::warn("gateway: event {} missed updates and cannot reload yet: {}", update.event.value, e.what());
        }
    }
    room.apply(update);
}

}  // namespace openhall::gateway
