#include <gtest/gtest.h>

#include "openhall/core/base/time.hpp"
#include "openhall/core/events/media_timeline.hpp"

using namespace openhall::core;
using namespace std::chrono;

namespace {

WallMillis at(const char* rfc3339, int millis = 0) {
    return time_point_cast<milliseconds>(*parse_rfc3339(rfc3339)) + milliseconds{millis};
}

// Three one-second segments from 09:00:00, then the source was lost for two seconds of slate, then it came back.
std::vector<MediaSegment> recording() {
    return {
        {0, "seg00000.ts", 0ms, 1000ms, at("2026-12-07T09:00:00+08:00"), false},
        {1, "seg00001.ts", 1000ms, 1000ms, at("2026-12-07T09:00:01+08:00"), false},
        {2, "seg00002.ts", 2000ms, 2000ms, at("2026-12-07T09:00:02+08:00"), true},
        {3, "seg00003.ts", 4000ms, 1000ms, at("2026-12-07T09:00:04+08:00", 40), true},
    };
}

}  // namespace

TEST(MediaTimeline, InstantInsideASegmentMapsToItsStartPlusTheTimeSinceItsFirstFrame) {
    EXPECT_DOUBLE_EQ(*media_offset_at(recording(), at("2026-12-07T09:00:00+08:00", 500)), 0.5);
    EXPECT_DOUBLE_EQ(*media_offset_at(recording(), at("2026-12-07T09:00:03+08:00", 250)), 3.25);
}

TEST(MediaTimeline, InstantAtASegmentBoundaryMapsToThatSegment) {
    EXPECT_DOUBLE_EQ(*media_offset_at(recording(), at("2026-12-07T09:00:01+08:00")), 1.0);
}

TEST(MediaTimeline, TimeBetweenSegmentsIsClampedToTheEndOfThePreviousOne) {
    // 09:00:04.000 to 09:00:04.040 falls after segment 2 ended and before segment 3 began.
    EXPECT_DOUBLE_EQ(*media_offset_at(recording(), at("2026-12-07T09:00:04+08:00", 20)), 4.0);
}

TEST(MediaTimeline, BeforeTheRecordingThereIsNoPosition) {
    EXPECT_FALSE(media_offset_at(recording(), at("2026-12-07T08:59:59+08:00")).has_value());
    EXPECT_FALSE(media_offset_at({}, at("2026-12-07T09:00:00+08:00")).has_value());
}

TEST(MediaTimeline, PastTheLastSegmentTheTimelineRunsOnInRealTime) {
    // The segment being written is not listed yet: a question asked now sits at the live edge.
    EXPECT_DOUBLE_EQ(*media_offset_at(recording(), at("2026-12-07T09:00:06+08:00", 40)), 6.0);
}
