// The calendars, parsed back with libical.
#include <gtest/gtest.h>
#include <libical/ical.h>

#include "support/staff_server.hpp"

using namespace openhall::testing;
using openhall::core::Role;

namespace {

struct ParsedCalendar {
    std::vector<std::string> summaries;
    std::vector<std::string> statuses;
    std::vector<long> starts;  // UTC seconds
};

ParsedCalendar parse(const std::string& text) {
    ParsedCalendar out;
    icalcomponent* cal = icalparser_parse_string(text.c_str());
    EXPECT_NE(cal, nullptr);
    if (!cal) return out;
    EXPECT_EQ(icalcomponent_isa(cal), ICAL_VCALENDAR_COMPONENT);
    EXPECT_EQ(icalrestriction_check(cal), 1) << "not RFC 5545 valid: " << icalcomponent_as_ical_string(cal);
    for (auto* ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); ev;
         ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
        out.summaries.emplace_back(icalcomponent_get_summary(ev));
        out.statuses.emplace_back(icalproperty_status_to_string(icalcomponent_get_status(ev)));
        out.starts.push_back(static_cast<long>(icaltime_as_timet(icalcomponent_get_dtstart(ev))));
    }
    icalcomponent_free(cal);
    return out;
}

class CalendarApiTest : public StaffServerTest {};

}  // namespace

TEST_F(CalendarApiTest, SiteCalendarListsPublicEventsOnly) {
    auto staff = client_as(Role::Scheduler);
    auto a = staff->post("/api/v1/events", event_body("政府开放日：走进县自来水厂")).json()["id"].get<int>();
    staff->post("/api/v1/events", event_body("草稿活动"));
    auto c = staff->post("/api/v1/events", event_body("水价听证会", "hearing")).json()["id"].get<int>();
    staff->post("/api/v1/events/" + std::to_string(a) + "/status", {{"status", "scheduled"}});
    staff->post("/api/v1/events/" + std::to_string(c) + "/status", {{"status", "cancelled"}});

    auto r = public_client()->get("/calendar.ics");
    ASSERT_EQ(r.status, 200);
    EXPECT_NE(r.header("content-type").find("text/calendar"), std::string::npos);
    auto cal = parse(r.body);
    ASSERT_EQ(cal.summaries.size(), 2u);
    EXPECT_EQ(cal.summaries[0], "政府开放日：走进县自来水厂");
    EXPECT_EQ(cal.statuses[0], "CONFIRMED");
    EXPECT_EQ(cal.statuses[1], "CANCELLED");
    // 2026-12-07T09:00:00+08:00
    EXPECT_EQ(cal.starts[0], 1796605200L);
}

TEST_F(CalendarApiTest, EventCalendarHasTheOneEventAndDraftsHaveNone) {
    auto staff = client_as(Role::Scheduler);
    const auto id = staff->post("/api/v1/events", event_body("常务会议", "standing_meeting")).json()["id"].get<int>();
    const auto url = "/api/v1/events/" + std::to_string(id) + "/calendar.ics";
    EXPECT_EQ(public_client()->get(url).status, 404);
    staff->post("/api/v1/events/" + std::to_string(id) + "/status", {{"status", "scheduled"}});
    auto r = public_client()->get(url);
    ASSERT_EQ(r.status, 200);
    auto cal = parse(r.body);
    ASSERT_EQ(cal.summaries.size(), 1u);
    EXPECT_EQ(cal.summaries[0], "常务会议");
    EXPECT_NE(r.body.find("UID:event-" + std::to_string(id) + "@openhall"), std::string::npos);
}

namespace {

// The value of the first `name:` content line, unfolded (RFC 5545 §3.1), as written: escapes left in place.
std::string raw_value(const std::string& ics, const std::string& name) {
    std::string unfolded;
    for (std::size_t i = 0; i < ics.size(); ++i) {
        if (ics.compare(i, 3, "\r\n ") == 0) {
            i += 2;
            continue;
        }
        unfolded += ics[i];
    }
    const auto at = unfolded.find("\r\n" + name + ":");
    if (at == std::string::npos) return "(no " + name + ")";
    const auto start = at + 2 + name.size() + 1;
    return unfolded.substr(start, unfolded.find("\r\n", start) - start);
}

}  // namespace

// Issue 14: the calendar's name is TEXT as the summary is, so ';' ',' and '\' are escaped alike (RFC 5545 §3.3.11).
TEST_F(CalendarApiTest, TheCalendarNameIsEscapedAsTheSummaryIs) {
    auto staff = client_as(Role::Scheduler);
    const std::string title = "听证会;议题一, 议题二\\附件";
    const auto id = staff->post("/api/v1/events", event_body(title, "hearing")).json()["id"].get<int>();
    staff->post("/api/v1/events/" + std::to_string(id) + "/status", {{"status", "scheduled"}});
    auto r = public_client()->get("/api/v1/events/" + std::to_string(id) + "/calendar.ics");
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(raw_value(r.body, "SUMMARY"), "听证会\\;议题一\\, 议题二\\\\附件");
    EXPECT_EQ(raw_value(r.body, "X-WR-CALNAME"), raw_value(r.body, "SUMMARY"));
    EXPECT_EQ(parse(r.body).summaries.at(0), title);
}
