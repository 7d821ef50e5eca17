#include <fmt/format.h>

#include "openhall/admin/staff_routes.hpp"
#include "openhall/core/accounts/attempt_limiter.hpp"
#include "openhall/web/error_response.hpp"
#include "openhall/web/json_body.hpp"

namespace openhall::admin {
namespace {

using core::ErrorCode;
using web::error_response;
using web::Request;
using web::Response;

constexpr int kFailedSignInsPerWindow = 10;
constexpr std::chrono::minutes kFailedSignInWindow{15};

std::string session_cookie(const StaffContext& ctx, const std::string& token, std::chrono::seconds max_age) {
    return fmt::format("{}={}; Path=/; Max-Age={}; HttpOnly; SameSite=Strict{}", web::kSessionCookie, token,
                       max_age.count(), ctx.secure_cookies ? "; Secure" : "");
}

nlohmann::json session_json(const core::StaffUser& user, const std::string& csrf) {
    return {{"user", {{"name", user.name}, {"role", core::wire_name(user.role)}}}, {"csrf_token", csrf}};
}

}  // namespace

void add_session_routes(web::Router& router, StaffContext ctx) {
    auto throttle = std::make_shared<core::AttemptLimiter>(ctx.clock, kFailedSignInsPerWindow,
                                                           std::chrono::duration_cast<std::chrono::seconds>(kFailedSignInWindow));

    router.add("POST", "/api/v1/session", [ctx, throttle](const Request& req) {
        if (!throttle->allowed(req.remote_address))
            return error_response(ErrorCode::RateLimited, "too many failed sign-ins from this address; wait 15 minutes");
        auto body = web::parse_json_object(req.body);
        if (!body) return error_response(body.error());
        auto username = web::read_string(*body, "username", true);
        if (!username) return error_response(username.error());
        auto password = web::read_string(*body, "password", true);
        if (!password) return error_response(password.error());
        auto session = ctx.auth.sign_in(**username, **password);
        if (!session) {
            throttle->record(req.remote_address);
            return error_response(session.error());
        }
        return Response::json(200, session_json(session->user, session->csrf_token))
            .with_header("Set-Cookie", session_cookie(ctx, session->token, ctx.session_lifetime));
    });

    router.add("GET", "/api/v1/session", [ctx](const Request& req) {
        auto user = ctx.gate.require_session(req);
        if (!user) return error_response(user.error());
        return Response::json(200, session_json(*user, core::AuthService::csrf_token_for(*req.cookie(web::kSessionCookie))));
    });

    router.add("DELETE", "/api/v1/session", [ctx](const Request& req) {
        auto user = ctx.gate.require_session(req);
        if (!user) return error_response(user.error());
        ctx.auth.sign_out(*req.cookie(web::kSessionCookie));
        return Response::no_content().with_header("Set-Cookie", session_cookie(ctx, "", std::chrono::seconds{0}));
    });
}

}  // namespace openhall::admin
