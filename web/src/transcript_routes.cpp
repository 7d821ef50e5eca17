#include "openhall/web/transcript_routes.hpp"

#include <fmt/format.h>

#include "openhall/core/captions/subtitle_formats.hpp"
#include "openhall/core/events/event_lifecycle.hpp"
#include "openhall/web/error_response.hpp"
#include "openhall/web/event_view.hpp"

namespace openhall::web {

void add_transcript_routes(Router& router, TranscriptContext ctx) {
    // The event's lines, when the asker may see the event.
    auto lines_of = [ctx](const Request& req) mutable -> core::Result<std::vector<core::CaptionLine>> {
        auto id = event_id_param(req);
        if (!id) return id.error();
        auto event = ctx.events.find(*id);
        if (!event || (!core::is_public(event->status) && !ctx.gate.user_of(req)))
            return core::make_error(core::ErrorCode::NotFound, fmt::format("event {} does not exist", id->value));
        return ctx.captions.transcript(*id);
    };

    router.add("GET", "/api/v1/events/{id}/transcript", [ctx, lines_of](const Request& req) mutable {
        auto lines = lines_of(req);
        if (!lines) return error_response(lines.error());
        const bool staff = ctx.gate.user_of(req).has_value();  // who wrote and corrected each line
        auto list = nlohmann::json::array();
        for (const auto& line : *lines) list.push_back(core::to_json(line, staff));
        return Response::json(200, {{"lines", std::move(list)}});
    });

    router.add("GET", "/api/v1/events/{id}/transcript.vtt", [lines_of](const Request& req) mutable {
        auto lines = lines_of(req);
        if (!lines) return error_response(lines.error());
        return Response::text(200, "text/vtt; charset=utf-8", core::to_webvtt(*lines));
    });

    router.add("GET", "/api/v1/events/{id}/transcript.srt", [lines_of](const Request& req) mutable {
        auto lines = lines_of(req);
        if (!lines) return error_response(lines.error());
        const auto id = event_id_param(req)->value;
        return Response::text(200, "application/x-subrip; charset=utf-8", core::to_srt(*lines))
            .with_header("Content-Disposition", fmt::format("attachment; filename=\"event-{}.srt\"", id));
    });
}

}  // namespace openhall::web
