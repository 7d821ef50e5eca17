// iCalendar (RFC 5545) feeds of public events, written with libical.
#pragma once

#include <string>
#include <vector>

#include "openhall/core/events/event.hpp"

namespace openhall::web {

struct CalendarSite {
    std::string base_url;  // e.g. "http://example.gov:8080", for each event's URL
    std::string name;      // the calendar's display name
};

std::string calendar_ics(const std::vector<core::Event>& events, const CalendarSite& site, core::Timestamp now);

}  // namespace openhall::web
