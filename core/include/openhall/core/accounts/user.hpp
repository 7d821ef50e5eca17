// Staff users and their sessions as plain values.
#pragma once

#include <optional>
#include <string>

#include "openhall/core/accounts/role.hpp"
#include "openhall/core/base/ids.hpp"
#include "openhall/core/base/time.hpp"

namespace openhall::core {

struct StaffUser {
    UserId id;
    std::string name;
    Role role = Role::Scheduler;
    std::optional<DepartmentId> department;  // a responder's department
    bool operator==(const StaffUser&) const = default;
};

// Who did something, for the audit log: a staff user's name, or a system actor such as "system:demo".
struct Actor {
    std::string name;
    static Actor of(const StaffUser& user) { return Actor{user.name}; }
    static Actor system(std::string_view what) { return Actor{"system:" + std::string(what)}; }
};

}  // namespace openhall::core
