#include "openhall/web/registration_routes.hpp"

#include <fmt/format.h>

#include "openhall/web/error_response.hpp"
#include "openhall/web/event_view.hpp"
#include "openhall/web/json_body.hpp"
#include "openhall/web/lottery_view.hpp"
#include "openhall/web/qr_svg.hpp"

namespace openhall::web {
namespace {

using core::ErrorCode;

std::string registration_url(const Request& req, const std::string& code) {
    return fmt::format("{}/registrations/{}", req.base_url(), code);
}

}  // namespace

void add_registration_routes(Router& router, RegistrationContext ctx) {
    auto offset = ctx.zone.offset_function();

    router.add("POST", "/api/v1/events/{id}/registrations", [ctx, offset](const Request& req) mutable {
        auto event = event_id_param(req);
        if (!event) return error_response(event.error());
        auto body = read_body(req, {"name", "contact", "type", "statement", "language"});
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
        auto language = read_string(*body, "language", false);
        if (!language) return error_response(language.error());
        if (!ctx.per_address.allowed(req.remote_address))
            return error_response(ErrorCode::RateLimited, "too many registrations from this address; try again later");
        ctx.per_address.record(req.remote_address);
        auto created = ctx.registrations.register_for(
            {*event, *type, **name, **contact, statement->value_or(""), req.remote_address, language->value_or("")});
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
}

}  // namespace openhall::web
