// Events and agenda items: the value types, the five kinds and the lifecycle states with their wire names.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "openhall/core/base/ids.hpp"
#include "openhall/core/base/time.hpp"

namespace openhall::core {

enum class EventKind { OpenDay, PressConference, Hearing, StandingMeeting, Interview };

enum class EventStatus { Draft, Scheduled, Live, Ended, Archived, Postponed, Cancelled };

std::string_view wire_name(EventKind kind);
std::string_view wire_name(EventStatus status);
std::optional<EventKind> parse_event_kind(std::string_view name);
std::optional<EventStatus> parse_event_status(std::string_view name);

inline constexpr EventKind kAllEventKinds[] = {EventKind::OpenDay, EventKind::PressConference, EventKind::Hearing,
                                               EventKind::StandingMeeting, EventKind::Interview};
inline constexpr EventStatus kAllEventStatuses[] = {EventStatus::Draft,     EventStatus::Scheduled,
                                                    EventStatus::Live,      EventStatus::Ended,
                                                    EventStatus::Archived,  EventStatus::Postponed,
                                                    EventStatus::Cancelled};

struct AgendaItem {
    AgendaItemId id;
    EventId event_id;
    int position = 0;
    std::string title;
    std::string reporting_unit;
    std::string summary;
    bool operator==(const AgendaItem&) const = default;
};

struct Event {
    EventId id;
    EventKind kind = EventKind::OpenDay;
    std::string title;
    std::string description;
    std::string venue;
    Timestamp starts_at;
    Timestamp ends_at;
    std::optional<std::int64_t> capacity;
    EventStatus status = EventStatus::Draft;
    std::vector<AgendaItem> agenda;
    bool operator==(const Event&) const = default;
};

// What a scheduler submits to create an event.
struct EventDraft {
    EventKind kind = EventKind::OpenDay;
    std::string title;
    std::string description;
    std::string venue;
    Timestamp starts_at;
    Timestamp ends_at;
    std::optional<std::int64_t> capacity;
};

// A partial update: only the fields that are set change. capacity: outer optional = "given", inner = value or null.
struct EventPatch {
    std::optional<std::string> title;
    std::optional<std::string> description;
    std::optional<std::string> venue;
    std::optional<Timestamp> starts_at;
    std::optional<Timestamp> ends_at;
    std::optional<std::optional<std::int64_t>> capacity;
};

struct AgendaItemInput {
    std::string title;
    std::string reporting_unit;
    std::string summary;
};

struct AgendaItemPatch {
    std::optional<std::string> title;
    std::optional<std::string> reporting_unit;
    std::optional<std::string> summary;
    std::optional<int> position;
};

}  // namespace openhall::core
