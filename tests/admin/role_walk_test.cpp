// Every staff route walked with every role and without a session; and every state-changing one without CSRF.
#include <functional>
#include <map>

#include <gtest/gtest.h>

#include "support/staff_server.hpp"

using namespace openhall::testing;
using openhall::core::Role;

namespace {

struct Target {
    int event_id;  // a draft
    int agenda_item_id;
    int live_event_id;  // a live event with one approved question
    int question_id;
    int spare_question_id;  // approved, in no topic
    int topic_id;
    int spare_topic_id;  // with the spare question, unassigned
    int assignment_id;  // to the responder's department
    int draft_id;       // interpretations in three states
    int in_review_id;
    int pre_published_id;  // approved, with one pending comment
    int comment_id;
    int hearing_id;          // scheduled, with one application to speak
    std::string registration_code;  // a confirmed seat of a scheduled open day
    int invitee_id;     // invited to the draft event
    int spare_invitee_id;
    int invitation_id;
    int submission_id;  // pending, for the draft event
    int ended_event_id = 0;  // ended, for the transcript's import
    int ended_line_id = 0;   // a caption line of the ended event, at revision 1
};

struct StaffRoute {
    std::string method;
    std::function<std::string(const Target&)> path;
    std::function<nlohmann::json(const Target&)> body;
    int success_status;
    std::vector<Role> allowed;
};

const std::vector<Role> kSchedulers{Role::Admin, Role::Scheduler};
const std::vector<Role> kModerators{Role::Admin, Role::Moderator};
const std::vector<Role> kQuestionReaders{Role::Admin, Role::Moderator, Role::Editor};
const std::vector<Role> kEditors{Role::Admin, Role::Editor};
const std::vector<Role> kRoomQuestionRoles{Role::Admin, Role::Scheduler, Role::Moderator};
const std::vector<Role> kAdmins{Role::Admin};
const std::vector<Role> kWorkReaders{Role::Admin, Role::Editor, Role::Reviewer, Role::Responder};
const std::vector<Role> kResponders{Role::Admin, Role::Responder};
const std::vector<Role> kDraftReaders{Role::Admin, Role::Editor, Role::Reviewer};
const std::vector<Role> kReviewers{Role::Admin, Role::Reviewer};
const std::vector<Role> kOutboxReaders{Role::Admin, Role::Scheduler, Role::Editor};
constexpr const char* kDepartment = "住房和城乡建设局";
const std::vector<Role> kCaptioners{Role::Admin, Role::Moderator, Role::Captioner};
const std::vector<Role> kTranscriptEditors{Role::Admin, Role::Editor, Role::Captioner};
const std::vector<Role> kEveryRole{Role::Admin,    Role::Scheduler, Role::Moderator, Role::Editor,
                                   Role::Reviewer, Role::Responder, Role::Captioner};

std::string event_path(const Target& t, const std::string& rest = "") {
    return "/api/v1/events/" + std::to_string(t.event_id) + rest;
}

std::string live_path(const Target& t, const std::string& rest) {
    return "/api/v1/events/" + std::to_string(t.live_event_id) + rest;
}

// A caption line of the ended event, for the transcript editor's routes.
std::string ended_line_path(const Target& t, const std::string& rest = "") {
    return "/api/v1/events/" + std::to_string(t.ended_event_id) + "/transcript/lines/" + std::to_string(t.ended_line_id) + rest;
}

std::function<nlohmann::json(const Target&)> fixed(nlohmann::json body) {
    return [body = std::move(body)](const Target&) { return body; };
}

nlohmann::json interpretation_body(const Target& t) {
    return {{"event_id", t.live_event_id}, {"title", "解读"}, {"body_md", "正文"}, {"question_ids", {t.question_id}}};
}

std::vector<StaffRoute> staff_routes() {
    return {
        {"POST", [](const Target&) { return std::string("/api/v1/events"); }, fixed(event_body()), 201, kSchedulers},
        {"PATCH", [](const Target& t) { return event_path(t); }, fixed({{"venue", "县政务服务中心"}}), 200, kSchedulers},
        {"POST", [](const Target& t) { return event_path(t, "/status"); }, fixed({{"status", "scheduled"}}), 200, kSchedulers},
        {"POST", [](const Target& t) { return event_path(t, "/agenda"); }, fixed({{"title", "议题"}}), 201, kSchedulers},
        {"PATCH", [](const Target& t) { return event_path(t, "/agenda/" + std::to_string(t.agenda_item_id)); },
         fixed({{"summary", "摘要"}}), 200, kSchedulers},
        {"DELETE", [](const Target& t) { return event_path(t, "/agenda/" + std::to_string(t.agenda_item_id)); },
         fixed(nullptr), 204, kSchedulers},
        {"GET", [](const Target& t) { return event_path(t, "/audit"); }, fixed(nullptr), 200, kSchedulers},
        {"PUT", [](const Target& t) { return event_path(t, "/stream"); }, fixed({{"source", "test"}}), 200, kSchedulers},
        {"GET", [](const Target& t) { return event_path(t, "/stream"); }, fixed(nullptr), 200, kSchedulers},
        // The target is a draft: the roles that pass the gate hear that its recording is finished after the end.
        {"POST", [](const Target& t) { return event_path(t, "/recording"); }, fixed(nlohmann::json::object()), 409,
         kSchedulers},
        // The target is a draft, so the roles that pass the gate meet the lifecycle's 409.
        {"POST", [](const Target& t) { return event_path(t, "/agenda/" + std::to_string(t.agenda_item_id) + "/mark"); },
         fixed(nlohmann::json::object()), 409, kSchedulers},
        {"GET", [](const Target& t) { return live_path(t, "/questions?status=pending"); }, fixed(nullptr), 200, kQuestionReaders},
        {"GET", [](const Target& t) { return live_path(t, "/question-groups"); }, fixed(nullptr), 200, kEditors},
        {"POST", [](const Target& t) { return "/api/v1/questions/" + std::to_string(t.question_id) + "/moderation"; },
         fixed({{"action", "pin"}}), 200, kModerators},
        {"POST", [](const Target& t) { return live_path(t, "/questions"); }, fixed({{"text", "现场代表的问题"}}), 201,
         kRoomQuestionRoles},
        // Live captions.
        {"POST", [](const Target& t) { return live_path(t, "/captions"); }, fixed({{"text", "各位上午好"}}), 201, kCaptioners},
        {"PUT", [](const Target& t) { return live_path(t, "/captions/newest"); }, fixed({{"text", "各位下午好"}}), 200,
         kCaptioners},
        // A body that is a string is sent as it is: a subtitle file.
        {"PUT", [](const Target& t) { return "/api/v1/events/" + std::to_string(t.ended_event_id) + "/transcript"; },
         fixed("1\n00:00:01,000 --> 00:00:02,000\n会议开始\n"), 200, kTranscriptEditors},
        {"PUT", [](const Target& t) { return ended_line_path(t); }, fixed({{"text", "会议现在开始"}, {"revision", 1}}), 200,
         kTranscriptEditors},
        {"GET", [](const Target& t) { return ended_line_path(t, "/revisions"); }, fixed(nullptr), 200, kTranscriptEditors},
        {"DELETE", [](const Target& t) { return ended_line_path(t, "?revision=1"); }, fixed(nullptr), 204, kTranscriptEditors},
        // After the meeting.
        {"POST", [](const Target& t) { return live_path(t, "/topics"); },
         [](const Target& t) { return nlohmann::json{{"title", "议题归并"}, {"question_ids", {t.spare_question_id}}}; }, 201,
         kEditors},
        {"GET", [](const Target& t) { return live_path(t, "/topics"); }, fixed(nullptr), 200, kWorkReaders},
        {"PATCH", [](const Target& t) { return "/api/v1/topics/" + std::to_string(t.topic_id); }, fixed({{"title", "新标题"}}),
         200, kEditors},
        {"POST", [](const Target& t) { return "/api/v1/topics/" + std::to_string(t.topic_id) + "/merge"; },
         [](const Target& t) { return nlohmann::json{{"from", t.spare_topic_id}}; }, 200, kEditors},
        {"DELETE", [](const Target& t) { return "/api/v1/topics/" + std::to_string(t.topic_id); }, fixed(nullptr), 204,
         kEditors},
        {"POST", [](const Target&) { return std::string("/api/v1/departments"); }, fixed({{"name", "社会事务局"}}), 201,
         kAdmins},
        {"GET", [](const Target&) { return std::string("/api/v1/departments"); }, fixed(nullptr), 200, kEveryRole},
        {"PUT", [](const Target&) { return std::string("/api/v1/users/responder/department"); },
         fixed({{"department", kDepartment}}), 200, kAdmins},
        {"POST", [](const Target&) { return std::string("/api/v1/assignments"); },
         [](const Target& t) {
             return nlohmann::json{
                 {"question_id", t.spare_question_id}, {"department", kDepartment}, {"due_at", "2026-12-20T10:00:00+08:00"}};
         },
         201, kEditors},
        {"GET", [](const Target&) { return std::string("/api/v1/assignments?overdue=true"); }, fixed(nullptr), 200,
         kWorkReaders},
        {"POST", [](const Target& t) { return "/api/v1/assignments/" + std::to_string(t.assignment_id) + "/response"; },
         fixed({{"response", "已办结"}}), 200, kResponders},
        {"GET", [](const Target&) { return std::string("/api/v1/outbox"); }, fixed(nullptr), 200, kOutboxReaders},
        {"POST", [](const Target&) { return std::string("/api/v1/interpretations"); },
         [](const Target& t) { return interpretation_body(t); }, 201, kEditors},
        {"PUT", [](const Target& t) { return "/api/v1/interpretations/" + std::to_string(t.draft_id); },
         [](const Target& t) {
             auto body = interpretation_body(t);
             body.erase("event_id");
             body["body_md"] = "第二稿";
             return body;
         },
         200, kEditors},
        {"GET", [](const Target& t) { return "/api/v1/interpretations/" + std::to_string(t.draft_id) + "/versions"; },
         fixed(nullptr), 200, kDraftReaders},
        {"GET", [](const Target& t) { return "/api/v1/interpretations/" + std::to_string(t.draft_id) + "/diff"; },
         fixed(nullptr), 200, kDraftReaders},
        {"POST", [](const Target& t) { return "/api/v1/interpretations/" + std::to_string(t.in_review_id) + "/review"; },
         fixed({{"decision", "approve"}}), 200, kReviewers},
        {"POST", [](const Target& t) { return "/api/v1/interpretations/" + std::to_string(t.pre_published_id) + "/status"; },
         fixed({{"status", "published"}}), 200, kEditors},
        {"POST", [](const Target& t) { return "/api/v1/comments/" + std::to_string(t.comment_id) + "/moderation"; },
         fixed({{"action", "approve"}, {"reply", "谢谢"}}), 200, kEditors},
        {"POST", [](const Target& t) { return event_path(t, "/export"); }, fixed(nlohmann::json::object()), 201, kAdmins},
        // Invitations.
        {"POST", [](const Target&) { return std::string("/api/v1/invitees"); }, fixed({{"name", "代表"}, {"category", "群众代表"}}),
         201, kSchedulers},
        {"GET", [](const Target&) { return std::string("/api/v1/invitees?q="); }, fixed(nullptr), 200, kSchedulers},
        {"GET", [](const Target&) { return std::string("/api/v1/invitees.csv"); }, fixed(nullptr), 200, kSchedulers},
        {"GET", [](const Target& t) { return "/api/v1/invitees/" + std::to_string(t.invitee_id); }, fixed(nullptr), 200, kSchedulers},
        {"PATCH", [](const Target& t) { return "/api/v1/invitees/" + std::to_string(t.invitee_id); }, fixed({{"notes", "备注"}}),
         200, kSchedulers},
        {"PUT", [](const Target&) { return std::string("/api/v1/invitee-categories"); }, fixed({{"categories", {"行业协会"}}}),
         200, kAdmins},
        {"POST", [](const Target& t) { return event_path(t, "/invitations"); },
         [](const Target& t) { return nlohmann::json{{"invitee_id", t.spare_invitee_id}}; }, 201, kSchedulers},
        {"GET", [](const Target& t) { return event_path(t, "/invitations"); }, fixed(nullptr), 200, kSchedulers},
        {"POST", [](const Target& t) { return "/api/v1/invitations/" + std::to_string(t.invitation_id) + "/attendance"; },
         fixed({{"attendance", "attended"}}), 200, kSchedulers},
        {"POST", [](const Target& t) { return "/api/v1/invitations/" + std::to_string(t.invitation_id) + "/withdraw"; },
         fixed(nlohmann::json::object()), 200, kSchedulers},
        {"GET", [](const Target& t) { return event_path(t, "/invitation-suggestions"); }, fixed(nullptr), 200, kSchedulers},
        {"POST", [](const Target& t) { return event_path(t, "/agenda-submissions"); },
         fixed({{"title", "提报议题"}, {"reporting_unit", "县民政局"}}), 201, kEveryRole},
        {"GET", [](const Target& t) { return event_path(t, "/agenda-submissions"); }, fixed(nullptr), 200, kSchedulers},
        {"POST", [](const Target& t) { return "/api/v1/agenda-submissions/" + std::to_string(t.submission_id) + "/decision"; },
         fixed({{"accept", false}}), 200, kSchedulers},
        // Registrations.
        {"GET", [](const Target& t) { return live_path(t, "/registrations"); }, fixed(nullptr), 200, kSchedulers},
        {"GET", [](const Target& t) { return event_path(t, "/registration-settings"); }, fixed(nullptr), 200, kSchedulers},
        {"PUT", [](const Target& t) { return event_path(t, "/registration-settings"); }, fixed({{"speaking_minutes", 6}}), 200,
         kSchedulers},
        {"POST", [](const Target& t) { return "/api/v1/events/" + std::to_string(t.hearing_id) + "/lottery/seed"; },
         fixed({{"seed", "公开的种子"}}), 201, kSchedulers},
        {"POST", [](const Target& t) { return "/api/v1/events/" + std::to_string(t.hearing_id) + "/lottery"; },
         fixed({{"seats", 1}, {"seed", "公开的种子"}}), 200, kSchedulers},
        {"POST", [](const Target&) { return std::string("/api/v1/check-in"); },
         [](const Target& t) { return nlohmann::json{{"code", t.registration_code}}; }, 200, kSchedulers},
        {"GET", [](const Target&) { return std::string("/api/v1/session"); }, fixed(nullptr), 200, kEveryRole},
        {"DELETE", [](const Target&) { return std::string("/api/v1/session"); }, fixed(nullptr), 204, kEveryRole},
    };
}

class RoleWalkTest : public StaffServerTest {
protected:
    // Every fresh target registers from this one address, before its events (2026-12-07) start.
    std::vector<std::string> server_args() const override {
        auto args = fixed_clock("2026-12-01T09:00:00+08:00");
        args.insert(args.end(), {"--address-registration-limit", "100000"});
        return args;
    }

