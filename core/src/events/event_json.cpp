#include "openhall/core/events/event_json.hpp"

namespace openhall::core {

nlohmann::json to_json(const AgendaItem& item) {
    return {{"id", item.id.value},         {"event_id", item.event_id.value},
            {"position", item.position},   {"title", item.title},
            {"reporting_unit", item.reporting_unit}, {"summary", item.summary}};
}

nlohmann::json to_json(const Event& e, const UtcOffsetAt& offset_at) {
    auto time = [&](Timestamp t) { return format_rfc3339(t, offset_at ? offset_at(t) : std::chrono::seconds{0}); };
    auto agenda = nlohmann::json::array();
    for (const auto& item : e.agenda) agenda.push_back(to_json(item));
    return {{"id", e.id.value},
            {"kind", wire_name(e.kind)},
            {"title", e.title},
            {"description", e.description},
            {"venue", e.venue},
            {"starts_at", time(e.starts_at)},
            {"ends_at", time(e.ends_at)},
            {"capacity", e.capacity ? nlohmann::json(*e.capacity) : nlohmann::json()},
            {"status", wire_name(e.status)},
            {"agenda", agenda}};
}

}  // namespace openhall::core
