#include <fstream>
#include <iostream>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "openhall/core/live_questions/question_grouping.hpp"

using namespace openhall::core;

namespace {

struct LabelledPair {
    bool same;
    std::string a, b;
};

std::vector<LabelledPair> labelled_pairs() {
    std::ifstream in(std::string(OPENHALL_TEST_DATA) + "/question_pairs.tsv");
    std::vector<LabelledPair> pairs;
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#') continue;
        const auto t1 = line.find('\t'), t2 = line.find('\t', t1 + 1);
        pairs.push_back({line.substr(0, t1) == "1", line.substr(t1 + 1, t2 - t1 - 1), line.substr(t2 + 1)});
    }
    return pairs;
}

struct Scores {
    double precision, recall;
};

Scores score(const ScriptFolder& folder, const std::vector<LabelledPair>& pairs, double threshold) {
    int tp = 0, fp = 0, fn = 0;
    for (const auto& p : pairs) {
        const bool linked = question_similarity(folder, p.a, p.b) >= threshold;
        tp += linked && p.same;
        fp += linked && !p.same;
        fn += !linked && p.same;
    }
    return {tp + fp ? double(tp) / (tp + fp) : 1.0, tp + fn ? double(tp) / (tp + fn) : 1.0};
}

}  // namespace

TEST(ScriptFolder, FoldsScriptsWidthsCaseAndPunctuation) {
    ScriptFolder folder;
    EXPECT_EQ(folder.fold("城鄉居民醫保，繳費標準？"), folder.fold("城乡居民医保缴费标准"));
    EXPECT_EQ(folder.fold("ＷｉＦｉ １２路"), "wifi12路");
    EXPECT_EQ(folder.fold("\xff"), "");
}

TEST(QuestionGrouping, BigramsAndJaccard) {
    EXPECT_EQ(character_bigrams("水价").size(), 1u);
    EXPECT_EQ(character_bigrams("水").size(), 1u);
    EXPECT_TRUE(character_bigrams("").empty());
    EXPECT_DOUBLE_EQ(jaccard(character_bigrams("abc"), character_bigrams("abc")), 1.0);
    EXPECT_DOUBLE_EQ(jaccard(character_bigrams("abcd"), character_bigrams("cdef")), 1.0 / 5);  // {cd} of {ab,bc,cd,de,ef}
    EXPECT_DOUBLE_EQ(jaccard({}, {}), 0.0);
}

TEST(QuestionGrouping, TheThresholdHoldsOnTheLabelledPairs) {
    ScriptFolder folder;
    const auto pairs = labelled_pairs();
    ASSERT_GE(pairs.size(), 60u);
    // The sweep that chose the threshold (docs/grouping.md), printed for the record.
    for (double t = 0.15; t < 0.61; t += 0.05) {
        const auto s = score(folder, pairs, t);
        std::cout << fmt::format("threshold {:.2f}: precision {:.2f}, recall {:.2f}\n", t, s.precision, s.recall);
    }
    const auto chosen = score(folder, pairs, kGroupingThreshold);
    // Measured when it was chosen: precision 0.79, recall 0.87 (suggestions: editors accept or split them).
    EXPECT_GE(chosen.precision, 0.75);
    EXPECT_GE(chosen.recall, 0.80);
}

TEST(QuestionGrouping, LinkedQuestionsFormGroupsLargestFirst) {
    ScriptFolder folder;
    const std::vector<std::pair<QuestionId, std::string>> questions{
        {QuestionId{1}, "冬季供暖什么时候开始？"},     {QuestionId{2}, "自来水价格会上涨吗？"},
        {QuestionId{3}, "冬季供暖何時開始？"},         {QuestionId{4}, "图书馆周末开放吗？"},
        {QuestionId{5}, "自來水價格是否會上漲？"},     {QuestionId{6}, "今年冬季供暖什么时候开始供暖"},
    };
    const auto groups = suggest_groups(folder, questions);
    ASSERT_EQ(groups.size(), 2u);
    EXPECT_EQ(groups[0].question_ids, (std::vector{QuestionId{1}, QuestionId{3}, QuestionId{6}}));
    EXPECT_EQ(groups[1].question_ids, (std::vector{QuestionId{2}, QuestionId{5}}));
    EXPECT_GE(groups[0].min_similarity, kGroupingThreshold);
    EXPECT_LE(groups[0].min_similarity, 1.0);
    EXPECT_TRUE(suggest_groups(folder, {}).empty());
    EXPECT_TRUE(suggest_groups(folder, {{QuestionId{9}, "只有一个问题"}}).empty());
}
