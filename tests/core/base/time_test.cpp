#include <gtest/gtest.h>

#include "openhall/core/base/time.hpp"

using namespace openhall::core;
using namespace std::chrono;

TEST(Rfc3339, ParsesOffsetsToTheSameInstant) {
    auto a = parse_rfc3339("2026-12-01T09:30:00+08:00");
    auto b = parse_rfc3339("2026-12-01T01:30:00Z");
    auto c = parse_rfc3339("2026-11-30T20:30:00-05:00");
    ASSERT_TRUE(a && b && c);
    EXPECT_EQ(*a, *b);
    EXPECT_EQ(*b, *c);
}

TEST(Rfc3339, DropsFractionsOfASecond) {
    EXPECT_EQ(parse_rfc3339("2026-12-01T01:30:00.250Z"), parse_rfc3339("2026-12-01T01:30:00Z"));
}

TEST(Rfc3339, RefusesWhatIsNotRfc3339) {
    for (const char* bad : {"", "2026-12-01", "2026-12-01 09:30:00+08:00", "2026-12-01T09:30:00", "2026-13-01T09:30:00Z",
                            "2026-02-30T09:30:00Z", "2026-12-01T24:00:00Z", "2026-12-01T09:30:00+0800",
                            "2026-12-01T09:30:00+08:00x", "2026-12-01T09:30:00.Z", "tomorrow"})
        EXPECT_FALSE(parse_rfc3339(bad).has_value()) << bad;
}

TEST(Rfc3339, FormatsWithTheGivenOffsetAndRoundTrips) {
    auto t = *parse_rfc3339("2026-12-01T01:30:00Z");
    EXPECT_EQ(format_rfc3339(t, hours{8}), "2026-12-01T09:30:00+08:00");
    EXPECT_EQ(format_rfc3339(t), "2026-12-01T01:30:00Z");
    EXPECT_EQ(format_rfc3339(t, -(hours{3} + minutes{30})), "2026-11-30T22:00:00-03:30");
    EXPECT_EQ(parse_rfc3339(format_rfc3339(t, hours{8})), t);
}

TEST(ManualClock, MovesOnlyWhenTold) {
    ManualClock clock(*parse_rfc3339("2026-12-01T00:00:00Z"));
    auto before = clock.now();
    clock.advance(hours{2});
    EXPECT_EQ(clock.now() - before, hours{2});
}
