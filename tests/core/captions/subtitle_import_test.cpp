// SRT and WebVTT files as real tools write them (subtitle editors, video platforms, speech services, Chinese
// Windows tools): encodings, line ends, optional numbers and ids, markup, blocks to skip, and every error a file
// can have, named by its line.
#include <gtest/gtest.h>

#include "openhall/core/captions/subtitle_import.hpp"

using namespace openhall::core;

namespace {

std::vector<ImportedCue> parsed(std::string_view text) {
    auto cues = parse_subtitles(text, 300);
    EXPECT_TRUE(cues) << cues.error().message;
    return cues ? *cues : std::vector<ImportedCue>{};
}

std::string error_of(std::string_view text, std::size_t max_chars = 300) {
    auto cues = parse_subtitles(text, max_chars);
    EXPECT_FALSE(cues);
    return cues ? "" : cues.error().message;
}

}  // namespace

TEST(SubtitleImport, SubRipWithCrlfNumbersCoordinatesAndMarkup) {
    EXPECT_EQ(parsed("1\r\n00:00:01,000 --> 00:00:03,500 X1:10 X2:20 Y1:30 Y2:40\r\n<i>会议</i>现在开始\r\n\r\n"
                     "2\r\n00:01:02,030 --> 00:01:04,000\r\n{\\an8}<font color=\"#ffff00\">Heating &amp; water</font>\r\n"
                     "second line\r\n\r\n"),
              (std::vector<ImportedCue>{{1000, 3500, "会议现在开始"}, {62030, 64000, "Heating & water second line"}}));
}

TEST(SubtitleImport, SubRipWithoutNumbersWithDotsShortHoursCrOnlyAndABlankLineInsideACue) {
    EXPECT_EQ(parsed("0:00:01.5 --> 0:00:02.25\r供暖\r第一行\r\r00:00:03,000 --> 00:00:04,000\rA\r\r   \rB\n"),
              (std::vector<ImportedCue>{{1500, 2250, "供暖第一行"}, {3000, 4000, "A B"}}));
}

// Some subtitle tools write a colon before the milliseconds; two digits there are frames, which need a frame rate.
TEST(SubtitleImport, SubRipWithAColonBeforeTheMilliseconds) {
    EXPECT_EQ(parsed("1\n00:00:01:500 --> 00:00:03:250\n供暖\n\n2\n01:02:03:004 --> 01:02:04,000\nA\n\n3\n00:05:000 --> 00:06:000\nB\n"),
              (std::vector<ImportedCue>{{1500, 3250, "供暖"}, {3723004, 3724000, "A"}, {5000, 6000, "B"}}));
    EXPECT_EQ(error_of("1\n00:00:01:12 --> 00:00:02:00\nA\n"), "line 2: the timing \"00:00:01:12 --> 00:00:02:00\" cannot be read");
}

TEST(SubtitleImport, WebVttWithHeaderNotesStylesIdsVoicesAndInlineTimes) {
    const std::string vtt =
        "WEBVTT - made by a speech service\nKind: captions\nLanguage: zh\n\n"
        "NOTE reviewed by the editor\non 2026-12-02\n\n"
        "STYLE\n::cue { color: yellow }\n\n"
        "intro\n00:05.000 --> 00:07.000 align:start position:10%\n<v 县长>各位好，<c.yellow>欢迎</c>&nbsp;<00:00:06.000>收看</v>\n\n"
        "01:00:00.000 --> 01:00:01.000\n&lt;tag&gt; text &lrm;\n";
    EXPECT_EQ(parsed(vtt), (std::vector<ImportedCue>{{5000, 7000, "各位好，欢迎 收看"}, {3600000, 3601000, "<tag> text"}}));
}

TEST(SubtitleImport, EncodingsRealToolsSave) {
    EXPECT_EQ(*subtitle_text_as_utf8("\xEF\xBB\xBFWEBVTT"), "WEBVTT");
    // "字幕" in UTF-16LE and UTF-16BE with their byte order marks.
    EXPECT_EQ(*subtitle_text_as_utf8(std::string("\xFF\xFE\x57\x5B\x55\x5E", 6)), "字幕");
    EXPECT_EQ(*subtitle_text_as_utf8(std::string("\xFE\xFF\x5B\x57\x5E\x55", 6)), "字幕");
    // GBK / GB18030, as Chinese Windows tools save: 字幕 is D7 D6 C4 BB.
    EXPECT_EQ(*subtitle_text_as_utf8("1\r\n00:00:01,000 --> 00:00:02,000\r\n\xD7\xD6\xC4\xBB\r\n"),
              "1\r\n00:00:01,000 --> 00:00:02,000\r\n字幕\r\n");
    EXPECT_EQ(*subtitle_text_as_utf8("plain ascii"), "plain ascii");
    auto broken = subtitle_text_as_utf8(std::string("\xFF\xFE\x00", 3));  // half a UTF-16 character
    ASSERT_FALSE(broken);
    EXPECT_EQ(broken.error().code, ErrorCode::InvalidInput);
}

TEST(SubtitleImport, EveryErrorNamesItsLine) {
    EXPECT_EQ(error_of(""), "the file has no cue with text");
    EXPECT_EQ(error_of("WEBVTT\n\n"), "the file has no cue with text");
    EXPECT_EQ(error_of("1\n00:00:01,000 --> 00:00:02,000\n<i></i>\n"), "the file has no cue with text");
    EXPECT_EQ(error_of("hello\nworld\n"), "line 1: a cue needs a timing like \"00:00:01,000 --> 00:00:03,500\"");
    EXPECT_EQ(error_of("1\n00:00:01 --> 00:00:02,000\nA\n"), "line 2: the timing \"00:00:01 --> 00:00:02,000\" cannot be read");
    EXPECT_EQ(error_of("1\n00:00:61,000 --> 00:01:02,000\nA\n"),
              "line 2: the timing \"00:00:61,000 --> 00:01:02,000\" cannot be read");
    EXPECT_EQ(error_of("\n\n1\n00:00:05,000 --> 00:00:02,000\nA\n"), "line 4: the cue ends before it starts");
    EXPECT_EQ(error_of("1\n00:00:01,000 --> 00:00:02,000\nabcdef\n", 5), "the cue at line 2: text is longer than 5 characters");
    // Text after a blank line joins the cue before, and the whole cue is held to the limit.
    EXPECT_EQ(error_of("1\n00:00:01,000 --> 00:00:02,000\nabc\n\ndef\n", 5), "the cue at 1000 ms is longer than 5 characters");
    EXPECT_EQ(error_of("1\n00:00:01,000 --> 00:00:02,000\na\x01z\n").find("the cue at line 2"), 0u);
}
