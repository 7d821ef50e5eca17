// Invitations end to end over HTTP: the directory with its CSV, invitations and their RSVP links (unknown,
// withdrawn, replayed), attendance, suggestions ranked by rotation and reliability with a replacement for a
// declined seat, agenda submissions, and contacts kept from the invitee's page.
#include <thread>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "support/staff_server.hpp"
#include "support/subprocess.hpp"

using namespace openhall::testing;
using openhall::core::Role;
using nlohmann::json;

namespace {

class InvitationTest : public StaffServerTest {
protected:
    void SetUp() override {
        StaffServerTest::SetUp();
        scheduler_ = client_as(Role::Scheduler);
        public_ = public_client();
        auto r = scheduler_->post("/api/v1/events", event_body("县政府第33次常务会议（开门纳谏）", "standing_meeting"));
        event_ = r.json()["id"].get<int>();
        item_ = scheduler_->post(fmt::format("/api/v1/events/{}/agenda", event_), {{"title", "老旧小区改造方案"}}).json()["id"].get<int>();
        EXPECT_EQ(scheduler_->post(fmt::format("/api/v1/events/{}/status", event_), {{"status", "scheduled"}}).status, 200);
    }

    int invitee(const std::string& name, const std::string& category, const std::string& contact = "") {
        auto r = scheduler_->post("/api/v1/invitees", {{"name", name}, {"category", category}, {"affiliation", "青溪县"}, {"contact", contact}});
        EXPECT_EQ(r.status, 201) << r.body;
        return r.json()["id"].get<int>();
    }

    json invite(int invitee, std::optional<int> event = {}) {
        auto r = scheduler_->post(fmt::format("/api/v1/events/{}/invitations", event.value_or(event_)),
                                  {{"invitee_id", invitee}, {"agenda_item_id", item_}});
        EXPECT_EQ(r.status, 201) << r.body;
        return r.json();
    }

    static std::string token_of(const json& invitation) {
        const auto url = invitation["rsvp_url"].get<std::string>();
        return url.substr(url.rfind('/') + 1);
    }

    // The fixture's events start on 2026-12-07, six days after the server's clock: inside the week of reminders.
    std::vector<std::string> server_args() const override {
        auto args = fixed_clock("2026-12-01T09:00:00+08:00");
        args.insert(args.end(), {"--reminder-hours", "168", "--escalation-interval", "1"});
        return args;
    }

