#include "openhall/core/events/event_service.hpp"

#include <SQLiteCpp/Transaction.h>
#include <fmt/format.h>

#include "openhall/core/events/event_json.hpp"
#include "openhall/core/events/event_lifecycle.hpp"
#include "openhall/core/events/event_validation.hpp"

namespace openhall::core {
namespace {

Error no_such_event(EventId id) { return make_error(ErrorCode::NotFound, fmt::format("event {} does not exist", id.value)); }

Error no_such_item(AgendaItemId id) {
    return make_error(ErrorCode::NotFound, fmt::format("agenda item {} does not exist in this event", id.value));
}

}  // namespace

Result<Event> EventService::create(const Actor& actor, const EventDraft& draft) {
    if (auto s = validate_event_draft(draft); !s) return s.error();
    SQLite::Transaction tx(db_.handle());
    const auto id = events_.insert(draft, clock_.now());
    auto created = *events_.find(id);
    audit_.record(clock_.now(), actor, "event.create", "event", id.value, nullptr, to_json(created));
    tx.commit();
    return created;
}

Result<Event> EventService::editable_event(EventId id) {
    auto event = events_.find(id);
    if (!event) return no_such_event(id);
    if (!is_editable(event->status))
        return make_error(ErrorCode::EventLocked,
                          fmt::format("the event is {} and can no longer be changed", wire_name(event->status)));
    return *event;
}

Result<Event> EventService::update(const Actor& actor, EventId id, const EventPatch& patch) {
    auto current = editable_event(id);
    if (!current) return current.error();
    if (auto s = validate_event_patch(*current, patch); !s) return s.error();
    Event changed = *current;
    if (patch.title) changed.title = *patch.title;
    if (patch.description) changed.description = *patch.description;
    if (patch.venue) changed.venue = *patch.venue;
    if (patch.starts_at) changed.starts_at = *patch.starts_at;
    if (patch.ends_at) changed.ends_at = *patch.ends_at;
    if (patch.capacity) changed.capacity = *patch.capacity;
    if (changed == *current) return changed;
    SQLite::Transaction tx(db_.handle());
    events_.update_fields(changed, clock_.now());
    audit_.record(clock_.now(), actor, "event.update", "event", id.value, to_json(*current), to_json(changed));
    tx.commit();
    for (auto* observer : observers_) observer->on_details_changed(*current, changed);
    return changed;
}

Result<Event> EventService::change_status(const Actor& actor, EventId id, EventStatus to) {
    auto current = events_.find(id);
    if (!current) return no_such_event(id);
    if (auto s = check_transition(current->status, to); !s) return s.error();
    Event changed = *current;
    changed.status = to;
    SQLite::Transaction tx(db_.handle());
    events_.set_status(id, to, clock_.now());
    audit_.record(clock_.now(), actor, "event.status", "event", id.value, {{"status", wire_name(current->status)}},
                  {{"status", wire_name(to)}});
    tx.commit();
    for (auto* observer : observers_) observer->on_status_changed(changed, current->status);
    return changed;
}

Result<AgendaItem> EventService::add_agenda_item(const Actor& actor, EventId id, const AgendaItemInput& input) {
    auto event = editable_event(id);
    if (!event) return event.error();
    if (auto s = validate_agenda_item(input); !s) return s.error();
    SQLite::Transaction tx(db_.handle());
    auto item = events_.insert_agenda_item(id, input);
    audit_.record(clock_.now(), actor, "agenda_item.create", "event", id.value, nullptr, to_json(item));
    tx.commit();
    return item;
}

Result<AgendaItem> EventService::update_agenda_item(const Actor& actor, EventId id, AgendaItemId item_id,
                                                    const AgendaItemPatch& patch) {
    auto event = editable_event(id);
    if (!event) return event.error();
    auto current = events_.find_agenda_item(id, item_id);
    if (!current) return no_such_item(item_id);
    if (auto s = validate_agenda_patch(patch); !s) return s.error();
    AgendaItem changed = *current;
    if (patch.title) changed.title = *patch.title;
    if (patch.reporting_unit) changed.reporting_unit = *patch.reporting_unit;
    if (patch.summary) changed.summary = *patch.summary;
    if (patch.position) changed.position = *patch.position;
    SQLite::Transaction tx(db_.handle());
    events_.update_agenda_item(changed);
    auto stored = *events_.find_agenda_item(id, item_id);
    audit_.record(clock_.now(), actor, "agenda_item.update", "event", id.value, to_json(*current),
                  to_json(stored));
    tx.commit();
    return stored;
}

Status EventService::remove_agenda_item(const Actor& actor, EventId id, AgendaItemId item_id) {
    auto event = editable_event(id);
    if (!event) return event.error();
    auto current = events_.find_agenda_item(id, item_id);
    if (!current) return no_such_item(item_id);
    SQLite::Transaction tx(db_.handle());
    events_.delete_agenda_item(id, item_id);
    audit_.record(clock_.now(), actor, "agenda_item.delete", "event", id.value, to_json(*current), nullptr);
    tx.commit();
    return Ok{};
}

}  // namespace openhall::core

