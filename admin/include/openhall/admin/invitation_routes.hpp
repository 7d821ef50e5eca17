// Invitations, staff side, over HTTP: the invitee directory (with CSV import and export), invitations to an event,
// withdrawal, attendance, suggestions for a seat, and agenda submissions (議題提報單). Every route needs a staff
// session; the invitee's own link (RSVP) is public and lives in web/rsvp_routes.hpp.
#pragma once

#include "openhall/core/attendance/invitation_service.hpp"
#include "openhall/core/events/event_service.hpp"
#include "openhall/web/display_zone.hpp"
#include "openhall/web/router.hpp"
#include "openhall/web/staff_gate.hpp"

namespace openhall::admin {

struct InvitationContext {
    core::InvitationService& invitations;
    core::EventService& events;
    web::StaffGate& gate;
    const web::DisplayZone& zone;
    const core::Clock& clock;
};

// Registers the routes on `router`; call once at start-up, on the main loop. The handlers run on the main loop.
void add_invitation_routes(web::Router& router, InvitationContext context);

}  // namespace openhall::admin
