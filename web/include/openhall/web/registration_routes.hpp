// Public registration over HTTP: registering, looking up and cancelling by code, the QR code, and the lottery's
// public result (the seed once announced, then the drawn list without contacts). The schedulers' side (the list
// with contacts, the window, the seed, the draw, check-in) is admin/registration_routes.hpp.
#pragma once

#include "openhall/core/accounts/attempt_limiter.hpp"
#include "openhall/core/attendance/registration_service.hpp"
#include "openhall/web/display_zone.hpp"
#include "openhall/web/router.hpp"

namespace openhall::web {

struct RegistrationContext {
    core::RegistrationService& registrations;
    const DisplayZone& zone;
    core::AttemptLimiter& per_address;  // registrations per network address
};

// Registers the routes on `router`; call once at start-up, on the main loop. The handlers run on the main loop.
void add_registration_routes(Router& router, RegistrationContext context);

}  // namespace openhall::web
