#include "openhall/web/calendar_ics.hpp"

#include <cstdlib>
#include <memory>
#include <string_view>

#include <fmt/format.h>
#include <libical/ical.h>

namespace openhall::web {
namespace {

struct ComponentDeleter {
    void operator()(icalcomponent* c) const { icalcomponent_free(c); }
};

icaltimetype utc_time(core::Timestamp t) {
    return icaltime_from_timet_with_zone(static_cast<time_t>(t.time_since_epoch().count()), 0,
                                         icaltimezone_get_utc_timezone());
}

icalproperty_status ical_status(core::EventStatus status) {
    switch (status) {
        case core::EventStatus::Cancelled: return ICAL_STATUS_CANCELLED;
        case core::EventStatus::Postponed: return ICAL_STATUS_TENTATIVE;
        default: return ICAL_STATUS_CONFIRMED;
    }
}

// RFC 5545 §3.3.11 TEXT escaping (backslash, semicolon, comma, line break).
std::string escaped_text(std::string_view text) {
    std::string out;
    for (const char c : text) {
        if (c == '\\' || c == ';' || c == ',') out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out;
}

// One content line, folded after 75 octets (RFC 5545 §3.1) without cutting a UTF-8 sequence.
std::string content_line(std::string_view name, std::string_view value) {
    const std::string line = std::string(name) + ":" + std::string(value);
    std::string out;
    std::size_t length = 0;  // octets on the current physical line
    for (std::size_t i = 0; i < line.size();) {
        std::size_t n = 1;  // the octets of this character
        const auto lead = static_cast<unsigned char>(line[i]);
        if (lead >= 0xF0) n = 4;
        else if (lead >= 0xE0) n = 3;
        else if (lead >= 0xC0) n = 2;
        if (length + n > 75) {
            out += "\r\n ";
            length = 1;
        }
        out.append(line, i, n);
        length += n;
        i += n;
    }
    return out + "\r\n";
}

icalcomponent* vevent(const core::Event& e, const CalendarSite& site, core::Timestamp now) {
    icalcomponent* ev = icalcomponent_new_vevent();
    icalcomponent_add_property(ev, icalproperty_new_uid(fmt::format("event-{}@openhall", e.id.value).c_str()));
    icalcomponent_add_property(ev, icalproperty_new_dtstamp(utc_time(now)));
    icalcomponent_add_property(ev, icalproperty_new_dtstart(utc_time(e.starts_at)));
    icalcomponent_add_property(ev, icalproperty_new_dtend(utc_time(e.ends_at)));
    icalcomponent_add_property(ev, icalproperty_new_summary(e.title.c_str()));
    if (!e.description.empty()) icalcomponent_add_property(ev, icalproperty_new_description(e.description.c_str()));
    if (!e.venue.empty()) icalcomponent_add_property(ev, icalproperty_new_location(e.venue.c_str()));
    icalcomponent_add_property(ev, icalproperty_new_status(ical_status(e.status)));
    icalcomponent_add_property(ev, icalproperty_new_categories(std::string(core::wire_name(e.kind)).c_str()));
    icalcomponent_add_property(ev, icalproperty_new_url(fmt::format("{}/events/{}", site.base_url, e.id.value).c_str()));
    return ev;
}

}  // namespace

std::string calendar_ics(const std::vector<core::Event>& events, const CalendarSite& site, core::Timestamp now) {
    std::unique_ptr<icalcomponent, ComponentDeleter> cal(icalcomponent_new_vcalendar());
    icalcomponent_add_property(cal.get(), icalproperty_new_version("2.0"));
    icalcomponent_add_property(cal.get(), icalproperty_new_prodid("-//OpenHall//OpenHall//EN"));
    // No METHOD: a subscribed feed is not an iTIP message (PUBLISH would require an ORGANIZER per RFC 5546).
    icalcomponent_add_property(cal.get(), icalproperty_new_calscale("GREGORIAN"));
    icalcomponent_add_property(cal.get(), icalproperty_new_name(site.name.c_str()));  // RFC 7986 §5.1
    for (const auto& e : events) icalcomponent_add_component(cal.get(), vevent(e, site, now));
    char* text = icalcomponent_as_ical_string_r(cal.get());
    std::string out = text ? text : "";
    std::free(text);
    // The name older clients read. libical writes an X- property's value without escaping ';' and ',' (issue 14:
    // SUMMARY escaped them, X-WR-CALNAME did not), so this line is written here, escaped as TEXT like SUMMARY.
    const std::string after = "CALSCALE:GREGORIAN\r\n";
    if (const auto at = out.find(after); at != std::string::npos)
        out.insert(at + after.size(), content_line("X-WR-CALNAME", escaped_text(site.name)));
    return out;
}

std::string itip_ics(const core::Event& event, const core::ItipPart& itip, const ItipAddresses& who,
                     const CalendarSite& site, core::Timestamp now) {
    std::unique_ptr<icalcomponent, ComponentDeleter> cal(icalcomponent_new_vcalendar());
    icalcomponent_add_property(cal.get(), icalproperty_new_version("2.0"));
    icalcomponent_add_property(cal.get(), icalproperty_new_prodid("-//OpenHall//OpenHall//EN"));
    const bool cancel = itip.method == "CANCEL";
    icalcomponent_add_property(cal.get(), icalproperty_new_method(cancel ? ICAL_METHOD_CANCEL : ICAL_METHOD_REQUEST));
    icalcomponent* ev = vevent(event, site, now);
    icalproperty* uid = icalcomponent_get_first_property(ev, ICAL_UID_PROPERTY);
    icalproperty_set_uid(uid, itip.uid.c_str());
    icalcomponent_add_property(ev, icalproperty_new_sequence(itip.sequence));
    if (cancel) icalproperty_set_status(icalcomponent_get_first_property(ev, ICAL_STATUS_PROPERTY), ICAL_STATUS_CANCELLED);
    icalproperty* organizer = icalproperty_new_organizer(("mailto:" + who.organizer_email).c_str());
    if (!who.organizer_name.empty()) icalproperty_add_parameter(organizer, icalparameter_new_cn(who.organizer_name.c_str()));
    icalcomponent_add_property(ev, organizer);
    icalproperty* attendee = icalproperty_new_attendee(("mailto:" + who.attendee_email).c_str());
    if (!itip.attendee_name.empty()) icalproperty_add_parameter(attendee, icalparameter_new_cn(itip.attendee_name.c_str()));
    icalproperty_add_parameter(attendee, icalparameter_new_role(ICAL_ROLE_REQPARTICIPANT));
    icalproperty_add_parameter(attendee, icalparameter_new_partstat(ICAL_PARTSTAT_NEEDSACTION));
    if (!cancel) icalproperty_add_parameter(attendee, icalparameter_new_rsvp(ICAL_RSVP_TRUE));
    icalcomponent_add_property(ev, attendee);
    icalcomponent_add_component(cal.get(), ev);
    char* text = icalcomponent_as_ical_string_r(cal.get());
    std::string out = text ? text : "";
    std::free(text);
    return out;
}

}  // namespace openhall::web
