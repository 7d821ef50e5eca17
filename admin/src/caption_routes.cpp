#include "openhall/admin/caption_routes.hpp"

#include <algorithm>
#include <chrono>
#include <climits>

#include <fmt/format.h>

#include "openhall/web/error_response.hpp"
#include "openhall/web/event_view.hpp"
#include "openhall/web/json_body.hpp"
#include "openhall/web/path_ids.hpp"
#include "openhall/web/staff_call.hpp"

namespace openhall::admin {
namespace {

using core::Permission;
using web::error_response;
using web::Request;
using web::Response;

// Milliseconds matter here (a line's place in the replay), and the Clock counts seconds: the system's time, the
// same clock the streamer stamps segments with.
core::WallMillis now_ms() {
    return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

// Where a line is on screen, for rewriting the replay's WebVTT segments around it.
std::pair<std::int64_t, std::int64_t> shown_span(const core::CaptionLine& line) {
    return {line.start_ms, std::max(line.start_ms, line.end_ms.value_or(line.start_ms))};
}

constexpr const char* kRevisionRule = "revision: the line's revision you loaded is required, a positive integer";

// The revision an editor loaded, as a body field or (DELETE has no body) ?revision=N: 1 … INT_MAX.
core::Result<int> revision_in(const core::Result<std::optional<std::int64_t>>& read) {
    if (!read) return read.error();
    if (!*read || **read <= 0 || **read > INT_MAX) return core::make_error(core::ErrorCode::InvalidInput, kRevisionRule);
    return static_cast<int>(**read);
}

// A call on one line of an event's transcript: the signed-in user with EditTranscripts, the event and line ids
// from the path (404 for one that is not a positive integer), then the body with none but `fields`.
struct LineCall {
    core::StaffUser user;
    core::EventId event;
    core::CaptionLineId line;
    nlohmann::json body;
};
core::Result<LineCall> line_call(web::StaffGate& gate, const Request& req, std::initializer_list<std::string_view> fields = {}) {
    auto user = gate.require(req, Permission::EditTranscripts);
    if (!user) return user.error();
    auto event = web::id_param<core::EventId>(req, "id", "event");
    if (!event) return event.error();
    auto line = web::id_param<core::CaptionLineId>(req, "line", "caption line");
    if (!line) return line.error();
    auto body = web::read_body(req, fields);
    if (!body) return body.error();
    return LineCall{std::move(*user), *event, *line, std::move(*body)};
}

}  // namespace

void add_caption_routes(web::Router& router, CaptionContext ctx) {
    router.add("POST", "/api/v1/events/{id}/captions", [ctx](const Request& req) mutable {
        auto call = web::staff_call<core::EventId>(ctx.gate, req, Permission::SendCaptions, "event", {"text"});
        if (!call) return error_response(call.error());
        auto text = web::read_string(call->body, "text", true);
        if (!text) return error_response(text.error());
        auto line = ctx.captions.send(core::Actor::of(call->user), call->id, **text, now_ms());
        if (!line) return error_response(line.error());
        ctx.published(*line);
        return Response::json(201, core::to_json(*line, true));
    });

    router.add("PUT", "/api/v1/events/{id}/captions/newest", [ctx](const Request& req) mutable {
        auto call = web::staff_call<core::EventId>(ctx.gate, req, Permission::SendCaptions, "event", {"text", "id"});
        if (!call) return error_response(call.error());
        auto text = web::read_string(call->body, "text", true);
        if (!text) return error_response(text.error());
        auto expected = web::read_integer(call->body, "id", false);
        if (!expected) return error_response(expected.error());
        auto correction = ctx.captions.correct_newest(core::Actor::of(call->user), call->id, **text,
                                                      *expected ? std::optional(core::CaptionLineId{**expected}) : std::nullopt);
        if (!correction) return error_response(correction.error());
        if (correction->changed) ctx.published(correction->line);
        return Response::json(200, core::to_json(correction->line, true));
    });

    router.add("PUT", "/api/v1/events/{id}/transcript", [ctx](const Request& req) mutable {
        auto user = ctx.gate.require(req, Permission::EditTranscripts);
        if (!user) return error_response(user.error());
        auto id = web::event_id_param(req);
        if (!id) return error_response(id.error());
        auto imported = ctx.captions.import_transcript(core::Actor::of(*user), *id, req.body);
        if (!imported) return error_response(imported.error());
        ctx.transcript_changed(*id, std::nullopt);
        return Response::json(200, {{"lines", *imported}});
    });

    router.add("PUT", "/api/v1/events/{id}/transcript/lines/{line}", [ctx](const Request& req) mutable {
        auto call = line_call(ctx.gate, req, {"text", "revision"});
        if (!call) return error_response(call.error());
        auto text = web::read_string(call->body, "text", true);
        if (!text) return error_response(text.error());
        auto revision = revision_in(web::read_integer(call->body, "revision", true));
        if (!revision) return error_response(revision.error());
        auto edited = ctx.captions.edit_line(core::Actor::of(call->user), call->event, call->line, **text, *revision);
        if (!edited) return error_response(edited.error());
        if (edited->changed) ctx.transcript_changed(call->event, shown_span(edited->line));
        return Response::json(200, core::to_json(edited->line, true));
    });

    router.add("DELETE", "/api/v1/events/{id}/transcript/lines/{line}", [ctx](const Request& req) mutable {
        auto call = line_call(ctx.gate, req);
        if (!call) return error_response(call.error());
        auto revision = revision_in(web::positive_query_integer(req, "revision", kRevisionRule));
        if (!revision) return error_response(revision.error());
        auto removed = ctx.captions.remove_line(core::Actor::of(call->user), call->event, call->line, *revision);
        if (!removed) return error_response(removed.error());
        ctx.transcript_changed(call->event, shown_span(*removed));
        return Response::no_content();
    });

    router.add("GET", "/api/v1/events/{id}/transcript/lines/{line}/revisions", [ctx](const Request& req) mutable {
        auto call = line_call(ctx.gate, req);
        if (!call) return error_response(call.error());
        auto line = ctx.captions.find_in(call->event, call->line);
        if (!line)
            return error_response(core::make_error(
                core::ErrorCode::NotFound, fmt::format("event {} has no caption line {}", call->event.value, call->line.value)));
        auto list = nlohmann::json::array();
        for (const auto& r : ctx.captions.revisions(line->id)) list.push_back(core::to_json(r, ctx.zone.offset_function()));
        return Response::json(200, {{"line", core::to_json(*line, true)}, {"revisions", std::move(list)}});
    });

    router.add("GET", "/staff/events/{id}/transcript", [ctx](const Request&) { return ctx.files.serve("transcript.html"); });

    router.add("GET", "/staff/events/{id}/captions", [ctx](const Request&) { return ctx.files.serve("captions.html"); });
}

}  // namespace openhall::admin
