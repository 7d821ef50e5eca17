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
