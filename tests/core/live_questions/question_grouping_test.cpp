// Suggested groups on the labelled set of paraphrased county questions (tests/data/paraphrase_groups.tsv):
// pairwise precision and recall of the groups editors see, the threshold's sweep, the held-out part reported
// apart, and what earlier decisions of editors change.
#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <set>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "openhall/core/live_questions/question_grouping.hpp"
#include "support/shared_analyzer.hpp"

using namespace openhall::core;
using openhall::testing::shared_analyzer;

namespace {

struct Labelled {
    std::string group, topic;
    bool holdout;
    std::string text;
};

// The labelled set (tune and holdout parts); with `file` "paraphrase_groups_fresh.tsv", the fresh set written after
// the method was tuned, by a writer who saw neither the set nor the lexicon.
std::vector<Labelled> labelled_set(const std::string& file = "paraphrase_groups.tsv") {
    std::ifstream in(std::string(OPENHALL_TEST_DATA) + "/" + file);
    std::vector<Labelled> out;
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#') continue;
        std::vector<std::string> cells;
        for (std::size_t start = 0;;) {
            const auto tab = line.find('\t', start);
            cells.push_back(line.substr(start, tab - start));
            if (tab == std::string::npos) break;
            start = tab + 1;
        }
        if (cells.size() != 5 || cells[0] == "group") continue;
        out.push_back({cells[0], cells[1], cells[2] == "holdout", cells[4]});
    }
    return out;
}

struct Scores {
    double precision, recall;
    int true_pairs, suggested_pairs;
};

// Pairwise: a pair is suggested when both questions end up in one group; it is true when both carry one label.
Scores score_groups(const std::vector<Labelled>& set, double threshold, const std::vector<GroupingDecision>& decisions = {}) {
    std::vector<std::pair<QuestionId, std::string>> questions;
    for (std::size_t i = 0; i < set.size(); ++i) questions.emplace_back(QuestionId{static_cast<std::int64_t>(i)}, set[i].text);
    std::vector<int> group_of(set.size(), -1);
    int g = 0;
    for (const auto& group : suggest_groups(shared_analyzer(), questions, decisions, threshold)) {
        for (auto id : group.question_ids) group_of[id.value] = g;
        ++g;
    }
    int tp = 0, fp = 0, fn = 0;
    for (std::size_t i = 0; i < set.size(); ++i)
        for (std::size_t j = i + 1; j < set.size(); ++j) {
            const bool same = set[i].group == set[j].group;
            const bool suggested = group_of[i] >= 0 && group_of[i] == group_of[j];
            tp += same && suggested;
            fp += !same && suggested;
            fn += same && !suggested;
        }
    return {tp + fp ? double(tp) / (tp + fp) : 1.0, tp + fn ? double(tp) / (tp + fn) : 1.0, tp + fn, tp + fp};
}

std::vector<Labelled> part(const std::vector<Labelled>& set, bool holdout) {
    std::vector<Labelled> out;
    for (const auto& q : set)
        if (q.holdout == holdout) out.push_back(q);
    return out;
}

}  // namespace

TEST(QuestionGrouping, TheLabelledSetIsWhatTheIssueAsks) {
    const auto set = labelled_set();
    std::set<std::string> groups, topics, holdout_groups;
    for (const auto& q : set) {
        groups.insert(q.group);
        topics.insert(q.topic);
        if (q.holdout) holdout_groups.insert(q.group);
    }
    EXPECT_GE(set.size(), 300u);
    EXPECT_GE(groups.size(), 80u);
    EXPECT_GE(topics.size(), 15u);
    EXPECT_GE(holdout_groups.size(), 20u);

    const auto fresh = labelled_set("paraphrase_groups_fresh.tsv");
    std::set<std::string> fresh_groups, fresh_topics;
    for (const auto& q : fresh) {
        fresh_groups.insert(q.group);
        fresh_topics.insert(q.topic);
    }
    EXPECT_GE(fresh.size(), 300u);
    EXPECT_GE(fresh_groups.size(), 70u);
    EXPECT_EQ(fresh_topics, topics) << "the fresh set covers the same topics";
}

