// Storage of events and their agenda items; returns values, never live rows.
#pragma once

#include <map>
#include <optional>
#include <vector>

#include "openhall/core/events/event.hpp"
#include "openhall/core/store/database.hpp"

namespace openhall::core {

struct EventFilter {
    std::optional<EventKind> kind;
    std::optional<EventStatus> status;
    std::optional<Timestamp> from;  // events that end at or after this instant
    std::optional<Timestamp> to;    // events that start before this instant
    bool include_drafts = false;
};

class EventRepository {
public:
    explicit EventRepository(Database& db) : db_(db) {}

    std::optional<Event> find(EventId id);
    std::vector<Event> list(const EventFilter& filter);
    EventId insert(const EventDraft& draft, Timestamp now);
    void update_fields(const Event& event, Timestamp now);
    void set_status(EventId id, EventStatus status, Timestamp now);
    std::optional<Timestamp> status_changed_at(EventId id);
    std::map<EventStatus, std::int64_t> count_by_status();

    AgendaItem insert_agenda_item(EventId event, const AgendaItemInput& input);
    std::optional<AgendaItem> find_agenda_item(EventId event, AgendaItemId item);
    void update_agenda_item(const AgendaItem& item);
    void delete_agenda_item(EventId event, AgendaItemId item);

private:
    std::vector<AgendaItem> agenda_of(EventId id);
    Database& db_;
};

}  // namespace openhall::core
