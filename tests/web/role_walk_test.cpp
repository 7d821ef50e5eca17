// Every staff route walked with every role and without a session; and every state-changing one without CSRF.
#include <functional>

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
};

struct StaffRoute {
    std::string method;
    std::function<std::string(const Target&)> path;
    nlohmann::json body;
    int success_status;
    std::vector<Role> allowed;
};

const std::vector<Role> kSchedulers{Role::Admin, Role::Scheduler};
const std::vector<Role> kModerators{Role::Admin, Role::Moderator};
const std::vector<Role> kQuestionReaders{Role::Admin, Role::Moderator, Role::Editor};
const std::vector<Role> kEditors{Role::Admin, Role::Editor};
const std::vector<Role> kRoomQuestionRoles{Role::Admin, Role::Scheduler, Role::Moderator};
const std::vector<Role> kEveryRole{Role::Admin,  Role::Scheduler, Role::Moderator,
                                   Role::Editor, Role::Reviewer,  Role::Responder};

std::string event_path(const Target& t, const std::string& rest = "") {
    return "/api/v1/events/" + std::to_string(t.event_id) + rest;
}

std::string live_path(const Target& t, const std::string& rest) {
    return "/api/v1/events/" + std::to_string(t.live_event_id) + rest;
}

std::vector<StaffRoute> staff_routes() {
    return {
        {"POST", [](const Target&) { return std::string("/api/v1/events"); }, event_body(), 201, kSchedulers},
        {"PATCH", [](const Target& t) { return event_path(t); }, {{"venue", "县政务服务中心"}}, 200, kSchedulers},
        {"POST", [](const Target& t) { return event_path(t, "/status"); }, {{"status", "scheduled"}}, 200, kSchedulers},
        {"POST", [](const Target& t) { return event_path(t, "/agenda"); }, {{"title", "议题"}}, 201, kSchedulers},
        {"PATCH", [](const Target& t) { return event_path(t, "/agenda/" + std::to_string(t.agenda_item_id)); },
         {{"summary", "摘要"}}, 200, kSchedulers},
        {"DELETE", [](const Target& t) { return event_path(t, "/agenda/" + std::to_string(t.agenda_item_id)); },
         nullptr, 204, kSchedulers},
        {"GET", [](const Target& t) { return event_path(t, "/audit"); }, nullptr, 200, kSchedulers},
        {"PUT", [](const Target& t) { return event_path(t, "/stream"); }, {{"source", "test"}}, 200, kSchedulers},
        {"GET", [](const Target& t) { return event_path(t, "/stream"); }, nullptr, 200, kSchedulers},
        // The target is a draft, so the roles that pass the gate meet the lifecycle's 409.
        {"POST", [](const Target& t) { return event_path(t, "/agenda/" + std::to_string(t.agenda_item_id) + "/mark"); },
         nlohmann::json::object(), 409, kSchedulers},
        {"GET", [](const Target& t) { return live_path(t, "/questions?status=pending"); }, nullptr, 200, kQuestionReaders},
        {"GET", [](const Target& t) { return live_path(t, "/question-groups"); }, nullptr, 200, kEditors},
        {"POST", [](const Target& t) { return "/api/v1/questions/" + std::to_string(t.question_id) + "/moderation"; },
         {{"action", "pin"}}, 200, kModerators},
        {"POST", [](const Target& t) { return live_path(t, "/questions"); }, {{"text", "现场代表的问题"}}, 201,
         kRoomQuestionRoles},
        {"GET", [](const Target&) { return std::string("/api/v1/session"); }, nullptr, 200, kEveryRole},
        {"DELETE", [](const Target&) { return std::string("/api/v1/session"); }, nullptr, 204, kEveryRole},
    };
}

class RoleWalkTest : public StaffServerTest {
protected:
    // A fresh draft event with one agenda item, so every route has something to act on.
    Target fresh_target() {
        auto admin = client_as(Role::Admin);
        const int id = admin->post("/api/v1/events", event_body()).json()["id"].get<int>();
        const int item =
            admin->post("/api/v1/events/" + std::to_string(id) + "/agenda", {{"title", "议题"}}).json()["id"].get<int>();
        admin->request("PUT", "/api/v1/events/" + std::to_string(id) + "/stream", R"({"source":"test"})");
        const int live = admin->post("/api/v1/events", event_body("听证会")).json()["id"].get<int>();
        const auto live_path = "/api/v1/events/" + std::to_string(live);
        admin->post(live_path + "/status", {{"status", "scheduled"}});
        admin->post(live_path + "/status", {{"status", "live"}});
        const int question = admin->post(live_path + "/questions", {{"text", "现场问题"}}).json()["id"].get<int>();
        return {id, item, live, question};
    }

    HttpResponse call(HttpClient& client, const StaffRoute& route, const Target& target) {
        return client.request(route.method, route.path(target), route.body.is_null() ? "" : route.body.dump());
    }
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
            auto client = client_as(role);
            auto response = call(*client, route, fresh);
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
                   c.get(live_path(target, "/audit")).json()["entries"].size();
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
