// A Redis outage is logged when it begins, every half minute while it lasts, and when it ends; not every retry.
#include "openhall/redis_bus/outage_log.hpp"

#include <memory>

#include <gtest/gtest.h>
#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>

namespace openhall::redis_bus {
namespace {

using namespace std::chrono_literals;

class OutageLogTest : public ::testing::Test {
protected:
    void SetUp() override {
        previous_ = spdlog::default_logger();
        sink_ = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(100);
        sink_->set_pattern("%l %v");
        spdlog::set_default_logger(std::make_shared<spdlog::logger>("outage-test", sink_));
    }
    void TearDown() override { spdlog::set_default_logger(previous_); }

    std::vector<std::string> lines() {
        auto out = sink_->last_formatted();
        for (auto& line : out)
            if (!line.empty() && line.back() == '\n') line.pop_back();
        return out;
    }

    std::chrono::steady_clock::time_point now_ = std::chrono::steady_clock::time_point{} + 1h;
    OutageLog log_{"relay: publishing", [this] { return now_; }};

private:
    std::shared_ptr<spdlog::logger> previous_;
    std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt> sink_;
};

TEST_F(OutageLogTest, TenSecondsOfRetriesEvery300MsAreOneWarning) {
    for (int i = 0; i < 34; ++i, now_ += 300ms) log_.failed("Redis is unavailable (Connection refused)");
    const auto got = lines();
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0], "warning relay: publishing: Redis is unavailable (Connection refused); trying again until Redis answers");
}

TEST_F(OutageLogTest, ALongOutageIsRecalledEveryHalfMinuteWithItsLengthAndTries) {
    for (int i = 0; i < 220; ++i, now_ += 300ms) log_.failed("Connection refused");  // 66 s
    const auto got = lines();
    ASSERT_EQ(got.size(), 3u);
    EXPECT_EQ(got[1], "warning relay: publishing: Redis still unavailable after 30 s (101 tries): Connection refused");
    EXPECT_EQ(got[2], "warning relay: publishing: Redis still unavailable after 60 s (201 tries): Connection refused");
}

TEST_F(OutageLogTest, TheEndOfAnOutageIsLoggedOnceAndANewOneStartsAfresh) {
    log_.succeeded();
    EXPECT_TRUE(lines().empty()) << "no outage, nothing to say";
    for (int i = 0; i < 5; ++i, now_ += 1s) log_.failed("Connection refused");
    log_.succeeded();
    log_.succeeded();
    auto got = lines();
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(got[1], "info relay: publishing: Redis answers again after 5 s (5 failed tries)");
    log_.failed("Connection reset by peer");
    got = lines();
    ASSERT_EQ(got.size(), 3u);
    EXPECT_EQ(got[2], "warning relay: publishing: Connection reset by peer; trying again until Redis answers");
}

}  // namespace
}  // namespace openhall::redis_bus
