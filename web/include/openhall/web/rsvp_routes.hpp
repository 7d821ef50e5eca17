// The invitee's RSVP link over HTTP (public: the token in the link is the credential): what the page shows (no
// staff fields), the answer (accept or decline, with a note), and the event as an .ics file. The staff side of
// invitations is admin/invitation_routes.hpp.
#pragma once

#include "openhall/core/attendance/invitation_service.hpp"
#include "openhall/core/events/event_service.hpp"
#include "openhall/web/display_zone.hpp"
#include "openhall/web/router.hpp"

namespace openhall::web {

struct RsvpContext {
    core::InvitationService& invitations;
    core::EventService& events;
    const DisplayZone& zone;
    const core::Clock& clock;
};

// Registers the routes on `router`; call once at start-up, on the main loop. The handlers run on the main loop.
void add_rsvp_routes(Router& router, RsvpContext context);

}  // namespace openhall::web
