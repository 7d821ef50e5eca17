#include "openhall/core/events/event_repository.hpp"

#include <algorithm>

#include "openhall/core/store/stored_time.hpp"

namespace openhall::core {
namespace {

constexpr const char* kEventColumns = "id, kind, title, description, venue, starts_at, ends_at, capacity, status";

Event event_from(PreparedStatement& st) {
    Event e;
    e.id = EventId{st.getColumn(0).getInt64()};
    e.kind = parse_event_kind(st.getColumn(1).getString()).value_or(EventKind::OpenDay);
    e.title = st.getColumn(2).getString();
    e.description = st.getColumn(3).getString();
    e.venue = st.getColumn(4).getString();
    e.starts_at = timestamp_of(st.getColumn(5));
    e.ends_at = timestamp_of(st.getColumn(6));
    if (!st.getColumn(7).isNull()) e.capacity = st.getColumn(7).getInt64();
    e.status = parse_event_status(st.getColumn(8).getString()).value_or(EventStatus::Draft);
    return e;
}

void bind_optional(PreparedStatement& st, int index, const std::optional<std::int64_t>& value) {
    if (value)
        st.bind(index, *value);
    else
        st.bind(index);
}

}  // namespace

std::optional<Event> EventRepository::find(EventId id) {
    static const std::string sql = std::string("SELECT ") + kEventColumns + " FROM events WHERE id = ?";
    auto st = db_.prepare(sql.c_str());
    st.bind(1, id.value);
    if (!st.executeStep()) return std::nullopt;
    auto event = event_from(st);
    event.agenda = agenda_of(event.id);
    return event;
}

std::vector<Event> EventRepository::list(const EventFilter& f) {
    static const std::string sql = std::string("SELECT ") + kEventColumns +
                                   " FROM events WHERE (?1 IS NULL OR kind = ?1) AND (?2 IS NULL OR status = ?2)"
                                   " AND (?3 IS NULL OR ends_at >= ?3) AND (?4 IS NULL OR starts_at < ?4)"
                                   " AND (?5 = 1 OR status <> 'draft') ORDER BY starts_at, id";
    auto st = db_.prepare(sql.c_str());
    if (f.kind) st.bind(1, std::string(wire_name(*f.kind)));
    if (f.status) st.bind(2, std::string(wire_name(*f.status)));
    if (f.from) st.bind(3, seconds_of(*f.from));
    if (f.to) st.bind(4, seconds_of(*f.to));
    st.bind(5, f.include_drafts ? 1 : 0);
    std::vector<Event> events;
    while (st.executeStep()) events.push_back(event_from(st));
    for (auto& e : events) e.agenda = agenda_of(e.id);
    return events;
}

EventId EventRepository::insert(const EventDraft& d, Timestamp now) {
    auto st = db_.prepare(
        "INSERT INTO events(kind, title, description, venue, starts_at, ends_at, capacity, status, created_at,"
        " updated_at, status_changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'draft', ?9, ?9, ?9)");
    st.bind(1, std::string(wire_name(d.kind)));
    st.bind(2, d.title);
    st.bind(3, d.description);
    st.bind(4, d.venue);
    st.bind(5, seconds_of(d.starts_at));
    st.bind(6, seconds_of(d.ends_at));
    bind_optional(st, 7, d.capacity);
    st.bind(9, seconds_of(now));
    st.exec();
    return EventId{db_.handle().getLastInsertRowid()};
}

void EventRepository::update_fields(const Event& e, Timestamp now) {
    auto st = db_.prepare(
        "UPDATE events SET title = ?, description = ?, venue = ?, starts_at = ?, ends_at = ?, capacity = ?,"
        " updated_at = ? WHERE id = ?");
    st.bind(1, e.title);
    st.bind(2, e.description);
    st.bind(3, e.venue);
    st.bind(4, seconds_of(e.starts_at));
    st.bind(5, seconds_of(e.ends_at));
    bind_optional(st, 6, e.capacity);
    st.bind(7, seconds_of(now));
    st.bind(8, e.id.value);
    st.exec();
}

std::optional<Timestamp> EventRepository::status_changed_at(EventId id) {
    auto st = db_.prepare("SELECT status_changed_at FROM events WHERE id = ?");
    st.bind(1, id.value);
    if (!st.executeStep() || st.getColumn(0).isNull()) return std::nullopt;
    return Timestamp{std::chrono::seconds{st.getColumn(0).getInt64()}};
}

void EventRepository::set_status(EventId id, EventStatus status, Timestamp now) {
    auto st = db_.prepare("UPDATE events SET status = ?1, updated_at = ?2, status_changed_at = ?2 WHERE id = ?3");
    st.bind(1, std::string(wire_name(status)));
    st.bind(2, seconds_of(now));
    st.bind(3, id.value);
    st.exec();
}

std::map<EventStatus, std::int64_t> EventRepository::count_by_status() {
    std::map<EventStatus, std::int64_t> counts;
    for (auto s : kAllEventStatuses) counts[s] = 0;
    auto st = db_.prepare("SELECT status, COUNT(*) FROM events GROUP BY status");
    while (st.executeStep())
        if (auto s = parse_event_status(st.getColumn(0).getString())) counts[*s] = st.getColumn(1).getInt64();
    return counts;
}

std::vector<AgendaItem> EventRepository::agenda_of(EventId id) {
    auto st = db_.prepare(
        "SELECT id, event_id, position, title, reporting_unit, summary FROM agenda_items WHERE event_id = ?"
        " ORDER BY position, id");
    st.bind(1, id.value);
    std::vector<AgendaItem> items;
    while (st.executeStep()) {
        items.push_back(AgendaItem{AgendaItemId{st.getColumn(0).getInt64()}, EventId{st.getColumn(1).getInt64()},
                                   st.getColumn(2).getInt(), st.getColumn(3).getString(), st.getColumn(4).getString(),
                                   st.getColumn(5).getString()});
    }
    return items;
}

AgendaItem EventRepository::insert_agenda_item(EventId event, const AgendaItemInput& in) {
    auto st = db_.prepare(
        "INSERT INTO agenda_items(event_id, position, title, reporting_unit, summary)"
        " VALUES (?1, (SELECT COALESCE(MAX(position), 0) + 1 FROM agenda_items WHERE event_id = ?1), ?2, ?3, ?4)");
    st.bind(1, event.value);
    st.bind(2, in.title);
    st.bind(3, in.reporting_unit);
    st.bind(4, in.summary);
    st.exec();
    return *find_agenda_item(event, AgendaItemId{db_.handle().getLastInsertRowid()});
}

std::optional<AgendaItem> EventRepository::find_agenda_item(EventId event, AgendaItemId item) {
    for (auto& a : agenda_of(event))
        if (a.id == item) return a;
    return std::nullopt;
}

void EventRepository::update_agenda_item(const AgendaItem& item) {
    // Renumber the whole agenda so positions stay 1..n with the item at its requested place.
    auto items = agenda_of(item.event_id);
    std::erase_if(items, [&](const AgendaItem& a) { return a.id == item.id; });
    const auto index = std::clamp<std::size_t>(static_cast<std::size_t>(std::max(item.position, 1)) - 1, 0, items.size());
    items.insert(items.begin() + static_cast<std::ptrdiff_t>(index), item);
    auto st = db_.prepare(
        "UPDATE agenda_items SET position = ?, title = ?, reporting_unit = ?, summary = ? WHERE id = ?");
    for (std::size_t i = 0; i < items.size(); ++i) {
        st.reset();
        st.bind(1, static_cast<int>(i + 1));
        st.bind(2, items[i].title);
        st.bind(3, items[i].reporting_unit);
        st.bind(4, items[i].summary);
        st.bind(5, items[i].id.value);
        st.exec();
    }
}

void EventRepository::delete_agenda_item(EventId event, AgendaItemId item) {
    auto st = db_.prepare("DELETE FROM agenda_items WHERE event_id = ? AND id = ?");
    st.bind(1, event.value);
    st.bind(2, item.value);
    st.exec();
    auto renumber = db_.prepare(
        "UPDATE agenda_items SET position = (SELECT COUNT(*) FROM agenda_items b WHERE b.event_id = agenda_items.event_id"
        " AND (b.position < agenda_items.position OR (b.position = agenda_items.position AND b.id <= agenda_items.id)))"
        " WHERE event_id = ?");
    renumber.bind(1, event.value);
    renumber.exec();
}

}  // namespace openhall::core
