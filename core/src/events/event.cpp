#include "openhall/core/events/event.hpp"

#include <utility>

#include "openhall/core/base/wire_names.hpp"

namespace openhall::core {
namespace {

// The wire names, in one place for each enum.
constexpr std::pair<EventKind, std::string_view> kKindNames[] = {
    {EventKind::OpenDay, "open_day"},
    {EventKind::PressConference, "press_conference"},
    {EventKind::Hearing, "hearing"},
    {EventKind::StandingMeeting, "standing_meeting"},
    {EventKind::Interview, "interview"},
};

constexpr std::pair<EventStatus, std::string_view> kStatusNames[] = {
    {EventStatus::Draft, "draft"},         {EventStatus::Scheduled, "scheduled"},
    {EventStatus::Live, "live"},           {EventStatus::Ended, "ended"},
    {EventStatus::Archived, "archived"},   {EventStatus::Postponed, "postponed"},
    {EventStatus::Cancelled, "cancelled"},
};

}  // namespace

std::string_view wire_name(EventKind kind) { return name_in(kKindNames, kind); }
std::string_view wire_name(EventStatus status) { return name_in(kStatusNames, status); }
std::optional<EventKind> parse_event_kind(std::string_view name) { return value_in(kKindNames, name); }
std::optional<EventStatus> parse_event_status(std::string_view name) { return value_in(kStatusNames, name); }

}  // namespace openhall::core
