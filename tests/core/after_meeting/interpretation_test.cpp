// The interpretation status table walked whole, review rules, Markdown made safe, and line diffs of versions.
#include <gtest/gtest.h>

#include "openhall/core/after_meeting/interpretation.hpp"
#include "openhall/core/text/markdown.hpp"
#include "openhall/core/text/text_diff.hpp"

using namespace openhall::core;
using S = InterpretationStatus;

namespace {

constexpr S kAll[] = {S::Draft, S::InReview, S::PrePublished, S::Published, S::Withdrawn};

Interpretation in_state(S status, int head, std::optional<int> approved, std::optional<int> shown = std::nullopt) {
    Interpretation i;
    i.status = status;
    i.head_version = head;
    i.approved_version = approved;
    i.public_version = shown;
    return i;
}

bool in_table(S from, S to) {
    for (const auto& t : interpretation_transitions())
        if (t.from == from && t.to == to) return true;
    return false;
}

TEST(InterpretationTransitions, EveryPairOutsideTheTableIsIllegalAndNamesTheCurrentState) {
    for (auto from : kAll)
        for (auto to : kAll) {
            // With the head approved and newer than the public text, only the table decides.
            auto result = check_transition(in_state(from, 2, 2, 1), to);
            EXPECT_EQ(result.ok(), in_table(from, to)) << wire_name(from) << " → " << wire_name(to);
            if (!result.ok()) {
                EXPECT_EQ(result.error().code, ErrorCode::IllegalTransition);
                EXPECT_NE(result.error().message.find(wire_name(from)), std::string::npos) << result.error().message;
            }
        }
}

TEST(InterpretationTransitions, PublishingNeedsTheLatestVersionApproved) {
    for (const auto& t : interpretation_transitions()) {
        if (!t.needs_approval) continue;
        EXPECT_FALSE(check_transition(in_state(t.from, 3, std::nullopt, 1), t.to).ok());
        auto stale = check_transition(in_state(t.from, 3, 2, 1), t.to);
        ASSERT_FALSE(stale.ok());
        EXPECT_NE(stale.error().message.find("version 3 has not been approved (version 2 was)"), std::string::npos);
        EXPECT_TRUE(check_transition(in_state(t.from, 3, 3, 1), t.to).ok());
    }
}

TEST(InterpretationTransitions, RepublishingTheSameVersionIsRefused) {
    EXPECT_FALSE(check_transition(in_state(S::Published, 2, 2, 2), S::Published).ok());
}

TEST(InterpretationReview, OnlyInReviewOrAnUnpublishedRevisionCanBeReviewed) {
    EXPECT_TRUE(accepts_review(in_state(S::InReview, 1, std::nullopt)));
    EXPECT_TRUE(accepts_review(in_state(S::Published, 2, 1, 1)));
    EXPECT_FALSE(accepts_review(in_state(S::Published, 1, 1, 1)));
    EXPECT_FALSE(accepts_review(in_state(S::Draft, 1, std::nullopt)));
    EXPECT_FALSE(accepts_review(in_state(S::PrePublished, 1, 1, 1)));
    EXPECT_FALSE(accepts_review(in_state(S::Withdrawn, 1, 1, 1)));
}

TEST(InterpretationVersions, OnlyAWithdrawnInterpretationTakesNoNewVersion) {
    for (auto s : kAll) EXPECT_EQ(accepts_new_versions(s), s != S::Withdrawn) << wire_name(s);
}

TEST(InterpretationLinks, SurviveTheirJsonForm) {
    InterpretationLinks links{{QuestionId{3}, QuestionId{7}}, {TopicId{2}}, {AgendaItemId{1}}, {{95.5, "局长答复"}},
                              {{3, "年底前新增车位"}}};
    EXPECT_EQ(links_from_json(to_json(links)), links);
}

TEST(Markdown, RawHtmlAndScriptLinksAreRemoved) {
    const auto html = render_markdown("**加粗** <script>alert(1)</script>\n\n[点](javascript:alert(1)) [回放](/events/3?t=95)");
    EXPECT_NE(html.find("<strong>加粗</strong>"), std::string::npos);
    EXPECT_EQ(html.find("<script"), std::string::npos) << html;
    EXPECT_EQ(html.find("javascript:"), std::string::npos) << html;
    EXPECT_NE(html.find("href=\"/events/3?t=95\""), std::string::npos) << html;
}

TEST(Markdown, ExcerptIsTheTextAloneCutAtACharacter) {
    EXPECT_EQ(markdown_excerpt("## 标题\n\n正文**加粗**。", 100), "标题 正文加粗。");
    EXPECT_EQ(markdown_excerpt("一二三四五六", 4), "一二三四…");
}

TEST(TextDiff, MarksRemovedBeforeAddedAndKeepsCommonLines) {
    auto diff = diff_lines("标题\n旧的一行\n结尾", "标题\n新的一行\n结尾\n补充");
    std::vector<DiffLine> expected{{DiffLine::Op::Same, "标题"},      {DiffLine::Op::Removed, "旧的一行"},
                                   {DiffLine::Op::Added, "新的一行"}, {DiffLine::Op::Same, "结尾"},
                                   {DiffLine::Op::Added, "补充"}};
    EXPECT_EQ(diff, expected);
}

}  // namespace
