#include "openhall/core/events/event_lifecycle.hpp"

#include <fmt/format.h>

namespace openhall::core {

bool is_legal_transition(EventStatus from, EventStatus to) {
    for (const auto& t : kEventTransitions)
        if (t.from == from && t.to == to) return true;
    return false;
}

Status check_transition(EventStatus from, EventStatus to) {
    if (is_legal_transition(from, to)) return Ok{};
    return make_error(ErrorCode::IllegalTransition,
                      fmt::format("an event that is {} cannot become {}", wire_name(from), wire_name(to)));
}

std::vector<EventStatus> next_statuses(EventStatus from) {
    std::vector<EventStatus> out;
    for (const auto& t : kEventTransitions)
        if (t.from == from) out.push_back(t.to);
    return out;
}

bool is_editable(EventStatus status) {
    return status != EventStatus::Archived && status != EventStatus::Cancelled;
}

bool is_public(EventStatus status) { return status != EventStatus::Draft; }

}  // namespace openhall::core
