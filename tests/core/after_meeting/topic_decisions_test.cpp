// Editors teach the suggested groups: what they accept, split or merge in one event is kept as grouping
// decisions and changes the suggestions for the office's later events.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "openhall/core/after_meeting/topic_service.hpp"
#include "openhall/core/events/event_service.hpp"
#include "openhall/core/live_questions/grouping_decisions.hpp"
#include "openhall/core/live_questions/question_service.hpp"
#include "support/shared_analyzer.hpp"
#include "support/temp_dir.hpp"

using namespace openhall::core;
using openhall::testing::shared_analyzer;
using namespace std::chrono;
using openhall::testing::TempDir;

namespace {

class TopicDecisionsTest : public ::testing::Test {
protected:
    TopicDecisionsTest() : db_(dir_.path() / "openhall.db"), clock_(*parse_rfc3339("2026-12-08T09:30:00+08:00")) { db_.migrate(); }

    EventId live_event(const std::string& title) {
        EventDraft d{EventKind::OpenDay, title, "", "", *parse_rfc3339("2026-12-08T09:00:00+08:00"),
                     *parse_rfc3339("2026-12-08T10:00:00+08:00"), std::nullopt};
        const auto id = events_.create(staff_, d)->id;
        EXPECT_TRUE(events_.change_status(staff_, id, EventStatus::Scheduled).ok());
        EXPECT_TRUE(events_.change_status(staff_, id, EventStatus::Live).ok());
        return id;
    }

    std::vector<std::pair<QuestionId, std::string>> ask(EventId event, const std::vector<std::string>& texts) {
        std::vector<std::pair<QuestionId, std::string>> out;
        for (const auto& text : texts)
            out.emplace_back(questions_.enter_room_question(staff_, event, text, "", time_point_cast<milliseconds>(clock_.now()))->id, text);
        return out;
    }

    // The suggested groups as lists of positions in `questions`.
    std::vector<std::vector<std::size_t>> groups(const std::vector<std::pair<QuestionId, std::string>>& questions,
                                                 const std::vector<GroupingDecision>& decisions) {
        std::vector<std::vector<std::size_t>> out;
        for (const auto& g : suggest_groups(shared_analyzer(), questions, decisions)) {
            std::vector<std::size_t> positions;
            for (auto id : g.question_ids)
                for (std::size_t i = 0; i < questions.size(); ++i)
                    if (questions[i].first == id) positions.push_back(i);
            out.push_back(positions);
        }
        return out;
    }

