// The moderation rules, votes once per viewer, merges carrying votes and tickets, idempotent asks, room
// questions, and the position of a question in the recording.
#include <gtest/gtest.h>

#include "openhall/core/events/event_service.hpp"
#include "openhall/core/live_questions/question_service.hpp"
#include "support/temp_dir.hpp"

using namespace openhall::core;
using namespace std::chrono;
using openhall::testing::TempDir;

namespace {

class QuestionServiceTest : public ::testing::Test {
protected:
    QuestionServiceTest() : db_(dir_.path() / "openhall.db"), clock_(*parse_rfc3339("2026-12-08T09:30:00+08:00")) {
        db_.migrate();
        EventDraft d{EventKind::Interview, "政务访谈：公交线网优化", "", "", *parse_rfc3339("2026-12-08T09:00:00+08:00"),
                     *parse_rfc3339("2026-12-08T10:00:00+08:00"), std::nullopt};
        event_ = events_.create(staff_, d)->id;
        EXPECT_TRUE(events_.change_status(staff_, event_, EventStatus::Scheduled).ok());
        EXPECT_TRUE(events_.change_status(staff_, event_, EventStatus::Live).ok());
    }

    WallMillis now() const { return time_point_cast<milliseconds>(clock_.now()); }

    Question ask(const std::string& client_id, const std::string& text = "公交12路能否延长到新区？") {
        return questions_.ask(NewQuestion{event_, client_id, text, "市民", QuestionSource::Online,
                                          QuestionStatus::Pending, "", now(), std::nullopt, "viewer-a", "127.0.0.1", "", std::nullopt, ""})
            .question;
    }

    Result<ModerationOutcome> moderate(QuestionId id, ModerationAction action, std::optional<QuestionId> into = {}) {
        return questions_.moderate(moderator_, id, action, into, "重复");
    }

    TempDir dir_;
    Database db_;
    ManualClock clock_;
    EventService events_{db_, clock_};
    QuestionService questions_{db_, clock_};
    const Actor staff_{"scheduler1"};
    const Actor moderator_{"moderator1"};
    EventId event_;
};

}  // namespace

TEST_F(QuestionServiceTest, AskStoresAPendingQuestionWithATicketAndTheSameClientIdStoresNothingNew) {
    auto first = questions_.ask(NewQuestion{event_, "c-1", "末班车能否延后？", "", QuestionSource::Online,
                                            QuestionStatus::Pending, "", now(), std::nullopt, "v", "", "", std::nullopt, ""});
    EXPECT_TRUE(first.created);
    EXPECT_EQ(first.question.status, QuestionStatus::Pending);
    EXPECT_EQ(first.question.ticket.size(), 9u);
    auto again = questions_.ask(NewQuestion{event_, "c-1", "different text on retry", "", QuestionSource::Online,
                                            QuestionStatus::Pending, "", now(), std::nullopt, "v", "", "", std::nullopt, ""});
    EXPECT_FALSE(again.created);
    EXPECT_EQ(again.question, first.question);
    EXPECT_EQ(questions_.list(event_).size(), 1u);
}

TEST_F(QuestionServiceTest, MediaOffsetComesFromTheRecordedTimeline) {
    MediaSegmentRepository media(db_);
    const auto start = now() - seconds{20};
    for (int i = 0; i < 10; ++i)
        media.insert(event_, MediaSegment{i, "seg.ts", seconds{i}, seconds{1}, start + seconds{i}, false});
    EXPECT_EQ(ask("early").media_offset_s.value_or(-1), 20.0);  // past the last segment: the live edge
    clock_.set(clock_.now() - seconds{15});
    EXPECT_EQ(ask("inside").media_offset_s.value_or(-1), 5.0);
    clock_.set(clock_.now() - seconds{60});
    EXPECT_FALSE(ask("before").media_offset_s.has_value());
}

