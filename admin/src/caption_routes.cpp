#include "openhall/admin/caption_routes.hpp"

#include <chrono>

#include "openhall/web/error_response.hpp"
#include "openhall/web/event_view.hpp"
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
        ctx.transcript_replaced(*id);
        return Response::json(200, {{"lines", *imported}});
    });

    router.add("GET", "/staff/events/{id}/captions", [ctx](const Request&) { return ctx.files.serve("captions.html"); });
}

}  // namespace openhall::admin
