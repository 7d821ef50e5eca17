#include <gtest/gtest.h>

#include "openhall/core/accounts/attempt_limiter.hpp"

using namespace openhall::core;
using namespace std::chrono;

TEST(AttemptLimiter, BlocksAfterTheLimitUntilTheWindowPasses) {
    ManualClock clock(*parse_rfc3339("2026-12-01T09:00:00Z"));
    AttemptLimiter limiter(clock, 3, minutes{15});
    for (int i = 0; i < 3; ++i) {
        EXPECT_TRUE(limiter.allowed("10.0.0.1"));
        limiter.record("10.0.0.1");
    }
    EXPECT_FALSE(limiter.allowed("10.0.0.1"));
    EXPECT_TRUE(limiter.allowed("10.0.0.2"));
    clock.advance(minutes{15});
    EXPECT_TRUE(limiter.allowed("10.0.0.1"));
}
