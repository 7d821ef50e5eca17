// Who is calling: resolves the session cookie, checks CSRF on state-changing requests and the role's permission.
#pragma once

#include <optional>

#include "openhall/core/accounts/auth_service.hpp"
#include "openhall/core/accounts/role.hpp"
#include "openhall/web/http_types.hpp"

namespace openhall::web {

using core::kSessionCookie;
inline constexpr const char* kCsrfHeader = "x-csrf-token";

class StaffGate {
public:
    explicit StaffGate(core::AuthService& auth) : auth_(auth) {}

    // The signed-in user, for routes that show more to staff; no CSRF check (reads only).
    std::optional<core::StaffUser> user_of(const Request& request);

    // For staff routes, in this order: no session → 401; a state-changing request without the
    // matching X-CSRF-Token → 403 csrf_token_missing; a role without the permission → 403 forbidden.
    core::Result<core::StaffUser> require(const Request& request, core::Permission permission);

    // The session check and CSRF check alone, for routes every staff role may use (such as signing out).
    core::Result<core::StaffUser> require_session(const Request& request);

private:
    core::AuthService& auth_;
};

}  // namespace openhall::web