TEST_F(QuestionServiceTest, EveryModerationTransitionFollowsTheRules) {
    using A = ModerationAction;
    using S = QuestionStatus;
    const auto q = ask("c-1").id;
    EXPECT_EQ(moderate(q, A::Pin).error().code, ErrorCode::IllegalTransition);  // pending: not public
    EXPECT_EQ(moderate(q, A::Approve)->question.status, S::Approved);
    EXPECT_FALSE(moderate(q, A::Approve)->changed);  // again: nothing to do
    EXPECT_TRUE(moderate(q, A::Pin)->question.pinned);
    EXPECT_EQ(moderate(q, A::Answered)->question.status, S::Answered);
    EXPECT_TRUE(questions_.find(q)->pinned) << "marking answered keeps the pin";
    EXPECT_EQ(moderate(q, A::Approve)->question.status, S::Approved) << "answered-live is a toggle";
    EXPECT_FALSE(moderate(q, A::Unpin)->question.pinned);
    auto rejected = moderate(q, A::Reject);
    EXPECT_EQ(rejected->question.status, S::Rejected);
    EXPECT_EQ(rejected->question.reject_reason, "重复");
    EXPECT_EQ(moderate(q, A::Answered).error().code, ErrorCode::IllegalTransition);
    EXPECT_EQ(moderate(q, A::Pin).error().code, ErrorCode::IllegalTransition);
    EXPECT_EQ(moderate(q, A::Approve)->question.status, S::Approved) << "a moderator may change their mind";
    EXPECT_EQ(moderate(QuestionId{999}, A::Approve).error().code, ErrorCode::NotFound);
    auto long_reason = questions_.moderate(moderator_, q, A::Reject, std::nullopt, std::string(501, 'x'));
    EXPECT_EQ(long_reason.error().code, ErrorCode::InvalidInput);
}

TEST_F(QuestionServiceTest, ModerationIsAuditedWithTheInternalReason) {
    const auto q = ask("c-1").id;
    ASSERT_TRUE(moderate(q, ModerationAction::Reject).ok());
    AuditLog audit(db_);
    auto history = audit.for_object("question", q.value);
    ASSERT_EQ(history.size(), 2u);
    EXPECT_EQ(history[0].action, "question.ask");
    EXPECT_EQ(history[1].action, "question.reject");
    EXPECT_EQ(history[1].actor, "moderator1");
    EXPECT_EQ(history[1].before["status"], "pending");
    EXPECT_EQ(history[1].after["reject_reason"], "重复");
}

TEST_F(QuestionServiceTest, VotesCountOncePerViewerAndOnlyOnPublicQuestions) {
    const auto q = ask("c-1").id;
    EXPECT_EQ(questions_.vote(q, "v1").error().code, ErrorCode::IllegalTransition);
    ASSERT_TRUE(moderate(q, ModerationAction::Approve).ok());
    EXPECT_TRUE(questions_.vote(q, "v1")->counted);
    EXPECT_FALSE(questions_.vote(q, "v1")->counted);
    EXPECT_TRUE(questions_.vote(q, "v2")->counted);
    EXPECT_EQ(questions_.find(q)->votes, 2);
    EXPECT_EQ(questions_.vote(QuestionId{999}, "v1").error().code, ErrorCode::NotFound);
}

TEST_F(QuestionServiceTest, MergeCarriesVotesOnceAndTheMergedTicketFollowsTheTarget) {
    const auto a = ask("c-a", "公交12路延长？");
    const auto b = ask("c-b", "12路公交能否延长到新区");
    ASSERT_TRUE(moderate(a.id, ModerationAction::Approve).ok());
    ASSERT_TRUE(moderate(b.id, ModerationAction::Approve).ok());
    ASSERT_TRUE(questions_.vote(a.id, "v1").ok());
    ASSERT_TRUE(questions_.vote(a.id, "v2").ok());
    ASSERT_TRUE(questions_.vote(b.id, "v2").ok());  // voted for both: counts once after the merge
    ASSERT_TRUE(questions_.vote(b.id, "v3").ok());
    EXPECT_EQ(moderate(b.id, ModerationAction::Merge).error().code, ErrorCode::InvalidInput);  // no "into"
    EXPECT_EQ(moderate(b.id, ModerationAction::Merge, b.id).error().code, ErrorCode::InvalidInput);
    auto merged = moderate(b.id, ModerationAction::Merge, a.id);
    ASSERT_TRUE(merged.ok());
    EXPECT_EQ(merged->question.status, QuestionStatus::Merged);
    EXPECT_EQ(merged->question.merged_into, a.id);
    ASSERT_TRUE(merged->merged_into.has_value());
    EXPECT_EQ(merged->merged_into->votes, 3);
    EXPECT_EQ(questions_.find(a.id)->votes, 3);

    auto view = questions_.ticket(b.ticket);
    ASSERT_TRUE(view.has_value());
    EXPECT_TRUE(view->merged);
    EXPECT_EQ(view->question.id, a.id);
    EXPECT_EQ(moderate(b.id, ModerationAction::Approve).error().code, ErrorCode::IllegalTransition);
    EXPECT_EQ(moderate(a.id, ModerationAction::Merge, b.id).error().code, ErrorCode::IllegalTransition);
    // A vote for the merged question counts for its target.
    auto redirected = questions_.vote(b.id, "v4");
    EXPECT_EQ(redirected->question, a.id);
    EXPECT_EQ(questions_.find(a.id)->votes, 4);
}

