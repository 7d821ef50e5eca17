// The lottery: the same seed over the same applications draws the same list whatever their order; different
// seeds draw differently; and over many seeds every application is drawn about equally often.
#include <map>

#include <gtest/gtest.h>

#include "openhall/core/attendance/lottery.hpp"

using namespace openhall::core;

namespace {

const std::vector<std::string> kCodes = {"A2B3-C4D5", "E6F7-G8H9", "J2K3-M4N5", "P6Q7-R8S9", "T2U3-V4W5",
                                         "X6Y7-Z8A2", "B3C4-D5E6", "F7G8-H9J2", "K3M4-N5P6", "Q7R8-S9T2"};

TEST(Lottery, SameSeedSameListWhateverTheOrderOfApplications) {
    auto reversed = kCodes;
    std::reverse(reversed.begin(), reversed.end());
    EXPECT_EQ(draw_lottery("听证会2026-12-20", kCodes, 3), draw_lottery("听证会2026-12-20", reversed, 3));
    EXPECT_EQ(draw_lottery("听证会2026-12-20", kCodes, 3).size(), 3u);
    EXPECT_NE(draw_lottery("听证会2026-12-20", kCodes, 10), draw_lottery("另一个种子", kCodes, 10));
}

TEST(Lottery, KeyIsTheSha256OfSeedColonCode) {
    // printf '%s' 'hearing-2026:A' | sha256sum
    EXPECT_EQ(lottery_key("hearing-2026", "A"), "610913df01be092f838820d0dc50ff87b24228709069896024aa21713e8a9f34");
}

TEST(Lottery, EveryApplicationIsDrawnAboutEquallyOftenOverManySeeds) {
    constexpr int kSeeds = 3000;
    std::map<std::string, int> drawn;
    for (int seed = 0; seed < kSeeds; ++seed)
        for (const auto& code : draw_lottery("seed-" + std::to_string(seed), kCodes, 3)) ++drawn[code];
    const double expected = kSeeds * 3.0 / kCodes.size();  // 900
    for (const auto& code : kCodes)
        EXPECT_NEAR(drawn[code], expected, expected * 0.1) << code;  // about ±4 standard deviations
}

TEST(Lottery, FewerApplicationsThanSeatsDrawsThemAll) {
    EXPECT_EQ(draw_lottery("s", {"A2B3-C4D5", "E6F7-G8H9"}, 5).size(), 2u);
    EXPECT_TRUE(draw_lottery("s", {}, 5).empty());
}

}  // namespace
