// Scheduling: every change to an event or its agenda is validated, stored and audited in one transaction.
#pragma once

#include "openhall/core/accounts/audit_log.hpp"
#include "openhall/core/accounts/user.hpp"
#include "openhall/core/base/result.hpp"
#include "openhall/core/events/chapters.hpp"
#include "openhall/core/events/event.hpp"
#include "openhall/core/events/event_repository.hpp"
#include "openhall/core/events/stream_config.hpp"

namespace openhall::core {

// Told after a status change has been committed (for example the streamer starts on `live`). Called on the
// thread that made the change; must not call back into the service synchronously.
class EventStatusObserver {
public:
    virtual ~EventStatusObserver() = default;
    virtual void on_status_changed(const Event& event, EventStatus from) = 0;
    // Told after an edit of the event's details (time, venue...) has been committed.
    virtual void on_details_changed(const Event& /*before*/, const Event& /*after*/) {}
};

class EventService {
public:
    EventService(Database& db, const Clock& clock) : db_(db), clock_(clock), events_(db), audit_(db) {}

    Result<Event> create(const Actor& actor, const EventDraft& draft);
    Result<Event> update(const Actor& actor, EventId id, const EventPatch& patch);
    Result<Event> change_status(const Actor& actor, EventId id, EventStatus to);

    Result<AgendaItem> add_agenda_item(const Actor& actor, EventId id, const AgendaItemInput& input);
    Result<AgendaItem> update_agenda_item(const Actor& actor, EventId id, AgendaItemId item,
                                          const AgendaItemPatch& patch);
    Status remove_agenda_item(const Actor& actor, EventId id, AgendaItemId item);

    // "Now on agenda item N": only while the event is live; the mark becomes a chapter of the recording.
    Result<Chapter> mark_agenda_item(const Actor& actor, EventId id, AgendaItemId item);
    std::vector<Chapter> chapters(EventId id);

    // Sets where the event's video comes from, and whether a sign-language interpreter's input is added (nullopt:
    // as it was); possible until the event goes live (EventLocked after). StreamConfigRepository::put's errors.
    Result<StreamConfig> configure_stream(const Actor& actor, EventId id, StreamSourceKind kind, std::string_view url,
                                          PortRange srt_ports, std::optional<bool> interpreter = std::nullopt);

    void add_observer(EventStatusObserver* observer) { observers_.push_back(observer); }

    // Read side; `include_drafts` only for staff who may see them.
    std::optional<Event> find(EventId id) { return events_.find(id); }
    std::vector<Event> list(const EventFilter& filter) { return events_.list(filter); }
    std::map<EventStatus, std::int64_t> count_by_status() { return events_.count_by_status(); }

    std::optional<StreamConfig> stream_config(EventId id) { return StreamConfigRepository(db_).find(id); }

    // The audit trail of the event and its agenda items, oldest first.
    // The event's changes and its questions' moderation.
    std::vector<AuditEntry> history(EventId id) { return audit_.for_event(id.value); }

private:
    Result<Event> editable_event(EventId id);

    Database& db_;
    const Clock& clock_;
    EventRepository events_;
    AuditLog audit_;
    std::vector<EventStatusObserver*> observers_;
};

}  // namespace openhall::core
