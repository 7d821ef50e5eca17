// The transcript as WebVTT and SubRip, byte for byte, and when each cue leaves the screen.
#include <gtest/gtest.h>

#include "openhall/core/captions/subtitle_formats.hpp"
#include "openhall/core/captions/transcript_excerpt.hpp"

using namespace openhall::core;
using std::chrono::milliseconds;

namespace {

CaptionLine line(std::int64_t id, std::int64_t start_ms, std::string text) {
    CaptionLine l;
    l.id = CaptionLineId{id};
    l.event_id = EventId{1};
    l.start_ms = start_ms;
    l.text = std::move(text);
    return l;
}

}  // namespace

TEST(SubtitleFormats, ACueLastsUntilTheNextLineOrItsReadingTime) {
    const auto short_line = line(1, 1000, "好");
    EXPECT_EQ(cue_end_ms(short_line, nullptr), milliseconds{3000});  // at least 2 s
    const auto ten = line(2, 0, "一二三四五六七八九十");
    EXPECT_EQ(cue_end_ms(ten, nullptr), milliseconds{4000});  // 2 s + 8 × 0.25 s
    const auto long_line = line(3, 0, std::string(100, 'x'));
    EXPECT_EQ(cue_end_ms(long_line, nullptr), milliseconds{7000});  // at most 7 s
    const auto next = line(4, 2500, "下一行");
    EXPECT_EQ(cue_end_ms(ten, &next), milliseconds{2500});  // the next line takes the screen
    const auto at_once = line(5, 100, "马上");
    EXPECT_EQ(cue_end_ms(ten, &at_once), milliseconds{500});  // never under half a second
    const auto far = line(6, 60000, "很久以后");
    EXPECT_EQ(cue_end_ms(short_line, &far), milliseconds{3000});
}

TEST(SubtitleFormats, WebVttHasAHeaderCueIdsTimingsAndEscapedText) {
    const std::vector<CaptionLine> lines{line(7, 0, "会议现在开始"), line(8, 3725123, "A<B & C>D --> E"),
                                         line(9, 3727000, "谢谢")};
    EXPECT_EQ(to_webvtt(lines),
              "WEBVTT\n"
              "\n7\n00:00:00.000 --> 00:00:03.000\n会议现在开始\n"
              "\n8\n01:02:05.123 --> 01:02:07.000\nA&lt;B &amp; C&gt;D --&gt; E\n"
              "\n9\n01:02:07.000 --> 01:02:09.000\n谢谢\n");
    EXPECT_EQ(to_webvtt({}), "WEBVTT\n");
}

TEST(SubtitleFormats, SrtNumbersCuesFromOneWithCommasAndCrlf) {
    const std::vector<CaptionLine> lines{line(7, 0, "会议现在开始"), line(8, 3725123, "A<B & C>D")};
    EXPECT_EQ(to_srt(lines),
              "1\r\n00:00:00,000 --> 00:00:03,000\r\n会议现在开始\r\n\r\n"
              "2\r\n01:02:05,123 --> 01:02:08,873\r\nA<B & C>D\r\n\r\n");
    EXPECT_EQ(to_srt({}), "");
}

TEST(SubtitleFormats, AnHlsSegmentMapsItsFirstPtsAndHoldsTheCuesOnScreenDuringIt) {
    const std::vector<CaptionLine> lines{line(1, 0, "会议现在开始"), line(2, 3000, "第二行"), line(3, 9000, "第三行")};
    // The segment from 2 s to 4 s: line 1 (0–3 s) and line 2 (3–5.25 s) are on screen then; line 3 is not.
    EXPECT_EQ(to_webvtt_segment(lines, 2000, 4000, 324'180'000),
              "WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:324180000,LOCAL:00:00:02.000\n"
              "\n1\n00:00:00.000 --> 00:00:03.000\n会议现在开始\n"
              "\n2\n00:00:03.000 --> 00:00:05.250\n第二行\n");
    // A segment with nothing on screen is a header alone (players still fetch it).
    EXPECT_EQ(to_webvtt_segment(lines, 5250, 9000, 324'472'500),
              "WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:324472500,LOCAL:00:00:05.250\n");
    EXPECT_NE(to_webvtt_segment(lines, 10000, 12000, 1).find("第三行"), std::string::npos);
}

// The words said at an interpretation's moment (transcript_excerpt.hpp): the line on screen then, the lines of
// the next half minute, six at most.
TEST(TranscriptExcerpt, TheLineOnScreenAndTheNextHalfMinute) {
    const std::vector<CaptionLine> lines{
        line(1, 0, "会议开始"),           // on screen 0–2.5 s (the next line)
        line(2, 2500, "今天发布三件事"),  // 2.5–5.75 s (its reading time)
        line(3, 60000, "第一件是供暖"),   // 60–63 s
        line(4, 61000, "从十一月十五日起"), line(5, 65000, "收费标准不变"), line(6, 70000, "第二件是公交"),
        line(7, 75000, "新开三条线路"), line(8, 80000, "第三件是学校"), line(9, 85000, "新建两所小学"),
        line(10, 95000, "下面请提问")};
    auto texts = [](const std::vector<CaptionLine>& found) {
        std::vector<std::int64_t> ids;
        for (const auto& l : found) ids.push_back(l.id.value);
        return ids;
    };
    EXPECT_EQ(texts(transcript_excerpt(lines, 3000)), (std::vector<std::int64_t>{2}));  // on screen, then silence
    EXPECT_EQ(texts(transcript_excerpt(lines, 0)), (std::vector<std::int64_t>{1, 2}));
    EXPECT_EQ(texts(transcript_excerpt(lines, 6000)), (std::vector<std::int64_t>{})) << "nothing said 6–36 s";
    EXPECT_EQ(texts(transcript_excerpt(lines, 40000)), (std::vector<std::int64_t>{3, 4, 5}));  // 40–70 s: 70 s is out
    EXPECT_EQ(texts(transcript_excerpt(lines, 61500)), (std::vector<std::int64_t>{4, 5, 6, 7, 8, 9})) << "six at most";
    EXPECT_EQ(texts(transcript_excerpt(lines, 61500, 10000, 10)), (std::vector<std::int64_t>{4, 5, 6}));
    EXPECT_TRUE(transcript_excerpt({}, 0).empty());
    EXPECT_TRUE(transcript_excerpt(lines, 200000).empty());
}
