#include "openhall/web/rsvp_routes.hpp"

#include <fmt/format.h>

#include "openhall/core/events/event_json.hpp"
#include "openhall/web/calendar_ics.hpp"
#include "openhall/web/error_response.hpp"
#include "openhall/web/json_body.hpp"

namespace openhall::web {

using core::ErrorCode;

void add_rsvp_routes(Router& router, RsvpContext ctx) {
    auto offset = ctx.zone.offset_function();

    router.add("GET", "/api/v1/rsvp/{token}", [ctx, offset](const Request& req) mutable {
        auto v = ctx.invitations.by_token(req.params.at("token"));
        if (!v) return error_response(ErrorCode::NotFound, "this invitation link is not valid; ask the office for a new one");
        auto event = ctx.events.find(v->event_id);
        auto view = core::to_json(*v, offset, req.base_url());
        view["event"] = core::to_json(*event, offset);
        view["invitee"] = {{"name", v->invitee_name}};
        return Response::json(200, view);
    });

    router.add("POST", "/api/v1/rsvp/{token}", [ctx, offset](const Request& req) mutable {
        auto body = read_body(req, {"response", "note"});
        if (!body) return error_response(body.error());
        auto response = read_string(*body, "response", true);
        if (!response) return error_response(response.error());
        if (**response != "accept" && **response != "decline")
            return error_response(ErrorCode::InvalidInput, "response must be accept or decline");
        auto note = read_string(*body, "note", false);
        if (!note) return error_response(note.error());
        auto answered = ctx.invitations.respond(req.params.at("token"),
                                                **response == "accept" ? core::RsvpResponse::Accept : core::RsvpResponse::Decline,
                                                note->value_or(""));
        if (!answered) return error_response(answered.error());
        return Response::json(200, core::to_json(*answered, offset, req.base_url()));
    });

    router.add("GET", "/api/v1/rsvp/{token}/calendar.ics", [ctx](const Request& req) mutable {
        auto v = ctx.invitations.by_token(req.params.at("token"));
        if (!v) return error_response(ErrorCode::NotFound, "this invitation link is not valid; ask the office for a new one");
        auto event = ctx.events.find(v->event_id);
        return Response::text(200, "text/calendar; charset=utf-8", calendar_ics({*event}, {req.base_url(), event->title}, ctx.clock.now()))
            .with_header("Content-Disposition", fmt::format("attachment; filename=\"event-{}.ics\"", event->id.value));
    });
}

}  // namespace openhall::web
