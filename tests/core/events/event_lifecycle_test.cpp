#include <set>

#include <gtest/gtest.h>

#include "openhall/core/events/event_lifecycle.hpp"

using namespace openhall::core;

namespace {

// The legal moves, written out independently of the table in the code, by wire name.
const std::set<std::pair<std::string, std::string>> kExpectedLegal = {
    {"draft", "scheduled"},     {"draft", "cancelled"},     {"scheduled", "live"},
    {"scheduled", "postponed"}, {"scheduled", "cancelled"}, {"postponed", "scheduled"},
    {"postponed", "cancelled"}, {"live", "ended"},          {"ended", "archived"},
};

}  // namespace

TEST(EventLifecycle, EveryPairOfStatusesIsLegalExactlyWhenTheDesignSaysSo) {
    int checked = 0;
    for (auto from : kAllEventStatuses) {
        for (auto to : kAllEventStatuses) {
            const bool expected = kExpectedLegal.count({std::string(wire_name(from)), std::string(wire_name(to))}) > 0;
            EXPECT_EQ(is_legal_transition(from, to), expected) << wire_name(from) << " -> " << wire_name(to);
            EXPECT_EQ(check_transition(from, to).ok(), expected) << wire_name(from) << " -> " << wire_name(to);
            ++checked;
        }
    }
    EXPECT_EQ(checked, 49);
}

TEST(EventLifecycle, IllegalTransitionIsATypedErrorNamingTheCurrentState) {
    auto result = check_transition(EventStatus::Scheduled, EventStatus::Archived);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::IllegalTransition);
    EXPECT_NE(result.error().message.find("scheduled"), std::string::npos);
    EXPECT_NE(result.error().message.find("archived"), std::string::npos);
}

TEST(EventLifecycle, ScheduledEventCannotBeArchived) {
    EXPECT_FALSE(is_legal_transition(EventStatus::Scheduled, EventStatus::Archived));
}

TEST(EventLifecycle, LiveEventCannotBePostponedOrCancelled) {
    EXPECT_FALSE(is_legal_transition(EventStatus::Live, EventStatus::Postponed));
    EXPECT_FALSE(is_legal_transition(EventStatus::Live, EventStatus::Cancelled));
}

TEST(EventLifecycle, ArchivedAndCancelledAreFinal) {
    EXPECT_TRUE(next_statuses(EventStatus::Archived).empty());
    EXPECT_TRUE(next_statuses(EventStatus::Cancelled).empty());
    EXPECT_FALSE(is_editable(EventStatus::Archived));
    EXPECT_FALSE(is_editable(EventStatus::Cancelled));
    EXPECT_TRUE(is_editable(EventStatus::Live));
}

TEST(EventLifecycle, NextStatusesFollowTheTable) {
    EXPECT_EQ(next_statuses(EventStatus::Scheduled),
              (std::vector<EventStatus>{EventStatus::Live, EventStatus::Postponed, EventStatus::Cancelled}));
}

TEST(EventLifecycle, OnlyDraftsAreHiddenFromThePublic) {
    for (auto s : kAllEventStatuses) EXPECT_EQ(is_public(s), s != EventStatus::Draft) << wire_name(s);
}

TEST(EventWireNames, EveryKindAndStatusRoundTrips) {
    for (auto k : kAllEventKinds) EXPECT_EQ(parse_event_kind(wire_name(k)), k);
    for (auto s : kAllEventStatuses) EXPECT_EQ(parse_event_status(wire_name(s)), s);
    EXPECT_FALSE(parse_event_kind("concert").has_value());
    EXPECT_FALSE(parse_event_status("LIVE").has_value());
}
