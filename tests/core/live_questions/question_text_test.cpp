// What an asker types: checked, normalized; sensitive words found across scripts; ticket codes.
#include <fstream>
#include <set>

#include <gtest/gtest.h>

#include "openhall/core/base/ticket_code.hpp"
#include "openhall/core/live_questions/question_text.hpp"
#include "openhall/core/live_questions/sensitive_words.hpp"
#include "support/temp_dir.hpp"

using namespace openhall::core;

namespace {

std::string problem_of(std::string_view text, std::string_view name = "") {
    auto r = check_question(text, name);
    auto* p = std::get_if<QuestionProblem>(&r);
    return p ? p->code : "";
}

std::string text_of(std::string_view text) { return std::get<QuestionText>(check_question(text, "")).text; }

}  // namespace

TEST(QuestionText, LengthsAreCountedInCharactersNotBytes) {
    std::string long_text;
    for (int i = 0; i < 500; ++i) long_text += "问";
    EXPECT_EQ(problem_of(long_text), "");  // 1,500 bytes, 500 characters
    long_text += "问";
    EXPECT_EQ(problem_of(long_text), "text_too_long");
    EXPECT_EQ(problem_of("   \n\t  "), "text_empty");
    EXPECT_EQ(problem_of(""), "text_empty");
    EXPECT_EQ(problem_of("好", std::string(41, 'a')), "name_too_long");
    EXPECT_EQ(problem_of("好", "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十"), "");
    EXPECT_EQ(problem_of("\xC3\x28"), "invalid_utf8");
    EXPECT_EQ(problem_of("ok", "\xED\xA0\x80"), "invalid_utf8");  // a surrogate
}

TEST(QuestionText, NormalizationRemovesHiddenCharactersAndFoldsToNfc) {
    EXPECT_EQ(text_of("  老旧小区\r\n改造\t何时开工？  "), "老旧小区\n改造 何时开工？");
    EXPECT_EQ(text_of("a\u200Bb\u202Ec\u2066d\uFEFFe\x07"), "abcde");
    EXPECT_EQ(text_of("e\u0301"), "\u00e9");           // combining accent composed
    EXPECT_EQ(text_of("一\n\n\n\n二"), "一\n\n二");     // at most one blank line
    EXPECT_EQ(problem_of("\u200B\u200B"), "text_empty");  // nothing visible is nothing
    auto named = std::get<QuestionText>(check_question("问题", " 张\n三 "));
    EXPECT_EQ(named.name, "张 三");
}

TEST(SensitiveWords, MatchAcrossTraditionalAndSimplifiedCaseAndSeparators) {
    SensitiveWords words({"敏感词", "BadWord", "  ", "# not a comment here, listed as given"});
    EXPECT_EQ(words.find_in("这里有敏感词"), "敏感词");
    EXPECT_EQ(words.find_in("這裡有敏感詞"), "敏感词");       // Traditional
    EXPECT_EQ(words.find_in("敏 感-詞 出现"), "敏感词");      // spaced out
    EXPECT_EQ(words.find_in("a bad word and BADWORD"), "BadWord");
    EXPECT_EQ(words.find_in("学校周边交通安全"), std::nullopt);
    SensitiveWords traditional_listed({"賭博"});
    EXPECT_EQ(traditional_listed.find_in("网络赌博问题"), "賭博");
}

TEST(SensitiveWords, LoadFromAFileSkippingCommentsAndBlankLines) {
    openhall::testing::TempDir dir;
    const auto file = dir.path() / "words.txt";
    std::ofstream(file) << "# one word a line\n\n违禁品\n";
    auto words = SensitiveWords::from_file(file);
    EXPECT_EQ(words.size(), 1u);
    EXPECT_EQ(words.find_in("違禁品"), "违禁品");
    EXPECT_THROW(SensitiveWords::from_file(dir.path() / "missing.txt"), std::runtime_error);
}

TEST(TicketCode, ReadableGroupedAndCanonicalWhenTyped) {
    std::set<std::string> seen;
    for (int i = 0; i < 2000; ++i) {
        auto code = make_ticket_code();
        ASSERT_EQ(code.size(), 9u);
        ASSERT_EQ(code[4], '-');
        EXPECT_EQ(code.find_first_of("01OIL"), std::string::npos) << code;
        seen.insert(code);
        EXPECT_EQ(canonical_ticket_code(code), code);
    }
    EXPECT_EQ(seen.size(), 2000u);
    EXPECT_EQ(canonical_ticket_code("k7qm 4xp9"), "K7QM-4XP9");
    EXPECT_EQ(canonical_ticket_code("K7QM4XP9"), "K7QM-4XP9");
    EXPECT_EQ(canonical_ticket_code("K7QM-4XP"), std::nullopt);
    EXPECT_EQ(canonical_ticket_code("K7QM-4XP90"), std::nullopt);
    EXPECT_EQ(canonical_ticket_code("O7QM-4XP9"), std::nullopt);  // O is not in the alphabet
    EXPECT_EQ(canonical_ticket_code("K7QM-4XP9'; --"), std::nullopt);
}
