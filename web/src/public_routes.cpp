#include "openhall/web/public_routes.hpp"

#include <fmt/format.h>

#include "openhall/core/events/event_lifecycle.hpp"
#include "openhall/web/calendar_ics.hpp"
#include "openhall/web/error_response.hpp"
#include "openhall/web/event_view.hpp"

namespace openhall::web {
namespace {

constexpr const char* kCalendarType = "text/calendar; charset=utf-8";

// The site's address as the client reached it, for links inside calendars.

void add_event_routes(Router& router, PublicContext ctx) {
    router.add("GET", "/api/v1/events", [ctx](const Request& req) {
        auto filter = event_filter_from(req);
        if (!filter) return error_response(filter.error());
        filter->include_drafts = ctx.gate.user_of(req).has_value();
        auto events = nlohmann::json::array();
        for (const auto& e : ctx.events.list(*filter)) events.push_back(
                event_view(e, ctx.zone.offset_function(), ctx.media.stream_urls(e.id), ctx.events.chapters(e.id)));
        return Response::json(200, {{"events", events}});
    });

    router.add("GET", "/api/v1/events/{id}", [ctx](const Request& req) {
        auto id = event_id_param(req);
        if (!id) return error_response(id.error());
        auto event = ctx.events.find(*id);
        if (!event || (!core::is_public(event->status) && !ctx.gate.user_of(req)))
            return error_response(core::ErrorCode::NotFound, fmt::format("event {} does not exist", id->value));
        return Response::json(200, event_view(*event, ctx.zone.offset_function(), ctx.media.stream_urls(event->id),
                                              ctx.events.chapters(event->id)));
    });

    router.add("GET", "/api/v1/events/{id}/calendar.ics", [ctx](const Request& req) {
        auto id = event_id_param(req);
        if (!id) return error_response(id.error());
        auto event = ctx.events.find(*id);
        if (!event || !core::is_public(event->status))
            return error_response(core::ErrorCode::NotFound, fmt::format("event {} does not exist", id->value));
        auto ics = calendar_ics({*event}, {req.base_url(), event->title}, ctx.clock.now());
        return Response::text(200, kCalendarType, std::move(ics))
            .with_header("Content-Disposition", fmt::format("attachment; filename=\"event-{}.ics\"", id->value));
    });

    router.add("GET", "/calendar.ics", [ctx](const Request& req) {
        auto events = ctx.events.list(core::EventFilter{});
        auto ics = calendar_ics(events, {req.base_url(), "OpenHall 陽光議事廳"}, ctx.clock.now());
        return Response::text(200, kCalendarType, std::move(ics));
    });
}

// What pages need to know of the site: the display time zone and its offset now (for date inputs).
std::string offset_text(std::chrono::seconds offset) {
    const auto minutes = std::abs(offset.count()) / 60;
    return fmt::format("{}{:02}:{:02}", offset.count() < 0 ? '-' : '+', minutes / 60, minutes % 60);
}

void add_operations_routes(Router& router, PublicContext ctx) {
    router.add("GET", "/api/v1/site", [ctx](const Request&) {
        return Response::json(200, {{"name", "OpenHall"},
                                    {"time_zone", ctx.zone.name()},
                                    {"utc_offset", offset_text(ctx.zone.offset_at(ctx.clock.now()))},
                                    {"websocket",
                                     {{"url", ctx.websocket_url.empty() ? nlohmann::json() : nlohmann::json(ctx.websocket_url)},
                                      {"port", ctx.websocket_port},
                                      {"subprotocol", "openhall.v1"}}}});
    });
    router.add("GET", "/healthz", [](const Request&) { return Response::json(200, {{"status", "ok"}}); });
    router.add("GET", "/metrics", [ctx](const Request&) {
        return Response::text(200, "text/plain; version=0.0.4; charset=utf-8", ctx.metrics.render());
    });
    ctx.metrics.add_collector([ctx](std::string& out) {
        out += "# HELP openhall_events Events by lifecycle status.\n# TYPE openhall_events gauge\n";
        for (const auto& [status, n] : ctx.events.count_by_status())
            out += fmt::format("openhall_events{{status=\"{}\"}} {}\n", core::wire_name(status), n);
    });
}

void add_page_routes(Router& router, PublicContext ctx) {
    router.add("GET", "/", [ctx](const Request&) { return ctx.files.serve("index.html"); });
    router.add("GET", "/api/v1/openapi.json", [ctx](const Request&) { return ctx.files.serve("openapi.json"); });
    router.add("GET", "/events/{id}", [ctx](const Request&) { return ctx.files.serve("event.html"); });
    router.add("GET", "/my-questions", [ctx](const Request&) { return ctx.files.serve("my-questions.html"); });
    router.add("GET", "/rsvp/{token}", [ctx](const Request&) { return ctx.files.serve("rsvp.html"); });
    router.add("GET", "/registrations/{code}", [ctx](const Request&) { return ctx.files.serve("registration.html"); });
    router.add("GET", "/interpretations", [ctx](const Request&) { return ctx.files.serve("interpretations.html"); });
    router.add("GET", "/interpretations/{id}", [ctx](const Request&) { return ctx.files.serve("interpretation.html"); });
    router.add("GET", "/media/{id}/{file}", [ctx](const Request& req) {
        auto id = event_id_param(req);
        if (!id) return error_response(id.error());
        const auto& file = req.params.at("file");
        return ctx.media.files().serve(std::to_string(id->value) + "/" + file, ctx.media.cache_control_for(*id, file),
                                       req.header("range"));
    });
    router.add("GET", "/static/*", [ctx](const Request& req) {
        return ctx.files.serve("static/" + req.params.at("*"));
    });
}

}  // namespace

void add_public_routes(Router& router, PublicContext context) {
    add_event_routes(router, context);
    add_operations_routes(router, context);
    add_page_routes(router, context);
}

}  // namespace openhall::web
