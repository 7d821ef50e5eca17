// Public registration over HTTP: registering, looking up and cancelling by code, the QR code, the lottery's
// public result; and for schedulers the list with contacts, the window, the seed, the draw and check-in.
#pragma once

#include "openhall/core/accounts/attempt_limiter.hpp"
#include "openhall/core/attendance/registration_service.hpp"
#include "openhall/web/display_zone.hpp"
#include "openhall/web/router.hpp"
#include "openhall/web/staff_gate.hpp"

namespace openhall::web {

struct RegistrationContext {
    core::RegistrationService& registrations;
    StaffGate& gate;
    const DisplayZone& zone;
    core::AttemptLimiter& per_address;  // registrations per network address
};

void add_registration_routes(Router& router, RegistrationContext context);

}  // namespace openhall::web