    // One signed-in client per role for the whole walk: signing in costs an Argon2id hash, and the walk makes
    // hundreds of calls. A route that signs out drops its client.
    HttpClient& signed_in(Role role) {
        auto& client = clients_[role];
        if (!client) client = client_as(role);
        return *client;
    }
    void forget(Role role) { clients_.erase(role); }

    // A fresh draft event with one agenda item, so every route has something to act on.
    Target fresh_target() {
        HttpClient* admin = &signed_in(Role::Admin);
        const int id = admin->post("/api/v1/events", event_body()).json()["id"].get<int>();
        const int item =
            admin->post("/api/v1/events/" + std::to_string(id) + "/agenda", {{"title", "议题"}}).json()["id"].get<int>();
        admin->request("PUT", "/api/v1/events/" + std::to_string(id) + "/stream", R"({"source":"test"})");
        const int live = admin->post("/api/v1/events", event_body("听证会")).json()["id"].get<int>();
        const auto live_path = "/api/v1/events/" + std::to_string(live);
        admin->post(live_path + "/status", {{"status", "scheduled"}});
        admin->post(live_path + "/status", {{"status", "live"}});
        admin->post(live_path + "/captions", {{"text", "第一行字幕"}});
        const int question = admin->post(live_path + "/questions", {{"text", "现场问题"}}).json()["id"].get<int>();
        const int spare = admin->post(live_path + "/questions", {{"text", "另一个现场问题"}}).json()["id"].get<int>();
        const int topic =
            admin->post(live_path + "/topics", {{"title", "议题"}, {"question_ids", {question}}}).json()["id"].get<int>();
        const int third = admin->post(live_path + "/questions", {{"text", "第三个现场问题"}}).json()["id"].get<int>();
        const int spare_topic =
            admin->post(live_path + "/topics", {{"title", "另一议题"}, {"question_ids", {third}}}).json()["id"].get<int>();
        admin->post("/api/v1/departments", {{"name", kDepartment}});  // once; later calls meet 409
        admin->request("PUT", "/api/v1/users/responder/department", nlohmann::json{{"department", kDepartment}}.dump());
        const int assignment = admin->post("/api/v1/assignments", {{"question_id", question},
                                                                   {"department", kDepartment},
                                                                   {"due_at", "2026-12-20T10:00:00+08:00"}})
                                   .json()["id"].get<int>();
        Target t{id, item, live, question, spare, topic, spare_topic, assignment, 0, 0, 0, 0, 0, "", 0, 0, 0, 0};
        auto interpretation = [&] { return admin->post("/api/v1/interpretations", interpretation_body(t)).json()["id"].get<int>(); };
        auto to_status = [&](int i, nlohmann::json body) {
            admin->post("/api/v1/interpretations/" + std::to_string(i) + "/status", body);
        };
        t.draft_id = interpretation();
        t.in_review_id = interpretation();
        to_status(t.in_review_id, {{"status", "in_review"}});
        t.pre_published_id = interpretation();
        to_status(t.pre_published_id, {{"status", "in_review"}});
        admin->post("/api/v1/interpretations/" + std::to_string(t.pre_published_id) + "/review", {{"decision", "approve"}});
        const std::string window = "2026-12-05T00:00:00+08:00";  // after the server's fixed clock
        to_status(t.pre_published_id, {{"status", "pre_published"}, {"comment_until", window}});
        t.comment_id = admin->post("/api/v1/interpretations/" + std::to_string(t.pre_published_id) + "/comments",
                                   {{"text", "意见"}})
                           .json()["id"].get<int>();
        auto hearing_body = event_body("听证会", "hearing");
        t.hearing_id = admin->post("/api/v1/events", hearing_body).json()["id"].get<int>();
        admin->post("/api/v1/events/" + std::to_string(t.hearing_id) + "/status", {{"status", "scheduled"}});
        admin->post("/api/v1/events/" + std::to_string(t.hearing_id) + "/registrations",
                    {{"name", "申请人"}, {"contact", "a@example.org"}, {"type", "speak"}, {"statement", "意见"}});
        const int open_day = admin->post("/api/v1/events", event_body()).json()["id"].get<int>();
        admin->post("/api/v1/events/" + std::to_string(open_day) + "/status", {{"status", "scheduled"}});
        t.registration_code = admin->post("/api/v1/events/" + std::to_string(open_day) + "/registrations",
                                          {{"name", "市民"}, {"contact", "b@example.org"}})
                                  .json()["code"].get<std::string>();
        const auto new_invitee = [&] {
            return admin->post("/api/v1/invitees", {{"name", "代表"}, {"category", "群众代表"}}).json()["id"].get<int>();
        };
        t.invitee_id = new_invitee();
        t.spare_invitee_id = new_invitee();
        t.invitation_id = admin->post("/api/v1/events/" + std::to_string(id) + "/invitations", {{"invitee_id", t.invitee_id}})
                              .json()["id"].get<int>();
        t.submission_id = admin->post("/api/v1/events/" + std::to_string(id) + "/agenda-submissions",
                                      {{"title", "提报议题"}, {"reporting_unit", "县民政局"}})
                              .json()["id"].get<int>();
        t.ended_event_id = admin->post("/api/v1/events", event_body("已结束的发布会")).json()["id"].get<int>();
        const auto ended_path = "/api/v1/events/" + std::to_string(t.ended_event_id);
        for (const auto* status : {"scheduled", "live"}) admin->post(ended_path + "/status", {{"status", status}});
        t.ended_line_id = admin->post(ended_path + "/captions", {{"text", "会议开始"}}).json()["id"].get<int>();
        admin->post(ended_path + "/status", {{"status", "ended"}});
        return t;
    }

