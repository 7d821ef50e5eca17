#include "openhall/web/registration_routes.hpp"

#include <fmt/format.h>

#include "openhall/web/error_response.hpp"
#include "openhall/web/event_view.hpp"
#include "openhall/web/json_body.hpp"
#include "openhall/web/qr_svg.hpp"
#include "openhall/web/staff_call.hpp"

namespace openhall::web {
namespace {

using core::ErrorCode;
using core::Permission;

std::string registration_url(const Request& req, const std::string& code) {
    return fmt::format("{}/registrations/{}", req.base_url(), code);
}

// The code as typed, or as scanned from the QR code (the registration page's URL).
std::string code_from_scan(std::string text) {
    if (auto slash = text.rfind('/'); slash != std::string::npos) text.erase(0, slash + 1);
    return text;
}

nlohmann::json lottery_json(const core::LotteryResult& result, const core::RegistrationSettings& settings,
                            const core::UtcOffsetAt& offset_at) {
    auto drawn = nlohmann::json::array();
    int order = 0;
    for (const auto& r : result.drawn) {
        auto j = core::to_json(r, offset_at);
        j["order"] = ++order;
        j.erase("statement");
        drawn.push_back(std::move(j));
    }
    const auto at = [&](const std::optional<core::Timestamp>& t) {
        return t ? nlohmann::json(core::format_rfc3339(*t, offset_at(*t))) : nlohmann::json();
    };
    return {{"seed", result.seed},
            {"seed_announced_at", at(settings.seed_announced_at)},
            {"drawn_at", at(settings.drawn_at)},
            {"seats", result.seats},
            {"type", core::wire_name(result.type)},
            {"applications", result.applications},
            {"algorithm", "sha256(seed:code) ascending; docs/registration.md"},
            {"drawn", std::move(drawn)}};
}

nlohmann::json settings_json(const core::RegistrationSettings& s, const core::UtcOffsetAt& offset_at) {
    const auto at = [&](const std::optional<core::Timestamp>& t) {
        return t ? nlohmann::json(core::format_rfc3339(*t, offset_at(*t))) : nlohmann::json();
    };
    return {{"opens_at", at(s.opens_at)},
            {"closes_at", at(s.closes_at)},
            {"speaking_minutes", s.speaking_minutes},
            {"seed", s.seed ? nlohmann::json(*s.seed) : nlohmann::json()}};
}

}  // namespace

void add_registration_routes(Router& router, RegistrationContext ctx) {
    auto offset = ctx.zone.offset_function();

    router.add("POST", "/api/v1/events/{id}/registrations", [ctx, offset](const Request& req) mutable {
        auto event = event_id_param(req);
        if (!event) return error_response(event.error());
        auto body = read_body(req, {"name", "contact", "type", "statement"});
        if (!body) return error_response(body.error());
        auto name = read_string(*body, "name", true);
        if (!name) return error_response(name.error());
        auto contact = read_string(*body, "contact", true);
        if (!contact) return error_response(contact.error());
        auto type_name = read_string(*body, "type", false);
        if (!type_name) return error_response(type_name.error());
        auto type = core::parse_registration_type(type_name->value_or("attend"));
        if (!type) return error_response(ErrorCode::InvalidInput, "type must be attend or speak");
        auto statement = read_string(*body, "statement", false);
        if (!statement) return error_response(statement.error());
        if (!ctx.per_address.allowed(req.remote_address))
            return error_response(ErrorCode::RateLimited, "too many registrations from this address; try again later");
        ctx.per_address.record(req.remote_address);
        auto created = ctx.registrations.register_for(
            {*event, *type, **name, **contact, statement->value_or(""), req.remote_address});
        if (!created) return error_response(created.error());
        auto view = core::to_json(*created, offset);
        view["url"] = registration_url(req, created->code);
        return Response::json(201, view);
    });

    router.add("GET", "/api/v1/registrations/{code}", [ctx, offset](const Request& req) mutable {
        auto found = ctx.registrations.find(req.params.at("code"));
        if (!found) return error_response(ErrorCode::NotFound, "no registration has this code; check it and try again");
        auto view = core::to_json(*found, offset);
        view["url"] = registration_url(req, found->code);
        return Response::json(200, view);
    });

    router.add("DELETE", "/api/v1/registrations/{code}", [ctx, offset](const Request& req) mutable {
        auto cancelled = ctx.registrations.cancel(req.params.at("code"));
        if (!cancelled) return error_response(cancelled.error());
        return Response::json(200, core::to_json(*cancelled, offset));
    });

    router.add("GET", "/api/v1/registrations/{code}/qr.svg", [ctx](const Request& req) mutable {
        auto found = ctx.registrations.find(req.params.at("code"));
        if (!found) return error_response(ErrorCode::NotFound, "no registration has this code; check it and try again");
        auto svg = qr_svg(registration_url(req, found->code));
        if (!svg) return error_response(ErrorCode::Internal, "the QR code could not be made");
        return Response::text(200, "image/svg+xml", std::move(*svg)).with_header("Cache-Control", "private, max-age=3600");
    });

    // The public result: nothing before a seed is announced, then the seed, then the drawn list (without contacts).
    router.add("GET", "/api/v1/events/{id}/lottery", [ctx, offset](const Request& req) mutable {
        auto event = event_id_param(req);
        if (!event) return error_response(event.error());
        const auto settings = ctx.registrations.settings(*event);
        if (auto result = ctx.registrations.lottery(*event)) return Response::json(200, lottery_json(*result, settings, offset));
        if (!settings.seed) return Response::json(200, {{"seed", nullptr}, {"seed_announced_at", nullptr}, {"drawn", nullptr}});
        return Response::json(200, {{"seed", *settings.seed},
                                    {"seed_announced_at", core::format_rfc3339(*settings.seed_announced_at,
                                                                               offset(*settings.seed_announced_at))},
                                    {"drawn", nullptr}});
    });

    router.add("GET", "/api/v1/events/{id}/registrations", [ctx, offset](const Request& req) mutable {
        auto call = staff_call<core::EventId>(ctx.gate, req, Permission::HandleRegistrations, "event");
        if (!call) return error_response(call.error());
        auto list = nlohmann::json::array();
        for (const auto& r : ctx.registrations.list(call->id)) list.push_back(core::to_json(r, offset, true));
        return Response::json(200, {{"registrations", std::move(list)}});
    });

    router.add("GET", "/api/v1/events/{id}/registration-settings", [ctx, offset](const Request& req) mutable {
        auto call = staff_call<core::EventId>(ctx.gate, req, Permission::HandleRegistrations, "event");
        if (!call) return error_response(call.error());
        return Response::json(200, settings_json(ctx.registrations.settings(call->id), offset));
    });

    router.add("PUT", "/api/v1/events/{id}/registration-settings", [ctx, offset](const Request& req) mutable {
        auto call = staff_call<core::EventId>(ctx.gate, req, Permission::HandleRegistrations, "event",
                                              {"opens_at", "closes_at", "speaking_minutes"});
        if (!call) return error_response(call.error());
        auto opens = read_time(call->body, "opens_at", false);
        if (!opens) return error_response(opens.error());
        auto closes = read_time(call->body, "closes_at", false);
        if (!closes) return error_response(closes.error());
        auto minutes = read_integer(call->body, "speaking_minutes", false);
        if (!minutes) return error_response(minutes.error());
        auto saved = ctx.registrations.configure(core::Actor::of(call->user), call->id, *opens, *closes,
                                                 *minutes ? std::optional(static_cast<int>(**minutes)) : std::nullopt);
        if (!saved) return error_response(saved.error());
        return Response::json(200, settings_json(*saved, offset));
    });

    router.add("POST", "/api/v1/events/{id}/lottery/seed", [ctx, offset](const Request& req) mutable {
        auto call = staff_call<core::EventId>(ctx.gate, req, Permission::HandleRegistrations, "event", {"seed"});
        if (!call) return error_response(call.error());
        auto seed = read_string(call->body, "seed", true);
        if (!seed) return error_response(seed.error());
        auto saved = ctx.registrations.announce_seed(core::Actor::of(call->user), call->id, **seed);
        if (!saved) return error_response(saved.error());
        return Response::json(201, {{"seed", *saved->seed},
                                    {"seed_announced_at", core::format_rfc3339(*saved->seed_announced_at,
                                                                               offset(*saved->seed_announced_at))}});
    });

    router.add("POST", "/api/v1/events/{id}/lottery", [ctx, offset](const Request& req) mutable {
        auto call = staff_call<core::EventId>(ctx.gate, req, Permission::HandleRegistrations, "event",
                                              {"seats", "seed", "type"});
        if (!call) return error_response(call.error());
        auto seats = read_integer(call->body, "seats", true);
        if (!seats) return error_response(seats.error());
        auto seed = read_string(call->body, "seed", true);
        if (!seed) return error_response(seed.error());
        auto type_name = read_string(call->body, "type", false);
        if (!type_name) return error_response(type_name.error());
        auto type = core::parse_registration_type(type_name->value_or("speak"));
        if (!type) return error_response(ErrorCode::InvalidInput, "type must be attend or speak");
        if (**seats < 1 || **seats > 10000) return error_response(ErrorCode::InvalidInput, "seats must be between 1 and 10000");
        auto result = ctx.registrations.draw(core::Actor::of(call->user), call->id, static_cast<int>(**seats), **seed, *type);
        if (!result) return error_response(result.error());
        return Response::json(200, lottery_json(*result, ctx.registrations.settings(call->id), offset));
    });

    // At the door: the code typed, or the registration page's URL scanned from the QR code.
    router.add("POST", "/api/v1/check-in", [ctx, offset](const Request& req) mutable {
        auto call = staff_body(ctx.gate, req, Permission::HandleRegistrations, {"code"});
        if (!call) return error_response(call.error());
        auto code = read_string(call->body, "code", true);
        if (!code) return error_response(code.error());
        auto checked = ctx.registrations.check_in(core::Actor::of(call->user), code_from_scan(**code));
        if (!checked) return error_response(checked.error());
        return Response::json(200, {{"registration", core::to_json(checked->registration, offset, true)},
                                    {"already", checked->already}});
    });
}

}  // namespace openhall::web
