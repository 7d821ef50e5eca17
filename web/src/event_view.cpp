#include "openhall/web/event_view.hpp"

#include <cmath>

#include <fmt/format.h>

#include "openhall/core/events/event_json.hpp"
#include "openhall/core/events/event_lifecycle.hpp"
#include "openhall/web/path_ids.hpp"

namespace openhall::web {

using core::ErrorCode;
using core::make_error;

nlohmann::json event_view(const core::Event& event, const core::UtcOffsetAt& offset_at, nlohmann::json stream,
                          const std::vector<core::Chapter>& chapters) {
    auto json = core::to_json(event, offset_at);
    json["stream"] = std::move(stream);
    auto marks = nlohmann::json::array();
    for (const auto& c : chapters) {
        const auto at = std::chrono::floor<std::chrono::seconds>(c.marked_at);
        marks.push_back({{"agenda_item_id", c.agenda_item.value},
                         {"title", c.title},
                         {"at", core::format_rfc3339(at, offset_at ? offset_at(at) : std::chrono::seconds{0})},
                         {"offset_s", c.offset_s ? nlohmann::json(std::round(*c.offset_s * 10) / 10) : nlohmann::json()}});
    }
    json["chapters"] = marks;
    json["url"] = fmt::format("/events/{}", event.id.value);
    json["calendar_url"] = fmt::format("/api/v1/events/{}/calendar.ics", event.id.value);
    auto next = nlohmann::json::array();
    for (auto s : core::next_statuses(event.status)) next.push_back(core::wire_name(s));
    json["next_statuses"] = next;
    return json;
}

core::Result<core::EventId> event_id_param(const Request& request) {
    return id_param<core::EventId>(request, "id", "event");
}

core::Result<core::EventFilter> event_filter_from(const Request& request) {
    core::EventFilter filter;
    if (auto kind = request.query_value("kind"); kind && !kind->empty()) {
        filter.kind = core::parse_event_kind(*kind);
        if (!filter.kind)
            return make_error(ErrorCode::InvalidInput,
                              "kind must be one of open_day, press_conference, hearing, standing_meeting, interview");
    }
    if (auto status = request.query_value("status"); status && !status->empty()) {
        filter.status = core::parse_event_status(*status);
        if (!filter.status)
            return make_error(ErrorCode::InvalidInput,
                              "status must be one of draft, scheduled, live, ended, archived, postponed, cancelled");
    }
    for (auto [name, slot] : {std::pair{"from", &filter.from}, std::pair{"to", &filter.to}}) {
        if (auto text = request.query_value(name); text && !text->empty()) {
            *slot = core::parse_rfc3339(*text);
            if (!*slot)
                return make_error(ErrorCode::InvalidInput,
                                  fmt::format("{} must be an RFC 3339 time such as 2026-12-01T00:00:00+08:00", name));
        }
    }
    return filter;
}

}  // namespace openhall::web