    HttpResponse call(HttpClient& client, const StaffRoute& route, const Target& target) {
        const auto body = route.body(target);
        return client.request(route.method, route.path(target),
                              body.is_null() ? "" : body.is_string() ? body.get<std::string>() : body.dump());
    }

    std::map<Role, std::unique_ptr<HttpClient>> clients_;
};

}  // namespace

TEST_F(RoleWalkTest, EveryStaffRouteWithEveryRoleAndWithoutASession) {
    for (const auto& route : staff_routes()) {
        const auto target = fresh_target();
        const auto label = route.method + " " + route.path(target);
        auto anonymous = public_client();
        auto r = call(*anonymous, route, target);
        EXPECT_EQ(r.status, 401) << label << " without a session: " << r.body;
        EXPECT_EQ(r.error_code(), "unauthorized") << label;

        for (auto role : kEveryRole) {
            const auto fresh = fresh_target();
            auto response = call(signed_in(role), route, fresh);
            if (route.method == "DELETE" && route.path(fresh) == "/api/v1/session") forget(role);
            const bool allowed = std::find(route.allowed.begin(), route.allowed.end(), role) != route.allowed.end();
            const auto who = label + " as " + std::string(openhall::core::wire_name(role));
            if (allowed) {
                EXPECT_EQ(response.status, route.success_status) << who << ": " << response.body;
            } else {
                EXPECT_EQ(response.status, 403) << who << ": " << response.body;
                EXPECT_EQ(response.error_code(), "forbidden") << who;
            }
        }
    }
}

