#include "openhall/web/calendar_ics.hpp"

#include <cstdlib>
#include <memory>

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

icalproperty* x_property(const char* name, const std::string& value) {
    icalproperty* p = icalproperty_new_x(value.c_str());
    icalproperty_set_x_name(p, name);
    return p;
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
    icalcomponent_add_property(cal.get(), x_property("X-WR-CALNAME", site.name));
    for (const auto& e : events) icalcomponent_add_component(cal.get(), vevent(e, site, now));
    char* text = icalcomponent_as_ical_string_r(cal.get());
    std::string out = text ? text : "";
    std::free(text);
    return out;
}

}  // namespace openhall::web
