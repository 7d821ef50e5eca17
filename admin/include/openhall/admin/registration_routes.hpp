// Registration, the schedulers' side, over HTTP: the list with contacts, the registration window and speaking
// time, announcing the lottery's seed, the draw, and check-in at the door (the code typed or the QR code
// scanned). Every route needs a staff session with HandleRegistrations; the public side is
// web/registration_routes.hpp.
#pragma once

#include "openhall/core/attendance/registration_service.hpp"
#include "openhall/web/display_zone.hpp"
#include "openhall/web/router.hpp"
#include "openhall/web/staff_gate.hpp"

namespace openhall::admin {

struct RegistrationContext {
    core::RegistrationService& registrations;
    web::StaffGate& gate;
    const web::DisplayZone& zone;
};

// Registers the routes on `router`; call once at start-up, on the main loop. The handlers run on the main loop.
void add_registration_routes(web::Router& router, RegistrationContext context);

}  // namespace openhall::admin
