#include <fmt/format.h>

#include "openhall/admin/demo_content.hpp"
#include "openhall/core/after_meeting/assignment_service.hpp"
#include "openhall/core/after_meeting/interpretation_service.hpp"
#include "openhall/core/after_meeting/topic_service.hpp"
#include "openhall/core/attendance/invitation_service.hpp"
#include "openhall/core/live_questions/question_service.hpp"
#include "openhall/core/store/settings_repository.hpp"
#include "openhall/core/text/script_folder.hpp"

namespace openhall::admin {
namespace {

using namespace std::chrono;
constexpr const char* kSeedKey = "demo_after_meeting_version";

template <typename T>
T checked(core::Result<T> result, const char* what) {
    if (!result) throw std::runtime_error(fmt::format("demo {} rejected: {}", what, result.error().message));
    return std::move(result).value();
}

constexpr const char* kInterpretation =
    "## 为什么要“定时定点”\n\n"
    "定时定点投放让分拣员能在投放时段现场指导，也让收运车辆按时收走，减少垃圾桶满溢和异味。\n\n"
    "## 上班族赶不上投放时间怎么办\n\n"
    "每个小区至少保留 **1 处** 延时投放点，开放到晚上 **22:00**；早上投放时段提前到 **6:30** 开始。\n\n"
    "## 大件垃圾和装修垃圾\n\n"
    "拨打 12345 或在“青溪城管”小程序预约，工作日 48 小时内上门清运，收费标准在小区公告栏公示。\n";

}  // namespace

bool seed_demo_after_meeting(core::Database& db, const core::Clock& clock, const core::MailSite& site) {
    core::SettingsRepository settings(db);
    if (settings.get(kSeedKey)) return false;
    core::EventService events(db, clock);
    core::EventFilter filter;
    filter.status = core::EventStatus::Ended;
    filter.include_drafts = true;
    std::optional<core::Event> meeting;
    for (const auto& e : events.list(filter))
        if (e.kind == core::EventKind::StandingMeeting) meeting = e;
    if (!meeting) return false;

    const auto staff = core::Actor::system("demo");
    core::QuestionService questions(db, clock);
    auto asked = [&](const char* text, const char* name, minutes into) {
        const auto at = time_point_cast<milliseconds>(meeting->starts_at + into);
        return checked(questions.enter_room_question(staff, meeting->id, text, name, at), "question").id;
    };
    const auto late_1 = asked("定时定点投放，上班族早出晚归赶不上投放时间怎么办？", "人大代表 王建国", minutes{25});
    const auto late_2 = asked("上班族早上出门早，赶不上定时投放，能否延长投放时段？", "群众代表 刘女士", minutes{31});
    const auto smell = asked("厨余垃圾桶异味大，夏天能否增加清运次数？", "政协委员 陈敏", minutes{40});
    const auto bulky = asked("大件垃圾和装修垃圾怎么预约清运？", "企业代表 赵先生", minutes{52});

    core::TopicService topics(db, clock);
    const auto topic = checked(topics.create(staff, meeting->id, "投放时间与上班族", {late_1, late_2}), "topic");
    core::AssignmentService assignments(db, clock, {}, site);  // its overdue assignment mails at once
    checked(assignments.create_department(staff, {{}, "县城市管理局", "cgj@qingxi.example.gov", "zf-ducha@qingxi.example.gov"}),
            "department");
    const auto answered = checked(assignments.assign(staff, {topic.id, std::nullopt, "县城市管理局", clock.now() + days{7}}),
                                  "assignment");
    core::StaffUser responder{core::UserId{0}, staff.name, core::Role::Admin, std::nullopt};
    checked(assignments.respond(responder, answered.id, "每个小区保留一处延时投放点至22:00，早间投放提前到6:30。"), "response");
    // One still open and overdue, so the dashboard shows escalation.
    checked(assignments.assign(staff, {std::nullopt, smell, "县城市管理局", clock.now() - days{3}}), "assignment");

    core::InterpretationService interpretations(db, clock);
    core::InterpretationInput input{meeting->id, "《青溪县城区生活垃圾分类实施方案》解读", kInterpretation,
                                    {{bulky}, {topic.id}, {}, {},
                                     {{late_1.value, "每个小区保留一处延时投放点，开放到晚上22:00。"},
                                      {late_2.value, "早间投放时段提前到6:30开始，另有延时投放点到22:00。"},
                                      {bulky.value, "拨打12345或用“青溪城管”小程序预约，48小时内上门清运。"}}}};
    const auto draft = checked(interpretations.create(staff, input), "interpretation");
    checked(interpretations.change_status(staff, draft.id, core::InterpretationStatus::InReview, std::nullopt), "status");
    checked(interpretations.review(staff, draft.id, core::ReviewDecision::Approve, "同意发布。"), "review");
    checked(interpretations.change_status(staff, draft.id, core::InterpretationStatus::Published, std::nullopt), "status");

    // A few representatives in the directory, one with a record, so invitation suggestions have something to rank.
    const core::ScriptFolder folder;
    core::InvitationService invitations(db, clock, folder, site);
    const std::pair<const char*, const char*> people[] = {
        {"王建国", "人大代表"}, {"陈敏", "政协委员"}, {"刘淑芬", "群众代表"}, {"赵立新", "企业代表"}, {"周教授", "专家学者"}};
    for (const auto& [name, category] : people)
        checked(invitations.add_invitee(staff, {{}, name, category, "青溪县", "", ""}), "invitee");
    settings.set(kSeedKey, "1");
    return true;
}

}  // namespace openhall::admin
