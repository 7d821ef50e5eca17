// "Looks like #N" while an event is live: the mark's precision and recall on the labelled set asked in a shuffled
// order, and which questions may be named (pending and published ones, not rejected or merged ones).
#include <algorithm>
#include <fstream>
#include <iostream>
#include <random>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "openhall/core/events/event_service.hpp"
#include "openhall/core/live_questions/look_alikes.hpp"
#include "openhall/core/live_questions/question_service.hpp"
#include "support/shared_analyzer.hpp"
#include "support/temp_dir.hpp"

using namespace openhall::core;
using openhall::testing::shared_analyzer;
using namespace std::chrono;
using openhall::testing::TempDir;

namespace {

class LookAlikesTest : public ::testing::Test {
protected:
    LookAlikesTest() : db_(dir_.path() / "openhall.db"), clock_(*parse_rfc3339("2026-12-08T09:30:00+08:00")) {
        db_.migrate();
        EventDraft d{EventKind::PressConference, "新闻发布会", "", "", *parse_rfc3339("2026-12-08T09:00:00+08:00"),
                     *parse_rfc3339("2026-12-08T10:00:00+08:00"), std::nullopt};
        event_ = events_.create(staff_, d)->id;
        EXPECT_TRUE(events_.change_status(staff_, event_, EventStatus::Scheduled).ok());
        EXPECT_TRUE(events_.change_status(staff_, event_, EventStatus::Live).ok());
    }

    Question ask(const std::string& text) {
        NewQuestion q{event_, fmt::format("client-{}", ++asked_), text, "", QuestionSource::Online, QuestionStatus::Pending,
                      "", time_point_cast<milliseconds>(clock_.now()), std::nullopt, "", "", "", std::nullopt, ""};
        return questions_.ask(q).question;
    }

    TempDir dir_;
    Database db_;
    ManualClock clock_;
    Actor staff_{"moderator"};
    EventService events_{db_, clock_};
    LookAlikes look_alikes_{shared_analyzer()};
    QuestionService questions_{db_, clock_, &look_alikes_};
    EventId event_;
    int asked_ = 0;
};

TEST_F(LookAlikesTest, AnIncomingParaphraseIsMarkedWithTheQuestionAskedBefore) {
    const auto first = ask("小区什么时候通天然气");
    EXPECT_FALSE(first.looks_like);
    ask("图书馆周末开放吗");
    const auto again = ask("燃氣管道哪天能接到我們小區？");
    EXPECT_EQ(again.looks_like, first.id);
    EXPECT_EQ(questions_.find(again.id)->looks_like, first.id);  // stored, so a console opened later sees it
    EXPECT_EQ(to_json(again, {}, true)["looks_like"], first.id.value);
    EXPECT_FALSE(to_json(again, {}, false).contains("looks_like"));  // the public never sees it
    // A retry with the same client id changes nothing.
    NewQuestion retry{event_, fmt::format("client-{}", asked_), "燃氣管道哪天能接到我們小區？", "", QuestionSource::Online,
                      QuestionStatus::Pending, "", time_point_cast<milliseconds>(clock_.now()), std::nullopt, "", "", "", std::nullopt, ""};
    EXPECT_FALSE(questions_.ask(retry).created);
}

TEST_F(LookAlikesTest, RejectedAndMergedQuestionsAreNotNamedAndRoomQuestionsAre) {
    const auto rejected = ask("小区什么时候通天然气");
    ASSERT_TRUE(questions_.moderate(staff_, rejected.id, ModerationAction::Reject).ok());
    EXPECT_FALSE(ask("燃气管道哪天能接到我们小区").looks_like);

    const auto room = questions_.enter_room_question(staff_, event_, "老年人免费乘车卡在哪里办", "", time_point_cast<milliseconds>(clock_.now()));
    ASSERT_TRUE(room.ok());
    EXPECT_FALSE(room->looks_like);  // approved at once: nothing to moderate
    const auto online = ask("老年人免费乘车卡怎么办理");
    EXPECT_EQ(online.looks_like, room->id);
    ASSERT_TRUE(questions_.moderate(staff_, online.id, ModerationAction::Merge, room->id).ok());
    const auto third = ask("老人免费乘车卡怎么办理");  // the merged question's very words
    EXPECT_EQ(third.looks_like, room->id);  // not the merged one
}

TEST_F(LookAlikesTest, QuestionsOfAnotherEventAreNeverNamed) {
    ask("小区什么时候通天然气");
    EventDraft d{EventKind::OpenDay, "开放日", "", "", *parse_rfc3339("2026-12-08T09:00:00+08:00"),
                 *parse_rfc3339("2026-12-08T10:00:00+08:00"), std::nullopt};
    const auto other = events_.create(staff_, d)->id;
    ASSERT_TRUE(events_.change_status(staff_, other, EventStatus::Scheduled).ok());
    ASSERT_TRUE(events_.change_status(staff_, other, EventStatus::Live).ok());
    NewQuestion q{other, "elsewhere", "燃气管道哪天能接到我们小区", "", QuestionSource::Online, QuestionStatus::Pending,
                  "", time_point_cast<milliseconds>(clock_.now()), std::nullopt, "", "", "", std::nullopt, ""};
    EXPECT_FALSE(questions_.ask(q).question.looks_like);
}

TEST_F(LookAlikesTest, MarksEarlierParaphrasesOfTheLabelledSet) {
    std::ifstream in(std::string(OPENHALL_TEST_DATA) + "/paraphrase_groups.tsv");
    std::vector<std::pair<std::string, std::string>> labelled;  // group, text
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#' || line.starts_with("group\t")) continue;
        labelled.emplace_back(line.substr(0, line.find('\t')), line.substr(line.rfind('\t') + 1));
    }
    std::shuffle(labelled.begin(), labelled.end(), std::mt19937(15));
    std::map<std::int64_t, std::string> group_of;
    std::set<std::string> seen;
    int marks = 0, right = 0, could = 0;
    for (const auto& [group, text] : labelled) {
        const auto q = ask(text);
        group_of[q.id.value] = group;
        could += seen.count(group);
        seen.insert(group);
        if (!q.looks_like) continue;
        ++marks;
        right += group_of[q.looks_like->value] == group;
    }
    const double precision = marks ? double(right) / marks : 1, recall = could ? double(right) / could : 1;
    std::cout << fmt::format("looks like, at {:.2f}: {} marks, {} right: precision {:.3f}, recall {:.3f} of {}\n",
                             kLookAlikeThreshold, marks, right, precision, recall, could);
    // Measured when the threshold was chosen (docs/grouping.md).
    EXPECT_GE(precision, 0.80);
    EXPECT_GE(recall, 0.50);
}

}  // namespace