TEST_F(RoleWalkTest, EveryStateChangingStaffRouteNeedsTheCsrfHeaderAndStoresNothingWithoutIt) {
    for (const auto& route : staff_routes()) {
        if (route.method == "GET") continue;
        const auto target = fresh_target();
        auto client = client_as(Role::Admin);
        auto audit_size = [&](HttpClient& c) {
            return c.get(event_path(target, "/audit")).json()["entries"].size() +
                   c.get(live_path(target, "/audit")).json()["entries"].size() +
                   c.get("/api/v1/events/" + std::to_string(target.ended_event_id) + "/audit").json()["entries"].size();
        };
        auto before = audit_size(*client);
        auto events_before = client->get("/api/v1/events").json()["events"].size();
        client->forget_csrf();
        auto r = call(*client, route, target);
        EXPECT_EQ(r.status, 403) << route.method << " " << route.path(target) << ": " << r.body;
        EXPECT_EQ(r.error_code(), "csrf_token_missing");
        auto check = client_as(Role::Admin);
        EXPECT_EQ(audit_size(*check), before);
        EXPECT_EQ(check->get("/api/v1/events").json()["events"].size(), events_before);
    }
}

TEST_F(RoleWalkTest, AWrongCsrfTokenIsRefusedLikeAMissingOne) {
    auto client = client_as(Role::Scheduler);
    auto r = client->request("POST", "/api/v1/events", event_body().dump(), {"X-CSRF-Token: 0123456789abcdef"});
    // libcurl sends both headers; the server sees a value that does not match.
    EXPECT_EQ(r.status, 403);
    client->forget_csrf();
    auto wrong = client->request("POST", "/api/v1/events", event_body().dump(), {"X-CSRF-Token: deadbeef"});
    EXPECT_EQ(wrong.status, 403);
    EXPECT_EQ(wrong.error_code(), "csrf_token_missing");
}

TEST_F(RoleWalkTest, DraftsAreVisibleToEveryStaffRole) {
    const auto target = fresh_target();
    for (auto role : kEveryRole)
        EXPECT_EQ(client_as(role)->get(event_path(target)).status, 200) << openhall::core::wire_name(role);
}
