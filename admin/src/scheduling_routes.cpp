#include <fmt/format.h>

#include "openhall/admin/event_requests.hpp"
#include "openhall/admin/staff_routes.hpp"
#include "openhall/core/accounts/audit_log.hpp"
#include "openhall/core/events/event_json.hpp"
#include "openhall/web/error_response.hpp"
#include "openhall/web/event_view.hpp"
#include "openhall/web/json_body.hpp"
#include "openhall/web/path_ids.hpp"

namespace openhall::admin {
namespace {

using core::ErrorCode;
using core::Permission;
using web::error_response;
using web::Request;
using web::Response;

core::Result<core::AgendaItemId> agenda_item_param(const Request& req) {
    return web::id_param<core::AgendaItemId>(req, "item", "agenda item");
}

// The steps every scheduling route shares: role and CSRF first, then the event id, then the JSON body.
struct StaffCall {
    core::StaffUser user;
    core::EventId event;
    nlohmann::json body;
};

core::Result<StaffCall> begin(StaffContext& ctx, const Request& req, bool with_event, bool with_body) {
    auto user = ctx.gate.require(req, Permission::ManageEvents);
    if (!user) return user.error();
    StaffCall call{*user, {}, nlohmann::json::object()};
    if (with_event) {
        auto id = web::event_id_param(req);
        if (!id) return id.error();
        call.event = *id;
    }
    if (with_body) {
        auto body = web::parse_json_object(req.body);
        if (!body) return body.error();
        call.body = std::move(*body);
    }
    return call;
}

// What encoders need: for SRT the address to push to, with the passphrase (staff only); the same for the
// interpreter's input when the event has one.
nlohmann::json stream_json(const std::optional<core::StreamConfig>& config, const Request& req) {
    auto host = req.header("host").value_or("localhost");
    if (auto colon = host.rfind(':'); colon != std::string::npos && host.find(']') == std::string::npos) host.resize(colon);
    const auto srt_url = [&](std::optional<int> port, const std::string& passphrase) -> nlohmann::json {
        if (!port) return nullptr;
        return fmt::format("srt://{}:{}?passphrase={}&pbkeylen=16", host, *port, passphrase);
    };
    const auto number = [](std::optional<int> port) { return port ? nlohmann::json(*port) : nlohmann::json(); };
    if (!config)
        return {{"source", nullptr}, {"url", nullptr}, {"ingest_url", nullptr}, {"srt_port", nullptr},
                {"interpreter", false}, {"interpreter_ingest_url", nullptr}, {"interpreter_port", nullptr}};
    const bool srt = config->kind == core::StreamSourceKind::Srt;
    return {{"source", core::wire_name(config->kind)},
            {"url", config->url},
            {"ingest_url", srt ? srt_url(config->srt_port, config->passphrase) : nullptr},
            {"srt_port", number(config->srt_port)},
            {"interpreter", config->interpreter_port.has_value()},
            {"interpreter_ingest_url", srt_url(config->interpreter_port, config->interpreter_passphrase)},
            {"interpreter_port", number(config->interpreter_port)}};
}

}  // namespace

void add_scheduling_routes(web::Router& router, StaffContext ctx) {
    auto view = [ctx](const core::Event& e) {
        return web::event_view(e, ctx.zone.offset_function(), ctx.media.stream_urls(e.id), ctx.events.chapters(e.id));
    };

    router.add("POST", "/api/v1/events", [ctx, view](const Request& req) mutable {
        auto call = begin(ctx, req, false, true);
        if (!call) return error_response(call.error());
        auto draft = event_draft_from(call->body);
        if (!draft) return error_response(draft.error());
        auto created = ctx.events.create(core::Actor::of(call->user), *draft);
        if (!created) return error_response(created.error());
        return Response::json(201, view(*created));
    });

    router.add("PATCH", "/api/v1/events/{id}", [ctx, view](const Request& req) mutable {
        auto call = begin(ctx, req, true, true);
        if (!call) return error_response(call.error());
        auto patch = event_patch_from(call->body);
        if (!patch) return error_response(patch.error());
        auto updated = ctx.events.update(core::Actor::of(call->user), call->event, *patch);
        if (!updated) return error_response(updated.error());
        return Response::json(200, view(*updated));
    });

    router.add("POST", "/api/v1/events/{id}/status", [ctx, view](const Request& req) mutable {
        auto call = begin(ctx, req, true, true);
        if (!call) return error_response(call.error());
        if (auto s = web::reject_unknown_fields(call->body, {"status"}); !s) return error_response(s.error());
        auto text = web::read_string(call->body, "status", true);
        if (!text) return error_response(text.error());
        auto status = core::parse_event_status(**text);
        if (!status)
            return error_response(ErrorCode::InvalidInput,
                                  "status must be one of scheduled, live, ended, archived, postponed, cancelled");
        auto changed = ctx.events.change_status(core::Actor::of(call->user), call->event, *status);
        if (!changed) return error_response(changed.error());
        return Response::json(200, view(*changed));
    });

    router.add("POST", "/api/v1/events/{id}/agenda", [ctx](const Request& req) mutable {
        auto call = begin(ctx, req, true, true);
        if (!call) return error_response(call.error());
        auto input = agenda_item_from(call->body);
        if (!input) return error_response(input.error());
        auto item = ctx.events.add_agenda_item(core::Actor::of(call->user), call->event, *input);
        if (!item) return error_response(item.error());
        return Response::json(201, core::to_json(*item));
    });

    router.add("PATCH", "/api/v1/events/{id}/agenda/{item}", [ctx](const Request& req) mutable {
        auto call = begin(ctx, req, true, true);
        if (!call) return error_response(call.error());
        auto item_id = agenda_item_param(req);
        if (!item_id) return error_response(item_id.error());
        auto patch = agenda_patch_from(call->body);
        if (!patch) return error_response(patch.error());
        auto item = ctx.events.update_agenda_item(core::Actor::of(call->user), call->event, *item_id, *patch);
        if (!item) return error_response(item.error());
        return Response::json(200, core::to_json(*item));
    });

    router.add("POST", "/api/v1/events/{id}/agenda/{item}/mark", [ctx, view](const Request& req) mutable {
        auto call = begin(ctx, req, true, false);
        if (!call) return error_response(call.error());
        auto item_id = agenda_item_param(req);
        if (!item_id) return error_response(item_id.error());
        auto mark = ctx.events.mark_agenda_item(core::Actor::of(call->user), call->event, *item_id);
        if (!mark) return error_response(mark.error());
        return Response::json(201, view(*ctx.events.find(call->event)));
    });

    router.add("DELETE", "/api/v1/events/{id}/agenda/{item}", [ctx](const Request& req) mutable {
        auto call = begin(ctx, req, true, false);
        if (!call) return error_response(call.error());
        auto item_id = agenda_item_param(req);
        if (!item_id) return error_response(item_id.error());
        auto removed = ctx.events.remove_agenda_item(core::Actor::of(call->user), call->event, *item_id);
        if (!removed) return error_response(removed.error());
        return Response::no_content();
    });

    router.add("PUT", "/api/v1/events/{id}/stream", [ctx](const Request& req) mutable {
        auto call = begin(ctx, req, true, true);
        if (!call) return error_response(call.error());
        if (auto s = web::reject_unknown_fields(call->body, {"source", "url", "interpreter"}); !s)
            return error_response(s.error());
        auto source = web::read_string(call->body, "source", true);
        if (!source) return error_response(source.error());
        auto url = web::read_string(call->body, "url", false);
        if (!url) return error_response(url.error());
        auto interpreter = web::read_boolean(call->body, "interpreter", false);
        if (!interpreter) return error_response(interpreter.error());
        auto kind = core::parse_stream_source_kind(**source);
        if (!kind) return error_response(ErrorCode::InvalidInput, "source must be one of srt, rtsp, file, test");
        auto config = ctx.events.configure_stream(core::Actor::of(call->user), call->event, *kind,
                                                  url->value_or(""), ctx.srt_ports, *interpreter);
        if (!config) return error_response(config.error());
        return Response::json(200, stream_json(*config, req));
    });

    router.add("GET", "/api/v1/events/{id}/stream", [ctx](const Request& req) mutable {
        auto call = begin(ctx, req, true, false);
        if (!call) return error_response(call.error());
        if (!ctx.events.find(call->event))
            return error_response(ErrorCode::NotFound, fmt::format("event {} does not exist", call->event.value));
        nlohmann::json body = stream_json(ctx.events.stream_config(call->event), req);
        body["health"] = ctx.stream_health(call->event);
        body["recording"] = ctx.recording_status(call->event);
        return Response::json(200, body);
    });

    // A recording step that failed (the MP4, the poster) is run again from the staff page.
    router.add("POST", "/api/v1/events/{id}/recording", [ctx](const Request& req) mutable {
        auto call = begin(ctx, req, true, false);
        if (!call) return error_response(call.error());
        if (auto done = ctx.finish_recording(call->event); !done) return error_response(done.error());
        return Response::json(202, {{"recording", ctx.recording_status(call->event)}});
    });

    router.add("GET", "/api/v1/events/{id}/audit", [ctx](const Request& req) mutable {
        auto call = begin(ctx, req, true, false);
        if (!call) return error_response(call.error());
        if (!ctx.events.find(call->event))
            return error_response(ErrorCode::NotFound, fmt::format("event {} does not exist", call->event.value));
        auto entries = nlohmann::json::array();
        for (const auto& e : ctx.events.history(call->event)) entries.push_back(core::to_json(e, ctx.zone.offset_function()));
        return Response::json(200, {{"entries", entries}});
    });
}

void add_staff_pages(web::Router& router, StaffContext ctx) {
    router.add("GET", "/staff", [ctx](const Request&) { return ctx.files.serve("staff.html"); });
    router.add("GET", "/staff/login", [ctx](const Request&) { return ctx.files.serve("staff-login.html"); });
    router.add("GET", "/staff/events/{id}/moderation", [ctx](const Request&) { return ctx.files.serve("moderation.html"); });
    router.add("GET", "/staff/events/{id}/workflow", [ctx](const Request&) { return ctx.files.serve("workflow.html"); });
    router.add("GET", "/staff/events/{id}/registrations", [ctx](const Request&) { return ctx.files.serve("registrations.html"); });
    router.add("GET", "/staff/events/{id}/invitations", [ctx](const Request&) { return ctx.files.serve("invitations.html"); });
    router.add("GET", "/staff/check-in", [ctx](const Request&) { return ctx.files.serve("check-in.html"); });
    router.add("GET", "/staff/dashboard", [ctx](const Request&) { return ctx.files.serve("dashboard.html"); });
    router.add("GET", "/staff/interpretations/{id}", [ctx](const Request&) {
        return ctx.files.serve("interpretation-editor.html");
    });
}

}  // namespace openhall::admin