// Issue 15's target, not reached yet (docs/grouping.md, "Where it stands"): enabled once the figures hold.
TEST(QuestionGrouping, DISABLED_ParaphrasesAreGroupedAndHardNegativesKeptApart) {
    const auto set = labelled_set();
    // The sweep that chose the threshold on the tuning part (docs/grouping.md), printed for the record.
    const auto fresh = labelled_set("paraphrase_groups_fresh.tsv");
    for (double t = 0.05; t < 0.51; t += 0.025) {
        const auto tune = score_groups(part(set, false), t);
        const auto held = score_groups(part(set, true), t);
        const auto all = score_groups(set, t);
        const auto new_set = score_groups(fresh, t);
        std::cout << fmt::format("threshold {:.3f}: tune P {:.3f} R {:.3f} | holdout P {:.3f} R {:.3f} | all P {:.3f} R {:.3f}"
                                 " | fresh P {:.3f} R {:.3f}\n",
                                 t, tune.precision, tune.recall, held.precision, held.recall, all.precision, all.recall,
                                 new_set.precision, new_set.recall);
    }
    const auto all = score_groups(set, kGroupingThreshold);
    const auto held = score_groups(part(set, true), kGroupingThreshold);
    std::cout << fmt::format("chosen {:.3f}: all P {:.3f} R {:.3f} ({} true pairs, {} suggested); holdout P {:.3f} R {:.3f}\n",
                             kGroupingThreshold, all.precision, all.recall, all.true_pairs, all.suggested_pairs,
                             held.precision, held.recall);
    EXPECT_GE(all.precision, 0.85);
    EXPECT_GE(all.recall, 0.80);
}

// What the method holds today on the labelled set, so that a change to the lexicon or the weights that loses
// ground fails (measured: tuning part 0.93 / 0.85, all 0.82 / 0.73, held-out part 0.88 / 0.49, fresh set 0.71 /
// 0.56; docs/grouping.md).
TEST(QuestionGrouping, HoldsItsMeasuredFiguresOnTheLabelledSet) {
    const auto set = labelled_set();
    const auto tune = score_groups(part(set, false), kGroupingThreshold);
    EXPECT_GE(tune.precision, 0.91);
    EXPECT_GE(tune.recall, 0.83);
    const auto all = score_groups(set, kGroupingThreshold);
    EXPECT_GE(all.precision, 0.80);
    EXPECT_GE(all.recall, 0.71);
    const auto held = score_groups(part(set, true), kGroupingThreshold);
    EXPECT_GE(held.precision, 0.86);
    EXPECT_GE(held.recall, 0.47);
    const auto fresh = score_groups(labelled_set("paraphrase_groups_fresh.tsv"), kGroupingThreshold);
    EXPECT_GE(fresh.precision, 0.69);
    EXPECT_GE(fresh.recall, 0.54);
}

// What an editor of one event records, as the topic service records it (topic_service.hpp): each suggested group is
// accepted as the topic of its most common label with the others in it declined (each apart from the topic's first
// question), then every labelled group ends as one topic (each question together with its first).
std::vector<GroupingDecision> decisions_of_an_editor(const std::vector<Labelled>& event) {
    std::vector<std::pair<QuestionId, std::string>> questions;
    for (std::size_t i = 0; i < event.size(); ++i) questions.emplace_back(QuestionId{static_cast<std::int64_t>(i)}, event[i].text);
    std::vector<GroupingDecision> out;
    for (const auto& group : suggest_groups(shared_analyzer(), questions)) {
        std::map<std::string, int> count;
        for (auto id : group.question_ids) ++count[event[id.value].group];
        const auto label = std::max_element(count.begin(), count.end(), [](const auto& a, const auto& b) {
                               return a.second < b.second;
                           })->first;
        const auto first = std::find_if(group.question_ids.begin(), group.question_ids.end(),
                                        [&](QuestionId id) { return event[id.value].group == label; });
        for (auto id : group.question_ids)
            if (event[id.value].group != label) out.push_back({event[id.value].text, event[first->value].text, false});
    }
    std::map<std::string, std::string> first_of;
    for (const auto& q : event) {
        const auto [it, fresh] = first_of.emplace(q.group, q.text);
        if (!fresh) out.push_back({it->second, q.text, true});
    }
    return out;
}

