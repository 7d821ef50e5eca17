#include <gtest/gtest.h>

#include "openhall/core/base/time.hpp"
#include "openhall/core/events/chapters.hpp"

using namespace openhall::core;
using namespace std::chrono;

namespace {

Chapter chapter(const char* title, std::optional<double> offset) {
    return Chapter{AgendaItemId{1}, title, WallMillis{}, offset};
}

}  // namespace

TEST(ChaptersWebvtt, EachChapterRunsToTheNextAndTheLastToTheEnd) {
    auto vtt = chapters_webvtt({chapter("开场", 0.0), chapter("老旧小区改造", 65.5), chapter("网友提问", 3725.25)}, 4000);
    EXPECT_EQ(vtt,
              "WEBVTT\n"
              "\n1\n00:00:00.000 --> 00:01:05.500\n开场\n"
              "\n2\n00:01:05.500 --> 01:02:05.250\n老旧小区改造\n"
              "\n3\n01:02:05.250 --> 01:06:40.000\n网友提问\n");
}

TEST(ChaptersWebvtt, MarksBeforeTheRecordingAreLeftOut) {
    auto vtt = chapters_webvtt({chapter("未录制", std::nullopt), chapter("议题", 3.0)}, 10);
    EXPECT_EQ(vtt, "WEBVTT\n\n1\n00:00:03.000 --> 00:00:10.000\n议题\n");
}

TEST(ChaptersWebvtt, TitlesCannotBreakTheCueSyntax) {
    auto vtt = chapters_webvtt({chapter("a --> b\n\nc", 0.0)}, 5);
    EXPECT_NE(vtt.find("\na → b  c\n"), std::string::npos) << vtt;
}
