#include <gtest/gtest.h>

#include "openhall/core/text/text.hpp"

using namespace openhall::core;

TEST(Utf8, CountsCodePointsNotBytes) {
    EXPECT_EQ(utf8_length("abc"), 3u);
    EXPECT_EQ(utf8_length("陽光議事廳"), 5u);
    EXPECT_EQ(utf8_length("😀"), 1u);
    EXPECT_EQ(utf8_length(""), 0u);
}

TEST(Utf8, RefusesMalformedSequences) {
    for (const char* bad : {"\xC3\x28", "\xE6\x97", "\xF0\x9F\x98", "\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80",
                            "\xFF", "a\x80"})
        EXPECT_FALSE(is_valid_utf8(bad)) << "case " << ::testing::PrintToString(std::string(bad));
}

TEST(Trim, RemovesSurroundingWhiteSpaceOnly) {
    EXPECT_EQ(trim("  a b \t\n"), "a b");
    EXPECT_EQ(trim(""), "");
    EXPECT_EQ(trim("   "), "");
}

// Issue 14: what people and scripts paste into a field.
TEST(CheckText, ControlCharactersAreRefusedAndLinesAdmitLineBreaksAndTabs) {
    for (const std::string& bad : {std::string("a\0b", 3), std::string("a\x07"), std::string("\x1b[31mred"),
                                  std::string("a\x7f"), std::string("a\xc2\x85"), std::string("a\nb"), std::string("a\tb")}) {
        auto line = check_text("title", bad, 1, 200);
        ASSERT_FALSE(line) << ::testing::PrintToString(bad);
        EXPECT_NE(line.error().message.find("title"), std::string::npos) << line.error().message;
    }
    EXPECT_TRUE(check_text("description", "第一段\n\n第二段\r\n\t缩进", 0, 5000, TextShape::Lines));
    EXPECT_FALSE(check_text("description", std::string("a\0b", 3), 0, 5000, TextShape::Lines));
    EXPECT_FALSE(check_text("description", "a\x0b" "b", 0, 5000, TextShape::Lines));
}

TEST(CheckText, ARequiredFieldOfWhiteSpaceAloneIsMissing) {
    for (const char* blank : {"", "   ", "\xe3\x80\x80\xe3\x80\x80", "\xc2\xa0", " \xe2\x80\x8b "}) {
        auto s = check_text("title", blank, 1, 200);
        ASSERT_FALSE(s) << ::testing::PrintToString(std::string(blank));
        EXPECT_EQ(s.error().message, "title is required");
    }
    EXPECT_TRUE(check_text("venue", "   ", 0, 200)) << "an optional field may stay empty";
    EXPECT_TRUE(check_text("title", " 听证会 ", 1, 200));
}