    std::unique_ptr<HttpClient> scheduler_, public_;
    int event_ = 0;
    int item_ = 0;
};

TEST_F(InvitationTest, InviteeAnswersThroughTheLinkAndTheLinkRulesHold) {
    const int id = invitee("王建国", "人大代表", "wang@example.org");
    auto invitation = invite(id);
    EXPECT_EQ(invitation["status"], "invited");
    const auto token = token_of(invitation);
    EXPECT_GE(token.size(), 43u);  // 256 bits

    auto page = public_->get("/api/v1/rsvp/" + token);
    ASSERT_EQ(page.status, 200) << page.body;
    EXPECT_EQ(page.json()["event"]["title"], "县政府第33次常务会议（开门纳谏）");
    EXPECT_EQ(page.body.find("wang@example.org"), std::string::npos);
    auto ics = public_->get("/api/v1/rsvp/" + token + "/calendar.ics");
    EXPECT_NE(ics.body.find("BEGIN:VEVENT"), std::string::npos);

    auto accepted = public_->post("/api/v1/rsvp/" + token, {{"response", "accept"}, {"note", "准时参加"}});
    ASSERT_EQ(accepted.status, 200) << accepted.body;
    EXPECT_EQ(accepted.json()["status"], "accepted");
    auto replayed = public_->post("/api/v1/rsvp/" + token, {{"response", "accept"}, {"note", "准时参加"}});
    EXPECT_EQ(replayed.json()["responded_at"], accepted.json()["responded_at"]);  // the same answer changes nothing
    EXPECT_EQ(public_->post("/api/v1/rsvp/" + token, {{"response", "maybe"}}).status, 400);
    EXPECT_EQ(public_->post("/api/v1/rsvp/" + token.substr(0, 20) + "xxxxxxxxxxxxxxxxxxxxxxx", {{"response", "accept"}}).status, 404);
    EXPECT_EQ(public_->get("/api/v1/rsvp/nope").status, 404);

    // Invited twice to one event: refused. Withdrawn: the link says so (410), and a new invitation is possible.
    EXPECT_EQ(scheduler_->post(fmt::format("/api/v1/events/{}/invitations", event_), {{"invitee_id", id}}).status, 409);
    ASSERT_EQ(scheduler_->post(fmt::format("/api/v1/invitations/{}/withdraw", invitation["id"].get<int>()), json::object()).status, 200);
    auto gone = public_->post("/api/v1/rsvp/" + token, {{"response", "decline"}});
    EXPECT_EQ(gone.status, 410);
    EXPECT_EQ(gone.error_code(), "invitation_withdrawn");
    invite(id);

    // The messages went to the outbox, with the link.
    auto outbox = client_as(Role::Admin)->get("/api/v1/outbox").body;
    EXPECT_NE(outbox.find("invitation.invited"), std::string::npos);
    EXPECT_NE(outbox.find("invitation.withdrawn"), std::string::npos);
    EXPECT_NE(outbox.find("/rsvp/" + token), std::string::npos);
    EXPECT_EQ(client_as(Role::Editor)->post(fmt::format("/api/v1/events/{}/invitations", event_), {{"invitee_id", id}}).status, 403);
}

TEST_F(InvitationTest, SuggestionsPreferFewerRecentInvitationsAndNoNoShowsAndADeclinedSeatGetsTheNext) {
    const int often = invitee("常被邀请", "企业代表");
    const int absent = invitee("曾缺席", "企业代表");
    const int fresh = invitee("从未邀请", "企业代表");
    const int other = invitee("另一类", "专家学者");
    // History on an earlier meeting: `often` invited and attended, `absent` invited and did not come.
    const int earlier = scheduler_->post("/api/v1/events", event_body("第32次常务会议", "standing_meeting")).json()["id"].get<int>();
    for (int who : {often, absent}) {
        auto v = scheduler_->post(fmt::format("/api/v1/events/{}/invitations", earlier), {{"invitee_id", who}}).json();
        ASSERT_EQ(scheduler_->post(fmt::format("/api/v1/invitations/{}/attendance", v["id"].get<int>()),
                                   {{"attendance", who == often ? "attended" : "no_show"}}).status, 200);
    }
    auto ranked = scheduler_->get(fmt::format("/api/v1/events/{}/invitation-suggestions?categories=%E4%BC%81%E4%B8%9A%E4%BB%A3%E8%A1%A8", event_));
    ASSERT_EQ(ranked.status, 200) << ranked.body;
    std::vector<int> order;
    const auto candidates = ranked.json()["candidates"];
    for (const auto& c : candidates) order.push_back(c["id"].get<int>());
    EXPECT_EQ(order, (std::vector<int>{fresh, often, absent}));
    EXPECT_NE(candidates[2]["reason"].get<std::string>().find("no-show"), std::string::npos);
    EXPECT_EQ(std::find(order.begin(), order.end(), other), order.end());

    // `fresh` is invited and declines: the seat's replacement is the next of the same category.
    auto v = invite(fresh);
    ASSERT_EQ(public_->post("/api/v1/rsvp/" + token_of(v), {{"response", "decline"}, {"note", "出差"}}).status, 200);
    auto list = scheduler_->get(fmt::format("/api/v1/events/{}/invitations", event_)).json()["invitations"];
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(list[0]["status"], "declined");
    EXPECT_EQ(list[0]["replacement"]["id"], often);
    auto history = scheduler_->get(fmt::format("/api/v1/invitees/{}", absent)).json();
    EXPECT_EQ(history["history"]["no_shows"], 1);
    EXPECT_EQ(history["invitations"].size(), 1u);
}

TEST_F(InvitationTest, DirectoryCsvRoundTripsAndABadFileImportsNothing) {
    EXPECT_EQ(scheduler_->post("/api/v1/invitees", {{"name", "某人"}, {"category", "路人甲"}}).error_code(), "invalid_input");
    EXPECT_EQ(scheduler_->post("/api/v1/invitees", {{"name", ""}, {"category", "人大代表"}}).error_code(), "invalid_input");
    // Traditional and Simplified name the same category.
    auto traditional = scheduler_->post("/api/v1/invitees", {{"name", "陳委員"}, {"category", "政協委員"}});
    ASSERT_EQ(traditional.status, 201) << traditional.body;
    EXPECT_EQ(traditional.json()["category"], "政协委员");

    const std::string good = "name,category,affiliation,contact,notes\r\n李华,群众代表,东门街道,li@example.org,\"说话直率, 关心老人\"\r\n"
                             "赵敏,专家学者,\"县\"\"城规\"\"院\",,\r\n";
    auto imported = scheduler_->request("POST", "/api/v1/invitees/import", good, {"Content-Type: text/csv"});
    ASSERT_EQ(imported.status, 200) << imported.body;
    EXPECT_EQ(imported.json()["imported"], 2);
    const std::string bad = "name,category,affiliation,contact,notes\n张三,人大代表,,,\n李四,外星人,,,\n,群众代表,,,\n";
    auto refused = scheduler_->request("POST", "/api/v1/invitees/import", bad, {"Content-Type: text/csv"});
    EXPECT_EQ(refused.status, 400);
    EXPECT_EQ(refused.json()["error"]["problems"].size(), 2u);
    EXPECT_NE(refused.body.find("line 3"), std::string::npos);
    EXPECT_NE(refused.body.find("line 4"), std::string::npos);

    auto csv = scheduler_->get("/api/v1/invitees.csv");
    ASSERT_EQ(csv.status, 200);
    EXPECT_NE(csv.body.find("\"说话直率, 关心老人\""), std::string::npos);
    EXPECT_NE(csv.body.find("\"县\"\"城规\"\"院\""), std::string::npos);
    EXPECT_EQ(csv.body.find("张三"), std::string::npos);  // the bad file imported nothing
    auto found = scheduler_->get("/api/v1/invitees?q=%E4%B8%9C%E9%97%A8");  // 东门
    EXPECT_EQ(found.json()["invitees"].size(), 1u);
    EXPECT_EQ(public_->get("/api/v1/invitees").status, 401);
    EXPECT_EQ(client_as(Role::Editor)->request("POST", "/api/v1/invitees/import", good, {"Content-Type: text/csv"}).status, 403);
}

TEST_F(InvitationTest, AgendaSubmissionAcceptedBecomesAnAgendaItem) {
    const int rep = invitee("刘代表", "群众代表");
    auto submitted = client_as(Role::Editor)->post(fmt::format("/api/v1/events/{}/agenda-submissions", event_),
                                                   {{"title", "校外培训机构管理实施意见"},
                                                    {"reporting_unit", "县教育局"},
                                                    {"summary", "审批、收费监管与安全管理"},
                                                    {"suggested_categories", {"群众代表", "专家学者"}},
                                                    {"suggested_invitee_ids", {rep}}});
    ASSERT_EQ(submitted.status, 201) << submitted.body;
    EXPECT_EQ(submitted.json()["status"], "pending");
    const int id = submitted.json()["id"].get<int>();
    EXPECT_EQ(client_as(Role::Editor)->post(fmt::format("/api/v1/agenda-submissions/{}/decision", id), {{"accept", true}}).status, 403);
    auto accepted = scheduler_->post(fmt::format("/api/v1/agenda-submissions/{}/decision", id), {{"accept", true}});
    ASSERT_EQ(accepted.status, 200) << accepted.body;
    EXPECT_EQ(accepted.json()["status"], "accepted");
    auto agenda = public_->get(fmt::format("/api/v1/events/{}", event_)).json()["agenda"];
    EXPECT_EQ(agenda.back()["title"], "校外培训机构管理实施意见");
    EXPECT_EQ(agenda.back()["reporting_unit"], "县教育局");
    EXPECT_EQ(scheduler_->post(fmt::format("/api/v1/agenda-submissions/{}/decision", id), {{"accept", false}}).status, 409);
}

TEST_F(InvitationTest, RemindersAndChangesReachThoseConcernedOnce) {
    const int coming = invitee("会来的", "群众代表", "coming@example.org");
    const int declining = invitee("不来的", "群众代表", "declining@example.org");
    ASSERT_EQ(public_->post("/api/v1/rsvp/" + token_of(invite(coming)), {{"response", "accept"}}).status, 200);
    ASSERT_EQ(public_->post("/api/v1/rsvp/" + token_of(invite(declining)), {{"response", "decline"}}).status, 200);
    auto admin = client_as(Role::Admin);
    auto count = [&](const std::string& kind, const std::string& recipient) {
        int n = 0;
        const auto messages = admin->get("/api/v1/outbox").json()["messages"];
        for (const auto& m : messages) n += m["kind"] == kind && m["recipient"] == recipient;
        return n;
    };
    ASSERT_TRUE(wait_until(std::chrono::seconds(10), [&] { return count("event.reminder", "coming@example.org") == 1; }));
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // more walks of the timer: still one
    EXPECT_EQ(count("event.reminder", "coming@example.org"), 1);
    EXPECT_EQ(count("event.reminder", "declining@example.org"), 0);

    ASSERT_EQ(scheduler_->patch(fmt::format("/api/v1/events/{}", event_), {{"venue", "县政务服务中心二楼"}}).status, 200);
    EXPECT_EQ(count("event.changed", "coming@example.org"), 1);
    ASSERT_EQ(scheduler_->post(fmt::format("/api/v1/events/{}/status", event_), {{"status", "postponed"}}).status, 200);
    EXPECT_EQ(count("event.changed", "coming@example.org"), 2);
    EXPECT_EQ(count("event.changed", "declining@example.org"), 0);
}

}  // namespace
