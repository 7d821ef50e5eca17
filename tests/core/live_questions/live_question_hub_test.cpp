// The hub: the in-process question bus. Every change is handed on numbered per event in the order it was
// committed, asks are answered after their commit (the same answer for a retried client id), votes count once
// and go out coalesced, and a snapshot is current as of the number it carries.
#include <condition_variable>
#include <future>
#include <mutex>

#include <gtest/gtest.h>

#include "openhall/core/events/event_service.hpp"
#include "openhall/core/live_questions/live_question_hub.hpp"
#include "support/temp_dir.hpp"

using namespace openhall::core;
using namespace std::chrono;
using openhall::testing::TempDir;

namespace {

class LiveQuestionHubTest : public ::testing::Test {
protected:
    LiveQuestionHubTest() : clock_(*parse_rfc3339("2026-12-08T09:30:00+08:00")) {
        Database db(file());
        db.migrate();
        EventService events(db, clock_);
        EventDraft d{EventKind::PressConference, "新闻发布会", "", "", *parse_rfc3339("2026-12-08T09:00:00+08:00"),
                     *parse_rfc3339("2026-12-08T10:00:00+08:00"), std::nullopt};
        event_ = events.create(Actor{"s"}, d)->id;
        draft_ = events.create(Actor{"s"}, d)->id;
        (void)events.change_status(Actor{"s"}, event_, EventStatus::Scheduled);
        (void)events.change_status(Actor{"s"}, event_, EventStatus::Live);
        writer_ = std::make_unique<QuestionWriter>(file(), clock_);
        hub_ = std::make_unique<LiveQuestionHub>(*writer_, file(), clock_);
        hub_->listen([this](const RoomUpdate& u) {
            std::lock_guard lock(mutex_);
            updates_.push_back(u);
            arrived_.notify_all();
        });
    }
    ~LiveQuestionHubTest() override { writer_->stop(); }

    std::filesystem::path file() const { return dir_.path() / "openhall.db"; }

    NewQuestion asked(const std::string& client_id, const std::string& text) {
        return NewQuestion{event_, client_id, text, "", QuestionSource::Online, QuestionStatus::Pending, "",
                           time_point_cast<milliseconds>(clock_.now()), std::nullopt, "viewer-" + client_id, "", "", std::nullopt, ""};
    }
    AskReply ask(const NewQuestion& q) {
        std::promise<AskReply> reply;
        hub_->ask(q, [&](AskReply r) { reply.set_value(std::move(r)); });
        return reply.get_future().get();
    }
    VoteReply vote(QuestionId q, const std::string& viewer) {
        std::promise<VoteReply> reply;
        hub_->vote(event_, q, viewer, [&](VoteReply r) { reply.set_value(r); });
        return reply.get_future().get();
    }
    ModerationReply moderate(QuestionId q, ModerationAction action, std::optional<QuestionId> into = std::nullopt) {
        std::promise<ModerationReply> reply;
        hub_->moderate(Actor{"moderator"}, {q, action, into, ""}, [&](ModerationReply r) { reply.set_value(r); });
        return reply.get_future().get();
    }
    // The updates handed on so far, once there are at least `n`.
    std::vector<RoomUpdate> updates(std::size_t n) {
        std::unique_lock lock(mutex_);
        arrived_.wait_for(lock, seconds(10), [&] { return updates_.size() >= n; });
        return updates_;
    }

    TempDir dir_;
    ManualClock clock_;
    EventId event_, draft_;
    std::unique_ptr<QuestionWriter> writer_;
    std::unique_ptr<LiveQuestionHub> hub_;
    std::mutex mutex_;
    std::condition_variable arrived_;
    std::vector<RoomUpdate> updates_;
};

}  // namespace

TEST_F(LiveQuestionHubTest, AnAskIsAnsweredAfterItsCommitAndHandedOnNumbered) {
    const auto first_seq = hub_->seq(event_);
    auto reply = ask(asked("c1", "停车费什么时候涨价？"));
    ASSERT_TRUE(reply.question) << reply.error_message;
    EXPECT_EQ(reply.ticket.size(), 9u);
    EXPECT_TRUE(reply.error_code.empty());
    auto seen = updates(1);
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen[0].kind, RoomUpdate::Kind::Question);
    EXPECT_EQ(seen[0].seq, first_seq + 1);
    EXPECT_EQ(seen[0].question->id, *reply.question);
    EXPECT_EQ(seen[0].question->status, QuestionStatus::Pending);

    // A retry with the same client id: the same answer, nothing new stored or handed on.
    auto again = ask(asked("c1", "停车费什么时候涨价？"));
    EXPECT_EQ(again.question, reply.question);
    EXPECT_EQ(again.ticket, reply.ticket);
    EXPECT_EQ(updates(1).size(), 1u);
}

