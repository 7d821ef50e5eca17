// Escalation of overdue assignments: the levels by time, each step once (also across walks and restarts of the
// service), messages in the outbox to the right people, and no escalation for answered work.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "openhall/core/after_meeting/assignment_service.hpp"
#include "openhall/core/after_meeting/topic_service.hpp"
#include "openhall/core/events/event_service.hpp"
#include "openhall/core/live_questions/question_service.hpp"
#include "support/temp_dir.hpp"

using namespace openhall::core;
using namespace std::chrono;
using openhall::testing::TempDir;

namespace {

const EscalationPolicy kPolicy{hours{48}, hours{72}};

TEST(EscalationLevel, FollowsTheDueDateAndTheTwoDelays) {
    const auto due = *parse_rfc3339("2026-12-10T10:00:00+08:00");
    EXPECT_EQ(escalation_level_at(due, due - seconds{1}, kPolicy), EscalationLevel::None);
    EXPECT_EQ(escalation_level_at(due, due, kPolicy), EscalationLevel::Reminder);
    EXPECT_EQ(escalation_level_at(due, due + hours{48} - seconds{1}, kPolicy), EscalationLevel::Reminder);
    EXPECT_EQ(escalation_level_at(due, due + hours{48}, kPolicy), EscalationLevel::Notice);
    EXPECT_EQ(escalation_level_at(due, due + hours{120} - seconds{1}, kPolicy), EscalationLevel::Notice);
    EXPECT_EQ(escalation_level_at(due, due + hours{120}, kPolicy), EscalationLevel::Accountability);
}

class AssignmentServiceTest : public ::testing::Test {
protected:
    AssignmentServiceTest() : db_(dir_.path() / "openhall.db"), clock_(*parse_rfc3339("2026-12-08T09:30:00+08:00")) {
        db_.migrate();
        EventDraft d{EventKind::Hearing, "听证会：水价调整", "", "", *parse_rfc3339("2026-12-08T09:00:00+08:00"),
                     *parse_rfc3339("2026-12-08T10:00:00+08:00"), std::nullopt};
        event_ = events_.create(staff_, d)->id;
        EXPECT_TRUE(events_.change_status(staff_, event_, EventStatus::Scheduled).ok());
        EXPECT_TRUE(events_.change_status(staff_, event_, EventStatus::Live).ok());
        question_ = questions_.enter_room_question(staff_, event_, "阶梯水价的第一档能否提高？", "",
                                                   time_point_cast<milliseconds>(clock_.now()))
                        ->id;
        EXPECT_TRUE(service_.create_department(staff_, {{}, "水务局", "water@example.gov", "chief@example.gov"}).ok());
    }

    Assignment assign(const std::string& due) {
        auto a = service_.assign(staff_, {std::nullopt, question_, "水务局", *parse_rfc3339(due)});
        EXPECT_TRUE(a.ok()) << (a.ok() ? "" : a.error().message);
        return *a;
    }

    TempDir dir_;
    Database db_;
    ManualClock clock_;
    Actor staff_{"editor"};
    EventService events_{db_, clock_};
    QuestionService questions_{db_, clock_};
    AssignmentService service_{db_, clock_, kPolicy, MailSite::unconfigured()};
    EventId event_;
    QuestionId question_;
};

TEST_F(AssignmentServiceTest, EachStepHappensOnceAndQueuesOneMessageToTheRightPeople) {
    const auto a = assign("2026-12-09T09:30:00+08:00");
    EXPECT_EQ(service_.escalate(), 0);
    clock_.advance(hours{24});
    EXPECT_EQ(service_.escalate(), 1);
    EXPECT_EQ(service_.escalate(), 0);
    AssignmentService restarted(db_, clock_, kPolicy, MailSite::unconfigured());
    EXPECT_EQ(restarted.escalate(), 0);
    clock_.advance(hours{48 + 72});
    EXPECT_EQ(service_.escalate(), 2);  // notice and accountability together after a long pause
    EXPECT_EQ(service_.escalate(), 0);
    const auto stored = *service_.find(a.id);
    ASSERT_EQ(stored.steps.size(), 3u);
    EXPECT_EQ(stored.escalation(), EscalationLevel::Accountability);
    const auto outbox = service_.outbox(10);
    ASSERT_EQ(outbox.size(), 3u);
    EXPECT_EQ(outbox[2].recipient, "water@example.gov");  // newest first: the reminder is last
    EXPECT_EQ(outbox[1].recipient, "chief@example.gov");
    EXPECT_EQ(outbox[0].kind, "escalation.accountability");
}

// Issue 14: "assignment 2 (县城市管理局) is overdue" in English at a UTC time was what a department read.
TEST_F(AssignmentServiceTest, AnEscalationSaysTheQuestionInItsOwnWordsWithTheLocalDueTimeAndALinkToActOn) {
    const MailSite site{"https://hall.example.gov", [](Timestamp) { return seconds{8 * 3600}; }};
    AssignmentService service(db_, clock_, kPolicy, site);
    const auto a = assign("2026-12-09T09:30:00+08:00");
    clock_.advance(hours{24});
    ASSERT_EQ(service.escalate(), 1);
    const auto reminder = service.outbox(1).at(0);
    EXPECT_EQ(reminder.subject, "办理提醒：“阶梯水价的第一档能否提高？”已逾期");
    EXPECT_EQ(reminder.language, "zh-Hans");
    EXPECT_NE(reminder.body.find("水务局："), std::string::npos) << reminder.body;
    EXPECT_NE(reminder.body.find("“听证会：水价调整”"), std::string::npos) << reminder.body;
    EXPECT_NE(reminder.body.find("2026年12月9日 星期三 09:30"), std::string::npos) << reminder.body;
    EXPECT_NE(reminder.body.find("https://hall.example.gov/staff/dashboard"), std::string::npos) << reminder.body;
    EXPECT_EQ(reminder.body.find(fmt::format("assignment {}", a.id.value)), std::string::npos) << "no ids";
    EXPECT_EQ(reminder.body.find("2026-12-"), std::string::npos) << "no machine times";
}

TEST_F(AssignmentServiceTest, AnsweredWorkStopsEscalating) {
    const auto a = assign("2026-12-09T09:30:00+08:00");
    StaffUser responder{UserId{1}, "responder", Role::Responder, service_.departments()[0].id};
    ASSERT_TRUE(service_.respond(responder, a.id, "第一档将调整为每户每年180立方米。").ok());
    clock_.advance(hours{24 * 10});
    EXPECT_EQ(service_.escalate(), 0);
    EXPECT_EQ(service_.find(a.id)->escalation(), EscalationLevel::None);
}

TEST_F(AssignmentServiceTest, AResponderAnswersForTheirOwnDepartmentOnly) {
    const auto a = assign("2026-12-09T09:30:00+08:00");
    StaffUser stranger{UserId{2}, "responder", Role::Responder, std::nullopt};
    auto refused = service_.respond(stranger, a.id, "已办");
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::Forbidden);
    EXPECT_TRUE(service_.list(stranger, false).empty());
}

TEST_F(AssignmentServiceTest, AnUnknownDepartmentIsNamedWithTheConfiguredOnes) {
    auto r = service_.assign(staff_, {std::nullopt, question_, "财政局", *parse_rfc3339("2026-12-09T09:30:00+08:00")});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::InvalidInput);
    EXPECT_NE(r.error().message.find("水务局"), std::string::npos);
}

}  // namespace
