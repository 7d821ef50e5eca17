// Size and shape rules for every event and agenda field; each failure names the field.
#pragma once

#include "openhall/core/base/result.hpp"
#include "openhall/core/events/event.hpp"

namespace openhall::core {

namespace limits {
inline constexpr std::size_t kTitleMax = 200;
inline constexpr std::size_t kDescriptionMax = 5000;
inline constexpr std::size_t kVenueMax = 200;
inline constexpr std::size_t kReportingUnitMax = 100;
inline constexpr std::size_t kSummaryMax = 4000;
inline constexpr std::int64_t kCapacityMax = 100000;
inline constexpr auto kLongestEvent = std::chrono::days{14};
}  // namespace limits

Status validate_event_draft(const EventDraft& draft);

// Validates the patch against the event it changes (start and end are checked as they will be after it).
Status validate_event_patch(const Event& current, const EventPatch& patch);

Status validate_agenda_item(const AgendaItemInput& input);
Status validate_agenda_patch(const AgendaItemPatch& patch);

}  // namespace openhall::core
