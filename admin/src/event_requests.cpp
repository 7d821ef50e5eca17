#include "openhall/admin/event_requests.hpp"

#include "openhall/web/json_body.hpp"

namespace openhall::admin {

using core::ErrorCode;
using core::make_error;
using web::read_integer;
using web::read_nullable_integer;
using web::read_string;
using web::read_time;

// Copies a successfully read field into `target`, or returns the read's error from the enclosing function.
#define OPENHALL_READ_INTO(target, expr)     \
    do {                                     \
        auto read_result = (expr);           \
        if (!read_result) return read_result.error(); \
        target = std::move(*read_result);    \
    } while (0)

core::Result<core::EventDraft> event_draft_from(const nlohmann::json& body) {
    if (auto s = web::reject_unknown_fields(body, {"kind", "title", "description", "venue", "starts_at", "ends_at",
                                                   "capacity"});
        !s)
        return s.error();
    core::EventDraft draft;
    std::optional<std::string> kind, title, description, venue;
    std::optional<core::Timestamp> starts_at, ends_at;
    OPENHALL_READ_INTO(kind, read_string(body, "kind", true));
    OPENHALL_READ_INTO(title, read_string(body, "title", true));
    OPENHALL_READ_INTO(description, read_string(body, "description", false));
    OPENHALL_READ_INTO(venue, read_string(body, "venue", false));
    OPENHALL_READ_INTO(starts_at, read_time(body, "starts_at", true));
    OPENHALL_READ_INTO(ends_at, read_time(body, "ends_at", true));
    OPENHALL_READ_INTO(draft.capacity, read_integer(body, "capacity", false));
    auto parsed_kind = core::parse_event_kind(*kind);
    if (!parsed_kind)
        return make_error(ErrorCode::InvalidInput,
                          "kind must be one of open_day, press_conference, hearing, standing_meeting, interview");
    draft.kind = *parsed_kind;
    draft.title = *title;
    draft.description = description.value_or("");
    draft.venue = venue.value_or("");
    draft.starts_at = *starts_at;
    draft.ends_at = *ends_at;
    return draft;
}

core::Result<core::EventPatch> event_patch_from(const nlohmann::json& body) {
    if (body.contains("status"))
        return make_error(ErrorCode::InvalidInput, "change the status with POST /api/v1/events/{id}/status");
    if (body.contains("kind")) return make_error(ErrorCode::InvalidInput, "the kind of an event cannot change");
    if (auto s = web::reject_unknown_fields(body, {"title", "description", "venue", "starts_at", "ends_at", "capacity"});
        !s)
        return s.error();
    core::EventPatch patch;
    OPENHALL_READ_INTO(patch.title, read_string(body, "title", false));
    OPENHALL_READ_INTO(patch.description, read_string(body, "description", false));
    OPENHALL_READ_INTO(patch.venue, read_string(body, "venue", false));
    OPENHALL_READ_INTO(patch.starts_at, read_time(body, "starts_at", false));
    OPENHALL_READ_INTO(patch.ends_at, read_time(body, "ends_at", false));
    OPENHALL_READ_INTO(patch.capacity, read_nullable_integer(body, "capacity"));
    return patch;
}

core::Result<core::AgendaItemInput> agenda_item_from(const nlohmann::json& body) {
    if (auto s = web::reject_unknown_fields(body, {"title", "reporting_unit", "summary"}); !s) return s.error();
    std::optional<std::string> title, unit, summary;
    OPENHALL_READ_INTO(title, read_string(body, "title", true));
    OPENHALL_READ_INTO(unit, read_string(body, "reporting_unit", false));
    OPENHALL_READ_INTO(summary, read_string(body, "summary", false));
    return core::AgendaItemInput{*title, unit.value_or(""), summary.value_or("")};
}

core::Result<core::AgendaItemPatch> agenda_patch_from(const nlohmann::json& body) {
    if (auto s = web::reject_unknown_fields(body, {"title", "reporting_unit", "summary", "position"}); !s)
        return s.error();
    core::AgendaItemPatch patch;
    std::optional<std::int64_t> position;
    OPENHALL_READ_INTO(patch.title, read_string(body, "title", false));
    OPENHALL_READ_INTO(patch.reporting_unit, read_string(body, "reporting_unit", false));
    OPENHALL_READ_INTO(patch.summary, read_string(body, "summary", false));
    OPENHALL_READ_INTO(position, read_integer(body, "position", false));
    if (position) {
        if (*position < 1 || *position > 10000)
            return make_error(ErrorCode::InvalidInput, "position must be between 1 and 10000");
        patch.position = static_cast<int>(*position);
    }
    return patch;
}

#undef OPENHALL_READ_INTO

}  // namespace openhall::admin
