#include "openhall/web/staff_call.hpp"

#include "openhall/web/json_body.hpp"

namespace openhall::web {

core::Result<nlohmann::json> read_body(const Request& request, std::initializer_list<std::string_view> fields) {
    if (fields.size() == 0) return nlohmann::json::object();
    auto body = parse_json_object(request.body);
    if (!body) return body.error();
    if (auto s = reject_unknown_fields(*body, fields); !s) return s.error();
    return body;
}

core::Result<StaffBody> staff_body(StaffGate& gate, const Request& request, core::Permission permission,
                                   std::initializer_list<std::string_view> fields) {
    auto user = gate.require(request, permission);
    if (!user) return user.error();
    auto body = read_body(request, fields);
    if (!body) return body.error();
    return StaffBody{std::move(*user), std::move(*body)};
}

}  // namespace openhall::web