    TempDir dir_;
    Database db_;
    ManualClock clock_;
    Actor staff_{"editor"};
    EventService events_{db_, clock_};
    QuestionService questions_{db_, clock_};
    TopicService topics_{db_, clock_};
    GroupingDecisionRepository decisions_{db_};
};

const std::vector<std::string> kFirstEvent{"停水前会提前通知吗", "停电前会提前通知吗", "家门口的路灯坏了好几天",
                                           "晚上街上黑漆漆的没人修", "垃圾清运费每户多少钱", "图书馆周末开放吗"};
// The same questions at a later open day, as people type them again: other script, other punctuation.
const std::vector<std::string> kLaterEvent{"停水前會提前通知嗎？", "停電前會提前通知嗎？", "家門口的路燈壞了好幾天",
                                           "晚上街上黑漆漆的，沒人修", "垃圾清運費每戶多少錢", "圖書館週末開放嗎"};
// Untaught: 停水 grouped with 停电, the two about the street light apart.
const std::vector<std::vector<std::size_t>> kUntaught{{0, 1}};

TEST_F(TopicDecisionsTest, SplitAndMergeInOneEventChangeTheSuggestionsOfTheNext) {
    const auto event = live_event("开放日");
    const auto first = ask(event, kFirstEvent);
    ASSERT_EQ(groups(first, {}), kUntaught);

    // The editor accepts the suggestion without 停电 (a split), and merges the street light's two topics.
    ASSERT_TRUE(topics_.create(staff_, event, "停水通知", {first[0].first}, {first[1].first}).ok());
    auto light = topics_.create(staff_, event, "路灯", {first[2].first});
    auto dark = topics_.create(staff_, event, "街上没灯", {first[3].first});
    ASSERT_TRUE(light.ok() && dark.ok());
    ASSERT_TRUE(topics_.merge(staff_, light->id, dark->id).ok());

    const auto later = ask(live_event("下一次开放日"), kLaterEvent);
    EXPECT_EQ(groups(later, {}), kUntaught);  // the method alone still errs the same way
    const auto taught = suggest_groups(shared_analyzer(), later, decisions_.recent());
    ASSERT_EQ(taught.size(), 1u);
    EXPECT_EQ(taught[0].question_ids, (std::vector{later[2].first, later[3].first}));
    EXPECT_TRUE(taught[0].remembered);
}

TEST_F(TopicDecisionsTest, TakingAQuestionOutKeepsItApartAndALaterDecisionWins) {
    const auto event = live_event("开放日");
    const auto first = ask(event, kFirstEvent);
    auto topic = topics_.create(staff_, event, "停水停电", {first[0].first, first[1].first});
    ASSERT_TRUE(topic.ok());
    TopicPatch take_out;
    take_out.question_ids = std::vector{first[0].first};
    ASSERT_TRUE(topics_.update(staff_, topic->id, take_out).ok());
    const auto later = ask(live_event("下一次开放日"), kLaterEvent);
    EXPECT_TRUE(groups(later, decisions_.recent()).empty());

    // Put back: the newer decision about the same two questions replaces the older one.
    TopicPatch put_back;
    put_back.question_ids = std::vector{first[0].first, first[1].first};
    ASSERT_TRUE(topics_.update(staff_, topic->id, put_back).ok());
    EXPECT_EQ(groups(later, decisions_.recent()), kUntaught);
}

TEST_F(TopicDecisionsTest, ALiveMergeIsKeptAsTogether) {
    const auto event = live_event("开放日");
    const auto first = ask(event, kFirstEvent);
    ASSERT_TRUE(questions_.moderate(staff_, first[3].first, ModerationAction::Merge, first[2].first).ok());
    const auto later = ask(live_event("下一次开放日"), kLaterEvent);
    const auto taught = groups(later, decisions_.recent());
    EXPECT_NE(std::find(taught.begin(), taught.end(), std::vector<std::size_t>{2, 3}), taught.end());
}

TEST_F(TopicDecisionsTest, DeclinedQuestionsMustBeOfTheEventAndNotInTheTopic) {
    const auto event = live_event("开放日");
    const auto other = live_event("另一场");
    const auto first = ask(event, kFirstEvent);
    const auto elsewhere = ask(other, {"别的活动的问题"});
    auto both = topics_.create(staff_, event, "t", {first[0].first}, {first[0].first});
    ASSERT_FALSE(both.ok());
    EXPECT_EQ(both.error().code, ErrorCode::InvalidInput);
    auto foreign = topics_.create(staff_, event, "t", {first[0].first}, {elsewhere[0].first});
    ASSERT_FALSE(foreign.ok());
    EXPECT_EQ(foreign.error().code, ErrorCode::InvalidInput);
    EXPECT_TRUE(decisions_.recent().empty());  // refused before anything is kept
}

TEST_F(TopicDecisionsTest, AQuestionDeclinedWithTheWordsOfOneKeptDoesNotUndoTheTopic) {
    const auto event = live_event("开放日");
    // Two citizens sent the same words; the editor keeps one in the topic and leaves the copy out.
    const auto qs = ask(event, {"停水前会提前通知吗", "停水前会提前通知吗", "这周小区要停水吗"});
    ASSERT_TRUE(topics_.create(staff_, event, "停水通知", {qs[0].first, qs[2].first}, {qs[1].first}).ok());
    const auto all = decisions_.recent();
    ASSERT_EQ(all.size(), 1u);
    EXPECT_TRUE(all[0].together);
}

TEST(GroupingDecisionRepository, KeepsOnePairOnceNewestLast) {
    TempDir dir;
    Database db(dir.path() / "openhall.db");
    db.migrate();
    GroupingDecisionRepository repo(db);
    const auto t0 = *parse_rfc3339("2026-12-08T09:00:00+08:00");
    repo.record("乙", "甲", true, std::nullopt, "editor", t0);
    repo.record("丙", "甲", false, std::nullopt, "editor", t0 + seconds{1});
    repo.record("甲", "乙", false, std::nullopt, "editor", t0 + seconds{2});  // the same two, reversed: replaces
    repo.record("甲", "甲", true, std::nullopt, "editor", t0 + seconds{3});  // one text: nothing
    const auto all = repo.recent();
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].text_a, "丙");
    EXPECT_FALSE(all[0].together);
    EXPECT_EQ(all[1].text_a, "乙");
    EXPECT_EQ(all[1].text_b, "甲");
    EXPECT_FALSE(all[1].together);
    EXPECT_EQ(repo.recent(1).size(), 1u);
    // Within one second the order of recording still counts: the later decision is the newer.
    repo.record("丙", "甲", true, std::nullopt, "editor", t0 + seconds{5});
    repo.record("乙", "甲", true, std::nullopt, "editor", t0 + seconds{5});
    repo.record("丙", "甲", false, std::nullopt, "editor", t0 + seconds{5});
    const auto now = repo.recent();
    ASSERT_EQ(now.size(), 2u);
    EXPECT_EQ(now.back().text_a, "丙");
    EXPECT_FALSE(now.back().together);
}

}  // namespace