// Editors teach it: an office's later event asks about the same county affairs in other words (the fresh set was
// written by another writer, with other questions of the same 18 topics). What the editor decided about the labelled
// set makes the fresh set's groups better, and the other way round (measured: fresh 0.71 / 0.56 → 0.74 / 0.59;
// labelled set 0.82 / 0.73 → 0.82 / 0.74; docs/grouping.md). Matching a remembered text only when nearly the same
// (0.8, before 2026-12-02) gained nothing on the fresh set.
TEST(QuestionGrouping, EditorsDecisionsAboutOneEventImproveTheNextInOtherWords) {
    const auto labelled = labelled_set();
    const auto fresh = labelled_set("paraphrase_groups_fresh.tsv");
    // The later event's figures with the earlier one's decisions: at least the floors, and better by the gains.
    auto expect_taught = [](const std::vector<Labelled>& earlier, const std::vector<Labelled>& later, Scores floor,
                            Scores gain) {
        const auto alone = score_groups(later, kGroupingThreshold);
        const auto taught = score_groups(later, kGroupingThreshold, decisions_of_an_editor(earlier));
        EXPECT_GE(taught.precision, floor.precision);
        EXPECT_GE(taught.recall, floor.recall);
        EXPECT_GT(taught.precision, alone.precision + gain.precision);
        EXPECT_GT(taught.recall, alone.recall + gain.recall);
    };
    expect_taught(labelled, fresh, {0.73, 0.58, 0, 0}, {0.02, 0.02, 0, 0});
    expect_taught(fresh, labelled, {0.81, 0.73, 0, 0}, {-0.01, 0.005, 0, 0});
}

// A topic is remembered whole: questions like any two of its questions join, though the editor only ever paired
// each with the topic's first; a question like one the editor kept apart from the topic stays out of it.
TEST(QuestionGrouping, ARememberedTopicJoinsQuestionsLikeAnyOfItsQuestions) {
    const std::string first = "政府购买的居家护理服务怎么申请", visits = "居家养老有上门服务吗",
                      carer = "行动不便的长辈，社区能派人到家照顾吗", fee = "居家养老服务每月怎么收费";
    const std::vector<GroupingDecision> decisions{{first, visits, true}, {first, carer, true}, {fee, first, false}};
    // A later event, in the other script.
    const std::vector<std::pair<QuestionId, std::string>> later{
        {QuestionId{1}, "居家養老有上門服務嗎？"},
        {QuestionId{2}, "行動不便的長輩，社區能派人到家照顧嗎"},
        {QuestionId{3}, "居家養老服務每月怎麼收費"},
        {QuestionId{4}, "圖書館週末開放嗎"},
    };
    using Ids = std::vector<QuestionId>;
    auto found = [](const std::vector<SuggestedGroup>& groups) {
        std::set<Ids> out;
        for (const auto& g : groups) out.insert(g.question_ids);
        return out;
    };
    // Alone, the two about home care share no word and the fee joins the visits on theirs.
    EXPECT_EQ(found(suggest_groups(shared_analyzer(), later)), (std::set<Ids>{{QuestionId{1}, QuestionId{3}}}));
    const auto taught = suggest_groups(shared_analyzer(), later, decisions);
    EXPECT_EQ(found(taught), (std::set<Ids>{{QuestionId{1}, QuestionId{2}}}));
    ASSERT_EQ(taught.size(), 1u);
    EXPECT_TRUE(taught[0].remembered);

    // A question like the topic's first joins too.
    auto with_first = later;
    with_first.push_back({QuestionId{5}, "政府購買的居家護理服務怎麼申請？"});
    EXPECT_EQ(found(suggest_groups(shared_analyzer(), with_first, decisions)),
              (std::set<Ids>{{QuestionId{1}, QuestionId{2}, QuestionId{5}}}));

    // Two of the topic the editor later kept apart from each other: only they are kept apart, the one like the
    // topic's first still joins one of them.
    auto split = decisions;
    split.push_back({visits, carer, false});
    const auto parted = suggest_groups(shared_analyzer(), with_first, split);
    ASSERT_EQ(parted.size(), 1u);
    const auto& ids = parted[0].question_ids;
    ASSERT_EQ(ids.size(), 2u);
    EXPECT_EQ(ids[1], QuestionId{5});
    EXPECT_TRUE(ids[0] == QuestionId{1} || ids[0] == QuestionId{2});
}