namespace openhall::core {

Result<StreamConfig> EventService::configure_stream(const Actor& actor, EventId id, StreamSourceKind kind,
                                                    std::string_view url, PortRange srt_ports,
                                                    std::optional<bool> interpreter) {
    auto event = events_.find(id);
    if (!event) return no_such_event(id);
    const auto s = event->status;
    if (s != EventStatus::Draft && s != EventStatus::Scheduled && s != EventStatus::Postponed)
        return make_error(ErrorCode::EventLocked,
                          fmt::format("the event is {}; its source can only change before it goes live", wire_name(s)));
    if (auto valid = validate_stream_source(kind, url); !valid) return valid.error();
    SQLite::Transaction tx(db_.handle());
    StreamConfigRepository streams(db_);
    auto before = streams.find(id);
    auto config = streams.put(id, kind, url, srt_ports, clock_.now(), interpreter);
    if (!config) return config.error();
    auto describe = [](const std::optional<StreamConfig>& c) -> nlohmann::json {
        if (!c) return nullptr;
        const auto port = [](std::optional<int> p) { return p ? nlohmann::json(*p) : nlohmann::json(); };
        return {{"source", wire_name(c->kind)}, {"url", c->url}, {"srt_port", port(c->srt_port)},
                {"interpreter_port", port(c->interpreter_port)}};
    };
    audit_.record(clock_.now(), actor, "event.stream", "event", id.value, describe(before), describe(*config));
    tx.commit();
    return config;
}

}  // namespace openhall::core

namespace openhall::core {

Result<Chapter> EventService::mark_agenda_item(const Actor& actor, EventId id, AgendaItemId item_id) {
    auto event = events_.find(id);
    if (!event) return no_such_event(id);
    if (event->status != EventStatus::Live)
        return make_error(ErrorCode::EventLocked,
                          fmt::format("the event is {}; agenda items are marked while it is live", wire_name(event->status)));
    auto item = events_.find_agenda_item(id, item_id);
    if (!item) return no_such_item(item_id);
    const auto at = std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
    SQLite::Transaction tx(db_.handle());
    AgendaMarkRepository(db_).insert(id, item_id, at, actor.name);
    audit_.record(clock_.now(), actor, "agenda_item.mark", "event", id.value, nullptr,
                  {{"agenda_item_id", item_id.value}, {"title", item->title}});
    tx.commit();
    auto all = chapters(id);
    return all.back();
}

std::vector<Chapter> EventService::chapters(EventId id) {
    return AgendaMarkRepository(db_).chapters(id, MediaSegmentRepository(db_).list(id));
}

}  // namespace openhall::core
