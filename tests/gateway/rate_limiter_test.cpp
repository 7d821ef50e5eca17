#include <gtest/gtest.h>

#include "openhall/gateway/rate_limiter.hpp"

using namespace openhall::gateway;
using namespace std::chrono_literals;

TEST(RateLimiter, ABurstThenOneEveryRefill) {
    RateLimiter limiter(3, 1000ms);
    const auto t0 = RateLimiter::Clock::now();
    for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.allow("v", t0));
    EXPECT_FALSE(limiter.allow("v", t0));
    EXPECT_TRUE(limiter.allow("other", t0));
    EXPECT_FALSE(limiter.allow("v", t0 + 900ms));
    EXPECT_TRUE(limiter.allow("v", t0 + 1000ms));
    EXPECT_FALSE(limiter.allow("v", t0 + 1100ms));
    // Refilled, but never above the burst.
    for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.allow("v", t0 + 60s));
    EXPECT_FALSE(limiter.allow("v", t0 + 60s));
}

TEST(RateLimiter, StaysBoundedByForgettingFullBuckets) {
    RateLimiter limiter(1, 10ms, 100);
    const auto t0 = RateLimiter::Clock::now();
    for (int i = 0; i < 1000; ++i) EXPECT_TRUE(limiter.allow("k" + std::to_string(i), t0 + std::chrono::milliseconds(i * 20)));
    // An empty bucket is remembered while it refills.
    EXPECT_FALSE(limiter.allow("k999", t0 + 19980ms + 1ms));
}
