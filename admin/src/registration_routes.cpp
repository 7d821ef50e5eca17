#include "openhall/admin/registration_routes.hpp"

#include "openhall/web/error_response.hpp"
#include "openhall/web/json_body.hpp"
#include "openhall/web/lottery_view.hpp"
#include "openhall/web/staff_call.hpp"

namespace openhall::admin {
namespace {

using core::ErrorCode;
using core::Permission;
using web::error_response;
using web::lottery_json;
using web::read_integer;
using web::read_string;
using web::read_time;
using web::Request;
using web::Response;
using web::staff_body;
using web::staff_call;

// The code as typed, or as scanned from the QR code (the registration page's URL).
std::string code_from_scan(std::string text) {
    if (auto slash = text.rfind('/'); slash != std::string::npos) text.erase(0, slash + 1);
    return text;
}

nlohmann::json settings_json(const core::RegistrationSettings& s, const core::UtcOffsetAt& offset_at) {
    return {{"opens_at", web::time_or_null(s.opens_at, offset_at)},
            {"closes_at", web::time_or_null(s.closes_at, offset_at)},
            {"speaking_minutes", s.speaking_minutes},
            {"seed", s.seed ? nlohmann::json(*s.seed) : nlohmann::json()}};
}

}  // namespace

void add_registration_routes(web::Router& router, RegistrationContext ctx) {
    auto offset = ctx.zone.offset_function();

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

}  // namespace openhall::admin
