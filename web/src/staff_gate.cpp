#include "openhall/web/staff_gate.hpp"

namespace openhall::web {

using core::ErrorCode;
using core::make_error;

std::optional<core::StaffUser> StaffGate::user_of(const Request& request) {
    auto token = request.cookie(kSessionCookie);
    if (!token) return std::nullopt;
    return auth_.authenticate(*token);
}

core::Result<core::StaffUser> StaffGate::require_session(const Request& request) {
    auto token = request.cookie(kSessionCookie);
    auto user = token ? auth_.authenticate(*token) : std::nullopt;
    if (!user) return make_error(ErrorCode::Unauthorized, "sign in as staff first");
    if (request.changes_state()) {
        auto csrf = request.header(kCsrfHeader);
        if (!csrf || !core::AuthService::csrf_matches(*token, *csrf))
            return make_error(ErrorCode::CsrfMissing, "this request needs the X-CSRF-Token header of your session");
    }
    return *user;
}

core::Result<core::StaffUser> StaffGate::require(const Request& request, core::Permission permission) {
    auto user = require_session(request);
    if (!user) return user;
    if (!core::role_may(user->role, permission))
        return make_error(ErrorCode::Forbidden,
                          std::string("the role ") + std::string(core::wire_name(user->role)) + " may not do this");
    return user;
}

}  // namespace openhall::web
