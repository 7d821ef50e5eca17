// The checks a staff route makes before its work, in the documented order: session, CSRF and role (401/403),
// then the id in the path (404), then a JSON body holding only the allowed fields (400).
#pragma once

#include <initializer_list>
#include <string_view>

#include <nlohmann/json.hpp>

#include "openhall/core/accounts/role.hpp"
#include "openhall/core/base/result.hpp"
#include "openhall/web/http_types.hpp"
#include "openhall/web/json_body.hpp"
#include "openhall/web/path_ids.hpp"
#include "openhall/web/staff_gate.hpp"

namespace openhall::web {

struct StaffBody {
    core::StaffUser user;
    nlohmann::json body;
};

template <typename Id>
struct StaffCall {
    core::StaffUser user;
    Id id;
    nlohmann::json body;
};

// For routes on a collection (POST /api/v1/departments).
core::Result<StaffBody> staff_body(StaffGate& gate, const Request& request, core::Permission permission,
                                   std::initializer_list<std::string_view> fields);

// For routes on one resource (POST /api/v1/topics/{id}/merge); `what` names it in a 404.
template <typename Id>
core::Result<StaffCall<Id>> staff_call(StaffGate& gate, const Request& request, core::Permission permission,
                                       std::string_view what, std::initializer_list<std::string_view> fields = {}) {
    auto user = gate.require(request, permission);
    if (!user) return user.error();
    auto id = id_param<Id>(request, "id", what);
    if (!id) return id.error();
    auto body = read_body(request, fields);
    if (!body) return body.error();
    return StaffCall<Id>{std::move(*user), *id, std::move(*body)};
}

}  // namespace openhall::web