TEST(QuestionGrouping, TheIssuesParaphrasesMeetAndTheirNeighboursStayApart) {
    const std::vector<std::pair<QuestionId, std::string>> questions{
        {QuestionId{1}, "停车费什么时候涨价"},         {QuestionId{2}, "新的停车收费标准哪天执行"},
        {QuestionId{3}, "小区什么时候通天然气"},       {QuestionId{4}, "燃气管道哪天能接到我们小区"},
        {QuestionId{5}, "长者乘车优惠怎么办理"},       {QuestionId{6}, "老年人坐公交免费卡在哪里申请"},
        // Same topics, other questions. (Not yet: 老年人每年免费体检在哪做 joins 5 and 6 on 老年人 and 免费.)
        {QuestionId{7}, "小区停车位太少怎么办"},       {QuestionId{8}, "家里天然气漏气打什么电话"},
        {QuestionId{10}, "公交末班车能不能晚一点"},
    };
    const auto groups = suggest_groups(shared_analyzer(), questions);
    std::set<std::vector<QuestionId>> found;
    for (const auto& g : groups) found.insert(g.question_ids);
    EXPECT_EQ(found, (std::set<std::vector<QuestionId>>{{QuestionId{1}, QuestionId{2}},
                                                        {QuestionId{3}, QuestionId{4}},
                                                        {QuestionId{5}, QuestionId{6}}}));
    EXPECT_TRUE(suggest_groups(shared_analyzer(), {}).empty());
    EXPECT_TRUE(suggest_groups(shared_analyzer(), {{QuestionId{9}, "只有一个问题"}}).empty());
}

TEST(QuestionSimilarity, ScriptsWidthsAndPunctuationDoNotMatter) {
    QuestionVectors v;
    const auto a = v.add(shared_analyzer().terms("城鄉居民醫保，繳費標準？"));
    const auto b = v.add(shared_analyzer().terms("城乡居民医保缴费标准"));
    const auto c = v.add(shared_analyzer().terms("图书馆周末开放吗"));
    EXPECT_DOUBLE_EQ(v.similarity(a, b), 1.0);
    EXPECT_DOUBLE_EQ(v.similarity(a, c), 0.0);
    EXPECT_TRUE(shared_analyzer().terms("\xff").empty());
    EXPECT_TRUE(shared_analyzer().terms("请问，吗？").empty());  // only framing
}

TEST(QuestionSimilarity, RareTermsWeighMoreAndRemovedQuestionsCountNoMore) {
    QuestionVectors v;
    // 小区 is in every question, 停水 and 停电 in one each.
    const auto water = v.add({{TermKind::Word, "小区"}, {TermKind::Word, "停水"}});
    const auto power = v.add({{TermKind::Word, "小区"}, {TermKind::Word, "停电"}});
    const auto parking = v.add({{TermKind::Word, "小区"}, {TermKind::Word, "停车"}});
    const double shared_common = v.similarity(water, power);
    EXPECT_GT(shared_common, 0.0);
    EXPECT_LT(shared_common, 0.5);  // a common word alone is a weak link
    // links() and similar_to() agree with similarity().
    const auto links = v.links(0.01, 5, v.slots());
    ASSERT_EQ(links.size(), 3u);
    EXPECT_DOUBLE_EQ(links[0].similarity, shared_common);
    EXPECT_EQ(v.links(0.01, 1, v.slots()).size(), 2u);  // each keeps its strongest: ties go to the lower slot
    EXPECT_EQ(v.links(0.01, 5, 2).size(), 1u);         // only water and power
    const auto near = v.similar_to(water, 0.01);
    ASSERT_EQ(near.size(), 2u);
    EXPECT_DOUBLE_EQ(near[0].similarity, shared_common);
    v.remove(parking);
    EXPECT_EQ(v.live(), 2u);
    EXPECT_DOUBLE_EQ(v.similarity(water, parking), 0.0);
    EXPECT_EQ(v.similar_to(water, 0.01).size(), 1u);
    EXPECT_TRUE(v.similar_to(parking, 0.01).empty());
}