TEST_F(QuestionServiceTest, MergeOnlyWithinTheSameEvent) {
    EventDraft d{EventKind::Hearing, "另一场听证会", "", "", *parse_rfc3339("2026-12-09T09:00:00+08:00"),
                 *parse_rfc3339("2026-12-09T10:00:00+08:00"), std::nullopt};
    const auto other_event = events_.create(staff_, d)->id;
    const auto here = ask("c-1").id;
    auto there = questions_.ask(NewQuestion{other_event, "c-2", "别处的问题", "", QuestionSource::Online,
                                            QuestionStatus::Pending, "", now(), std::nullopt, "", "", "", std::nullopt, ""});
    EXPECT_EQ(moderate(here, ModerationAction::Merge, there.question.id).error().code, ErrorCode::InvalidInput);
}

TEST_F(QuestionServiceTest, TicketsAreFoundAsTypedAndUnknownOnesAreNot) {
    const auto q = ask("c-1");
    std::string typed = q.ticket;
    for (auto& c : typed) c = static_cast<char>(std::tolower(c));
    typed.erase(4, 1);
    auto view = questions_.ticket(typed);
    ASSERT_TRUE(view.has_value());
    EXPECT_EQ(view->ticket, q.ticket);
    EXPECT_FALSE(view->merged);
    EXPECT_FALSE(questions_.ticket("ZZZZ-ZZZZ").has_value());
    EXPECT_FALSE(questions_.ticket("nonsense").has_value());
}

TEST_F(QuestionServiceTest, RoomQuestionsAreApprovedRecordTheirSourceAndNeedALiveOrEndedEvent) {
    auto q = questions_.enter_room_question(staff_, event_, "  列席代表：停车位不足怎么办？ ", "列席代表 王", now());
    ASSERT_TRUE(q.ok()) << q.error().message;
    EXPECT_EQ(q->source, QuestionSource::Room);
    EXPECT_EQ(q->status, QuestionStatus::Approved);
    EXPECT_EQ(q->text, "列席代表：停车位不足怎么办？");
    EXPECT_EQ(q->entered_by, "scheduler1");
    EXPECT_EQ(questions_.enter_room_question(staff_, event_, "", "", now()).error().code, ErrorCode::InvalidInput);
    EXPECT_EQ(questions_.enter_room_question(staff_, EventId{999}, "问题", "", now()).error().code, ErrorCode::NotFound);
    EventDraft d{EventKind::Hearing, "尚未开始的听证会", "", "", *parse_rfc3339("2026-12-09T09:00:00+08:00"),
                 *parse_rfc3339("2026-12-09T10:00:00+08:00"), std::nullopt};
    const auto draft = events_.create(staff_, d)->id;
    EXPECT_EQ(questions_.enter_room_question(staff_, draft, "问题", "", now()).error().code, ErrorCode::EventLocked);
}

TEST_F(QuestionServiceTest, PublicListIsOrderedByPinsThenVotesThenTime) {
    const auto older = ask("c-1").id;
    clock_.advance(seconds{5});
    const auto newer = ask("c-2").id;
    clock_.advance(seconds{5});
    const auto voted = ask("c-3").id;
    const auto pending = ask("c-4").id;
    for (auto id : {older, newer, voted}) ASSERT_TRUE(moderate(id, ModerationAction::Approve).ok());
    ASSERT_TRUE(questions_.vote(voted, "v1").ok());
    ASSERT_TRUE(moderate(newer, ModerationAction::Pin).ok());
    auto list = questions_.list(event_, {QuestionStatus::Approved, QuestionStatus::Answered});
    ASSERT_EQ(list.size(), 3u);
    EXPECT_EQ(list[0].id, newer);
    EXPECT_EQ(list[1].id, voted);
    EXPECT_EQ(list[2].id, older);
    EXPECT_EQ(questions_.list(event_, {QuestionStatus::Pending}).front().id, pending);
}
