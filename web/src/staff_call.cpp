#include "openhall/web/staff_call.hpp"

#include "openhall/web/json_body.hpp"

namespace openhall::web {

core::Result<StaffBody> staff_body(StaffGate& gate, const Request& request, core::Permission permission,
                                   std::initializer_list<std::string_view> fields) {
    auto user = gate.require(request, permission);
    if (!user) return user.error();
    auto body = read_body(request, fields);
    if (!body) return body.error();
    return StaffBody{std::move(*user), std::move(*body)};
}

}  // namespace openhall::web
