// The event lifecycle as one table of legal transitions, checked by one function.
#pragma once

#include <vector>

#include "openhall/core/base/result.hpp"
#include "openhall/core/events/event.hpp"

namespace openhall::core {

struct EventTransition {
    EventStatus from;
    EventStatus to;
};

// draft → scheduled → live → ended → archived; postponed and cancelled before live.
inline constexpr EventTransition kEventTransitions[] = {
    {EventStatus::Draft, EventStatus::Scheduled},     {EventStatus::Draft, EventStatus::Cancelled},
    {EventStatus::Scheduled, EventStatus::Live},      {EventStatus::Scheduled, EventStatus::Postponed},
    {EventStatus::Scheduled, EventStatus::Cancelled}, {EventStatus::Postponed, EventStatus::Scheduled},
    {EventStatus::Postponed, EventStatus::Cancelled}, {EventStatus::Live, EventStatus::Ended},
    {EventStatus::Ended, EventStatus::Archived},
};

bool is_legal_transition(EventStatus from, EventStatus to);

// Ok, or IllegalTransition with a message that names the current state.
Status check_transition(EventStatus from, EventStatus to);

std::vector<EventStatus> next_statuses(EventStatus from);

// Archived and cancelled events are a closed record: their fields and agenda no longer change.
bool is_editable(EventStatus status);

// Events the public may see: everything but drafts.
bool is_public(EventStatus status);

}  // namespace openhall::core
