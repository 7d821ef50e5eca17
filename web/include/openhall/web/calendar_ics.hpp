// iCalendar (RFC 5545) written with libical: feeds of public events (no METHOD), and the iTIP messages of an
// invitation (RFC 5546) that its e-mail carries (RFC 6047).
#pragma once

#include <string>
#include <vector>

#include "openhall/core/events/event.hpp"
#include "openhall/core/notifications/outbox.hpp"

namespace openhall::web {

struct CalendarSite {
    std::string base_url;  // e.g. "http://example.gov:8080", for each event's URL
    std::string name;      // the calendar's display name
};

// A calendar of `events` (each with its UID "event-<id>@openhall" and an absolute URL from site.base_url), as
// text with CRLF line ends. Pure; any thread.
std::string calendar_ics(const std::vector<core::Event>& events, const CalendarSite& site, core::Timestamp now);

// Who an iTIP message is from and for: the office (ORGANIZER, RFC 5545 §3.8.4.3) and the invitee (ATTENDEE,
// §3.8.4.1), as e-mail addresses.
struct ItipAddresses {
    std::string organizer_email;
    std::string organizer_name;
    std::string attendee_email;
};

// The invitation's iTIP message for one attendee: METHOD (REQUEST or CANCEL, as `itip.method`), one VEVENT with
// `itip.uid`, SEQUENCE `itip.sequence`, the ORGANIZER and the ATTENDEE (ROLE=REQ-PARTICIPANT, PARTSTAT=
// NEEDS-ACTION, RSVP=TRUE for a REQUEST); a CANCEL's event has STATUS:CANCELLED (RFC 5546 §3.2.5). Pure; any thread.
std::string itip_ics(const core::Event& event, const core::ItipPart& itip, const ItipAddresses& who,
                     const CalendarSite& site, core::Timestamp now);

}  // namespace openhall::web
