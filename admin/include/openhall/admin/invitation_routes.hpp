// Invitations over HTTP: the staff side (directory with CSV, invitations, withdrawal, attendance, suggestions for
// a seat, agenda submissions) and the invitee's RSVP link (its page data, the answer, the event's .ics).
#pragma once

#include "openhall/core/events/event_service.hpp"
#include "openhall/core/attendance/invitation_service.hpp"
#include "openhall/web/display_zone.hpp"
#include "openhall/web/router.hpp"
#include "openhall/web/staff_gate.hpp"

namespace openhall::web {

struct InvitationContext {
    core::InvitationService& invitations;
    core::EventService& events;
    StaffGate& gate;
    const DisplayZone& zone;
    const core::Clock& clock;
};

void add_invitation_routes(Router& router, InvitationContext context);

}  // namespace openhall::web