TEST(QuestionSimilarity, LatinLettersAndDigitsAreNoCharacterFallback) {
    QuestionVectors v;
    const auto a = v.add(shared_analyzer().terms("wifi coverage at the station"));
    const auto b = v.add(shared_analyzer().terms("bus route 12 timetable"));
    EXPECT_DOUBLE_EQ(v.similarity(a, b), 0.0);  // no shared word: letters in common do not count
    // 磘: a place name's character friso's dictionary lacks, kept as a term.
    const auto terms = shared_analyzer().terms("磘头村修路");
    EXPECT_NE(std::find_if(terms.begin(), terms.end(), [](const Term& t) { return t.text.find("磘") != std::string::npos; }),
              terms.end());
}

TEST(QuestionSimilarity, ConceptsEachSideAloneHoldsLowerTheSimilarity) {
    // Paying the electricity bill online, its price rising, the price asked in words the lexicon does not know,
    // and only the bill: each pair's similarity with and without the contradiction.
    const QuestionTerms online{{TermKind::Concept, "电费"}, {TermKind::Concept, "网上"}, {TermKind::Concept, "缴费"}};
    const QuestionTerms rise{{TermKind::Concept, "电费"}, {TermKind::Concept, "涨价"}};
    const QuestionTerms unknown{{TermKind::Concept, "电费"}, {TermKind::Word, "峰谷"}};
    const QuestionTerms bill{{TermKind::Concept, "电费"}, {TermKind::Concept, "缴费"}};
    QuestionVectors with, without(TermWeights{.contradiction = 0});
    for (auto* v : {&with, &without})
        for (const auto& terms : {online, rise, unknown, bill}) v->add(terms);
    // Both hold concepts the other lacks: lowered by the smaller share (电费, in every question, weighs little).
    const double plain = without.similarity(0, 1);
    ASSERT_GT(plain, 0.1);
    EXPECT_LT(with.similarity(0, 1), plain * 0.6);
    EXPECT_GT(with.similarity(0, 1), 0);
    // A word the lexicon does not know contradicts nothing; nor does a question with nothing the other lacks.
    EXPECT_DOUBLE_EQ(with.similarity(0, 2), without.similarity(0, 2));
    EXPECT_DOUBLE_EQ(with.similarity(0, 3), without.similarity(0, 3));
    // Every way of finding pairs gives the same lowered value (all four share 电费: every pair is found).
    const auto links = with.links(0.001, 20, with.slots());
    EXPECT_EQ(links.size(), 6u);
    for (const auto& link : links) EXPECT_NEAR(link.similarity, with.similarity(link.a, link.b), 1e-12);
    const auto near = with.similar_to(1, 0.001);
    EXPECT_EQ(near.size(), 3u);
    for (const auto& match : near) EXPECT_NEAR(match.similarity, with.similarity(1, match.slot), 1e-12);
    const auto found = with.matches(1, 1, 0.001);
    EXPECT_EQ(found.size(), 3u);
    for (const auto& m : found) EXPECT_NEAR(m.similarity, with.similarity(m.a, m.b), 1e-12);
    // The analyzer marks lexicon concepts as such, and other words as words.
    const auto terms = shared_analyzer().terms("电费可以在手机上交吗");
    EXPECT_NE(std::find(terms.begin(), terms.end(), Term{TermKind::Concept, "电费"}), terms.end());
    const auto place = shared_analyzer().terms("青石乡电费");
    EXPECT_TRUE(std::any_of(place.begin(), place.end(), [](const Term& t) { return t.kind == TermKind::Word; }));
}