TEST_F(LiveQuestionHubTest, ModerationChangesAreNumberedInOrderAndRefusalsAnswered) {
    const auto q = *ask(asked("c1", "燃气管道哪天接到小区？")).question;
    EXPECT_TRUE(moderate(q, ModerationAction::Approve).error_code.empty());
    EXPECT_TRUE(moderate(q, ModerationAction::Pin).error_code.empty());
    auto seen = updates(3);
    ASSERT_EQ(seen.size(), 3u);
    EXPECT_EQ(seen[1].question->status, QuestionStatus::Approved);
    EXPECT_TRUE(seen[2].question->pinned);
    EXPECT_EQ(seen[1].seq + 1, seen[2].seq);
    EXPECT_EQ(seen[0].seq + 1, seen[1].seq);

    auto refused = moderate(q, ModerationAction::Merge, q);
    EXPECT_EQ(refused.error_code, "invalid_input");
    EXPECT_FALSE(refused.error_message.empty());
    auto unknown = moderate(QuestionId{9999}, ModerationAction::Approve);
    EXPECT_EQ(unknown.error_code, "not_found");
    EXPECT_EQ(updates(3).size(), 3u) << "a refused change is not handed on";
}

TEST_F(LiveQuestionHubTest, VotesCountOncePerViewerAndGoOutCoalescedPerEvent) {
    const auto q = *ask(asked("c1", "老年人坐公交免费卡在哪里申请？")).question;
    const auto pending = *ask(asked("c2", "还没通过的问题")).question;
    ASSERT_TRUE(moderate(q, ModerationAction::Approve).error_code.empty());
    EXPECT_EQ(vote(q, "a"), VoteReply::Counted);
    EXPECT_EQ(vote(q, "b"), VoteReply::Counted);
    EXPECT_EQ(vote(q, "a"), VoteReply::AlreadyVoted);
    EXPECT_EQ(vote(pending, "a"), VoteReply::NotOpen);
    EXPECT_EQ(vote(QuestionId{9999}, "a"), VoteReply::NotOpen);
    const auto before = updates(3).size();
    hub_->flush_votes();
    hub_->flush_votes();  // nothing new: nothing handed on
    auto seen = updates(before + 1);
    ASSERT_EQ(seen.size(), before + 1);
    EXPECT_EQ(seen.back().kind, RoomUpdate::Kind::Votes);
    EXPECT_EQ(seen.back().votes, (std::map<QuestionId, std::int64_t>{{q, 2}}));
    EXPECT_EQ(seen.back().seq, seen[before - 1].seq + 1);
}

TEST_F(LiveQuestionHubTest, ASnapshotIsCurrentAsOfItsNumberAndDraftsHaveNone) {
    const auto q = *ask(asked("c1", "小区什么时候通天然气？")).question;
    ASSERT_TRUE(moderate(q, ModerationAction::Approve).error_code.empty());
    const auto rejected = *ask(asked("c2", "广告")).question;
    ASSERT_TRUE(moderate(rejected, ModerationAction::Reject).error_code.empty());
    auto seen = updates(4);
    auto room = hub_->snapshot(event_);
    ASSERT_TRUE(room);
    EXPECT_EQ(room->status, EventStatus::Live);
    EXPECT_EQ(room->seq, seen.back().seq) << "every update handed on so far is in the snapshot";
    ASSERT_EQ(room->questions.size(), 1u) << "rejected questions are left out";
    EXPECT_EQ(room->questions[0].status, QuestionStatus::Approved);
    EXPECT_FALSE(hub_->snapshot(draft_)) << "drafts are not public";
    EXPECT_FALSE(hub_->snapshot(EventId{424242}));
}

TEST_F(LiveQuestionHubTest, StatusChangesAreHandedOnUnnumbered) {
    const auto seq = hub_->seq(event_);
    hub_->publish_status(event_, EventStatus::Ended, clock_.now());
    auto seen = updates(1);
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen[0].kind, RoomUpdate::Kind::Status);
    EXPECT_EQ(seen[0].seq, 0u);
    EXPECT_EQ(hub_->seq(event_), seq);
}

TEST_F(LiveQuestionHubTest, AfterTheWriterStopsAnAskFailsAtOnceAndIsNeverAnswered) {
    writer_->stop();
    auto reply = ask(asked("late", "停止以后的问题"));
    EXPECT_FALSE(reply.question);
    EXPECT_EQ(reply.error_code, "server_error");
}

TEST_F(LiveQuestionHubTest, AQuestionNumberedInRedisKeepsItsIdAndTicketOrItsTicketWhenTheIdIsTaken) {
    auto numbered = asked("r1", "通过Redis编号的问题");
    numbered.id = QuestionId{500};
    numbered.ticket = "ABCD-EFGH";
    auto reply = ask(numbered);
    EXPECT_EQ(reply.question, QuestionId{500});
    EXPECT_EQ(reply.ticket, "ABCD-EFGH");

    // The id is taken (a question stored behind the counter's back): kept under another, with its ticket.
    auto clash = asked("r2", "编号冲突的问题");
    clash.id = QuestionId{500};
    clash.ticket = "HJKM-NPQR";
    auto moved = ask(clash);
    ASSERT_TRUE(moved.question);
    EXPECT_NE(*moved.question, QuestionId{500});
    EXPECT_EQ(moved.ticket, "HJKM-NPQR");
}