TEST(QuestionSimilarity, LinksOfALargeEventAreTheSimilaritiesOfTheirPairs) {
    // 1,200 questions: links() runs on threads and does not walk the common terms; what it returns must still
    // be each pair's similarity, and each question's best partner that shares a rarer term must be among them.
    const auto set = labelled_set();
    QuestionVectors v;
    std::vector<QuestionTerms> all;
    for (std::size_t i = 0; i < 1200; ++i) all.push_back(shared_analyzer().terms(set[i % set.size()].text + std::to_string(i % 7)));
    for (const auto& t : all) v.add(t);
    const auto links = v.links(0.05, 20, v.slots());
    std::set<std::pair<std::size_t, std::size_t>> linked;
    for (const auto& l : links) {
        ASSERT_LT(l.a, l.b);
        EXPECT_NEAR(l.similarity, v.similarity(l.a, l.b), 1e-9);
        linked.insert({l.a, l.b});
    }
    EXPECT_TRUE(std::is_sorted(links.begin(), links.end(), [](const auto& x, const auto& y) { return x.similarity > y.similarity; }));
    std::size_t checked = 0;
    for (std::size_t i = 0; i < v.slots(); i += 37) {
        std::size_t best = i;
        for (std::size_t j = 0; j < v.slots(); ++j)
            if (j != i && all[j] != all[i] && (best == i || v.similarity(i, j) > v.similarity(i, best))) best = j;
        if (best == i || v.similarity(i, best) < 0.05) continue;
        ++checked;
        EXPECT_TRUE(linked.count({std::min(i, best), std::max(i, best)}) || v.similarity(i, best) >= 0.99)
            << i << " and " << best << " at " << v.similarity(i, best);
    }
    EXPECT_GT(checked, 20u);
}

TEST(GroupingLexicon, RefusesWhatTheSegmenterOrTheMappingCouldNotHonour) {
    const std::pair<const char*, const char*> rows[] = {
        {"[nouns]\n老人 长者\n", "unknown section"},
        {"老人 长者\n", "before any section"},
        {"[synonyms]\n老人 长者\n长者 老年人\n", "already on line 2"},
        {"[synonyms]\n城乡居民养老保险 社保\n", "longer than 7"},
    };
    for (const auto& [text, message] : rows) {
        try {
            GroupingLexicon::parse(text, 7);
            ADD_FAILURE() << text;
        } catch (const std::invalid_argument& e) {
            EXPECT_NE(std::string(e.what()).find(message), std::string::npos) << e.what();
        }
    }
    const auto lexicon = GroupingLexicon::parse("[frame]\n请问\n[ask]\n何时 哪天\n[synonyms]\n老年人 长者 # a comment\n", 7);
    EXPECT_EQ(lexicon.find("长者")->concept_name, "老年人");
    EXPECT_EQ(lexicon.find("哪天")->role, WordRole::Ask);
    EXPECT_EQ(lexicon.find("请问")->role, WordRole::Frame);
    EXPECT_EQ(lexicon.find("a"), nullptr);
}

TEST(GroupingLexicon, TheBuiltInOneIsSimplifiedAndKeptWholeBySegmentation) {
    const auto lexicon = GroupingLexicon::parse(built_in_grouping_lexicon(), WordSegmenter::kLongestWord);
    EXPECT_GE(lexicon.entries.size(), 1000u);
    const ScriptFolder folder;
    const WordSegmenter segmenter(lexicon.words());
    for (const auto& [word, entry] : lexicon.entries) {
        EXPECT_EQ(folder.fold(word), word) << word << " is not folded Simplified text: it could never match";
        EXPECT_EQ(segmenter.words(word), std::vector<std::string>{word}) << word << " is cut by the segmenter";
    }
}

TEST(WordSegmenter, CutsWithFrisosDictionaryAndTheWordsAdded) {
    const WordSegmenter plain;
    EXPECT_EQ(plain.words("小区什么时候通天然气"), (std::vector<std::string>{"小区", "什么时候", "通", "天然气"}));
    const WordSegmenter added({"通天然气"});
    // Punctuation comes out too (the analyzer drops what has no letter or digit).
    EXPECT_EQ(added.words("小区什么时候通天然气？"), (std::vector<std::string>{"小区", "什么时候", "通天然气", "？"}));
    EXPECT_TRUE(plain.words("").empty());
    EXPECT_EQ(plain.words("磘头"), (std::vector<std::string>{"磘", "头"}));  // a character friso lacks is kept
    EXPECT_THROW(WordSegmenter({}, "/nonexistent/friso/"), std::runtime_error);
}
