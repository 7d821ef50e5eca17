// After the meeting end to end: the real server with a clock the test moves (--clock-file), questions asked over
// a real WebSocket, then grouping, topics, assignments and their escalation, interpretations through review,
// pre-publication with comments and publication, and what the public sees of it all.
#include <fstream>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "support/staff_server.hpp"
#include "support/ws_client.hpp"

using namespace openhall::testing;
using openhall::core::Role;
using nlohmann::json;

namespace {

constexpr const char* kMeetingTime = "2026-12-07T10:00:00+08:00";

class AfterMeetingTest : public StaffServerTest {
protected:
    void SetUp() override {
        set_clock(kMeetingTime);
        StaffServerTest::SetUp();
        sign_in_all();
        event_ = create_live_event();
    }

    std::vector<std::string> server_args() const override {
        return {"--clock-file", clock_file().string(), "--escalation-interval", "1", "--notice-after-hours", "48",
                "--accountability-after-hours", "72"};
    }

    std::filesystem::path clock_file() const { return data_.path() / "clock.txt"; }

    void set_clock(const std::string& rfc3339) {
        std::ofstream(clock_file()) << rfc3339 << "\n";
    }

    // Moving the clock by days would expire the sessions: every role signs in again afterwards.
    void move_clock_to(const std::string& rfc3339) {
        set_clock(rfc3339);
        sign_in_all();
    }

    void sign_in_all() {
        admin_ = client_as(Role::Admin);
        scheduler_ = client_as(Role::Scheduler);
        moderator_ = client_as(Role::Moderator);
        editor_ = client_as(Role::Editor);
        reviewer_ = client_as(Role::Reviewer);
        responder_ = client_as(Role::Responder);
        public_ = public_client();
    }

    int create_live_event() {
        auto r = scheduler_->post("/api/v1/events", event_body("政务访谈：城区停车难怎么解决", "interview"));
        EXPECT_EQ(r.status, 201) << r.body;
        const int id = r.json()["id"].get<int>();
        agenda_item_ = scheduler_->post(fmt::format("/api/v1/events/{}/agenda", id), {{"title", "停车治理"}})
                           .json()["id"].get<int>();
        set_status(id, "scheduled");
        set_status(id, "live");
        return id;
    }

    void set_status(int event, const std::string& status) {
        auto r = scheduler_->post(fmt::format("/api/v1/events/{}/status", event), {{"status", status}});
        ASSERT_EQ(r.status, 200) << r.body;
    }

    struct Asked {
        int id;
        std::string ticket;
    };

    // Asked live over the gateway, then approved by the moderator.
    Asked ask_and_approve(const std::string& text) {
        WsClient viewer(server_->ws_port(), fmt::format("/events/{}", event_));
        (void)viewer.receive_type("hello");
        viewer.send_json({{"type", "ask"}, {"id", "a-" + std::to_string(++asked_)}, {"text", text}});
        auto ack = viewer.receive_one_of({"ack", "error"});
        EXPECT_EQ(ack["type"], "ack") << ack;
        const int id = ack["question"].get<int>();
        auto approved = moderator_->post(fmt::format("/api/v1/questions/{}/moderation", id), {{"action", "approve"}});
        EXPECT_EQ(approved.status, 200) << approved.body;
        return {id, ack["ticket"].get<std::string>()};
    }

    int make_topic(const std::string& title, const std::vector<int>& questions) {
        auto r = editor_->post(fmt::format("/api/v1/events/{}/topics", event_), {{"title", title}, {"question_ids", questions}});
        EXPECT_EQ(r.status, 201) << r.body;
        return r.json()["id"].get<int>();
    }

    void make_department(const std::string& name) {
        auto r = admin_->post("/api/v1/departments", {{"name", name},
                                                      {"contact", "office@transport.example.gov"},
                                                      {"supervisor_contact", "chief@transport.example.gov"}});
        ASSERT_EQ(r.status, 201) << r.body;
    }

    // A draft interpretation answering `question`; returns its id.
    int draft(int question, const std::string& body = "## 停车难\n\n新增停车位 **2000** 个。") {
        auto r = editor_->post("/api/v1/interpretations", {{"event_id", event_},
                                                           {"title", "关于城区停车难的解读"},
                                                           {"body_md", body},
                                                           {"question_ids", {question}},
                                                           {"topic_ids", json::array()},
                                                           {"answers", {{std::to_string(question), "年底前新增2000个车位。"}}}});
        EXPECT_EQ(r.status, 201) << r.body;
        return r.json()["id"].get<int>();
    }

    HttpResponse status(HttpClient& who, int interpretation, const json& body) {
        return who.post(fmt::format("/api/v1/interpretations/{}/status", interpretation), body);
    }
    HttpResponse review(int interpretation, const std::string& decision, const std::string& comment = "") {
        return reviewer_->post(fmt::format("/api/v1/interpretations/{}/review", interpretation),
                               {{"decision", decision}, {"comment", comment}});
    }

    // Draft → in review → approved → published.
    void publish(int interpretation) {
        ASSERT_EQ(status(*editor_, interpretation, {{"status", "in_review"}}).status, 200);
        ASSERT_EQ(review(interpretation, "approve").status, 200);
        auto r = status(*editor_, interpretation, {{"status", "published"}});
        ASSERT_EQ(r.status, 200) << r.body;
    }

    std::unique_ptr<HttpClient> admin_, scheduler_, moderator_, editor_, reviewer_, responder_, public_;
    int event_ = 0;
    int agenda_item_ = 0;
    int asked_ = 0;
};

TEST_F(AfterMeetingTest, WholeWorkflowFromLiveQuestionToPublishedAnswer) {
    // 1–2. Asked live, approved.
    const auto parking = ask_and_approve("城区停车难的问题什么时候能解决？");
    const auto parking_again = ask_and_approve("城區停車難的問題何時能解決？");
    const auto bus = ask_and_approve("公交线路能否延伸到新开发区？");
    set_status(event_, "ended");

    // 3. Grouped: the two parking questions (one Traditional, one Simplified) are suggested together.
    auto groups = editor_->get(fmt::format("/api/v1/events/{}/question-groups", event_));
    ASSERT_EQ(groups.status, 200) << groups.body;
    ASSERT_EQ(groups.json()["groups"].size(), 1u) << groups.body;
    EXPECT_EQ(groups.json()["groups"][0]["question_ids"], json({parking.id, parking_again.id}));
    const int topic = make_topic("停车难", {parking.id, parking_again.id});

    // Assigned to a department with a due date a day after the meeting.
    make_department("交通运输局");
    ASSERT_EQ(admin_->request("PUT", "/api/v1/users/responder/department", R"({"department":"交通运输局"})").status, 200);
    sign_in_all();  // the responder's session now carries the department
    auto assigned = editor_->post("/api/v1/assignments",
                                  {{"topic_id", topic}, {"department", "交通运输局"}, {"due_at", "2026-12-08T10:00:00+08:00"}});
    ASSERT_EQ(assigned.status, 201) << assigned.body;
    const int assignment = assigned.json()["id"].get<int>();
    EXPECT_EQ(assigned.json()["escalation"], "none");
    auto bus_assigned = editor_->post("/api/v1/assignments",
                                      {{"question_id", bus.id}, {"department", "交通运输局"}, {"due_at", "2026-12-08T10:00:00+08:00"}});
    ASSERT_EQ(bus_assigned.status, 201) << bus_assigned.body;

    // 4. Escalation as time moves: reminder at the due date, notice 48 h later, accountability 72 h after that.
    auto level_of = [&](int id) {
        auto r = editor_->get("/api/v1/assignments?overdue=true");
        EXPECT_EQ(r.status, 200) << r.body;
        const auto list = r.json()["assignments"];
        for (const auto& a : list)
            if (a["id"] == id) return a["escalation"].get<std::string>();
        return std::string("not overdue");
    };
    EXPECT_EQ(level_of(assignment), "not overdue");
    move_clock_to("2026-12-08T11:00:00+08:00");
    EXPECT_EQ(level_of(assignment), "reminder");
    move_clock_to("2026-12-10T11:00:00+08:00");
    EXPECT_EQ(level_of(assignment), "notice");

    // The bus question is answered by the department before the accountability step; its escalation stops there.
    auto mine = responder_->get("/api/v1/assignments");
    ASSERT_EQ(mine.status, 200);
    EXPECT_EQ(mine.json()["assignments"].size(), 2u);
    auto answered = responder_->post(fmt::format("/api/v1/assignments/{}/response", bus_assigned.json()["id"].get<int>()),
                                     {{"response", "明年一季度开通延伸线。"}});
    ASSERT_EQ(answered.status, 200) << answered.body;
    EXPECT_EQ(answered.json()["status"], "answered");

    move_clock_to("2026-12-13T11:00:00+08:00");
    EXPECT_EQ(level_of(assignment), "accountability");
    // The timer (every second here) and repeated reads take each step once; a restart takes none again.
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    restart_server();
    sign_in_all();
    auto all = editor_->get("/api/v1/assignments").json()["assignments"];
    ASSERT_EQ(all.size(), 2u);
    for (const auto& a : all) {
        if (a["id"] == assignment) {
            ASSERT_EQ(a["escalation_history"].size(), 3u) << a;
            EXPECT_EQ(a["escalation_history"][0]["level"], "reminder");
            EXPECT_EQ(a["escalation_history"][0]["at"], "2026-12-08T11:00:00+08:00");
            EXPECT_EQ(a["escalation_history"][1]["level"], "notice");
            EXPECT_EQ(a["escalation_history"][2]["level"], "accountability");
        } else {
            EXPECT_EQ(a["escalation"], "notice") << a;  // answered before the last step
        }
    }
    auto outbox = admin_->get("/api/v1/outbox").json()["messages"];
    ASSERT_EQ(outbox.size(), 5u) << outbox;  // 3 for the topic, 2 for the bus question
    int to_supervisors = 0;
    for (const auto& m : outbox) to_supervisors += m["recipient"] == "chief@transport.example.gov";
    EXPECT_EQ(to_supervisors, 3);

    // 5. Drafted, 6. sent back, revised, approved, pre-published with a comment, 7. published.
    auto created = editor_->post("/api/v1/interpretations",
                                 {{"event_id", event_},
                                  {"title", "关于城区停车难的解读"},
                                  {"body_md", "## 停车难\n\n年底前新增停车位。"},
                                  {"question_ids", json::array()},
                                  {"topic_ids", {topic}},
                                  {"agenda_item_ids", {agenda_item_}},
                                  {"moments", {{{"offset_s", 95.5}, {"label", "局长答复"}}}},
                                  {"answers", {{std::to_string(parking.id), "年底前新增2000个车位。"}}}});
    ASSERT_EQ(created.status, 201) << created.body;
    const int interpretation = created.json()["id"].get<int>();
    EXPECT_EQ(created.json()["status"], "draft");
    EXPECT_EQ(created.json()["moments"][0]["url"], fmt::format("/events/{}?t=95", event_));
    ASSERT_EQ(status(*editor_, interpretation, {{"status", "in_review"}}).status, 200);
    auto sent_back = review(interpretation, "changes_requested", "请写明新增车位的具体数量和地点。");
    ASSERT_EQ(sent_back.status, 200) << sent_back.body;
    EXPECT_EQ(sent_back.json()["status"], "draft");
    auto revised = editor_->request("PUT", fmt::format("/api/v1/interpretations/{}", interpretation),
                                    json({{"title", "关于城区停车难的解读"},
                                          {"body_md", "## 停车难\n\n年底前在老城区新增停车位 **2000** 个。"},
                                          {"topic_ids", {topic}},
                                          {"answers", {{std::to_string(parking.id), "年底前新增2000个车位。"}}}})
                                        .dump());
    ASSERT_EQ(revised.status, 200) << revised.body;
    EXPECT_EQ(revised.json()["version"], 2);
    auto diff = editor_->get(fmt::format("/api/v1/interpretations/{}/diff?from=1&to=2", interpretation)).json();
    EXPECT_EQ(diff["lines"].back(), json({{"op", "added"}, {"text", "年底前在老城区新增停车位 **2000** 个。"}})) << diff;
    ASSERT_EQ(status(*editor_, interpretation, {{"status", "in_review"}}).status, 200);
    ASSERT_EQ(review(interpretation, "approve", "同意。").status, 200);
    auto pre = status(*editor_, interpretation, {{"status", "pre_published"}, {"comment_until", "2026-12-20T18:00:00+08:00"}});
    ASSERT_EQ(pre.status, 200) << pre.body;

    auto seen = public_->get(fmt::format("/api/v1/interpretations/{}", interpretation));
    ASSERT_EQ(seen.status, 200) << seen.body;
    EXPECT_EQ(seen.json()["status"], "pre_published");
    EXPECT_TRUE(seen.json()["comments_open"].get<bool>());
    EXPECT_NE(seen.json()["body_html"].get<std::string>().find("<strong>2000</strong>"), std::string::npos);
    auto comment = public_->post(fmt::format("/api/v1/interpretations/{}/comments", interpretation),
                                 {{"text", "建议优先在医院周边增加车位。"}, {"name", "市民王先生"}, {"contact", "13800000000"}});
    ASSERT_EQ(comment.status, 201) << comment.body;
    EXPECT_FALSE(comment.json().contains("contact"));
    EXPECT_TRUE(public_->get(fmt::format("/api/v1/interpretations/{}/comments", interpretation)).json()["comments"].empty());
    auto replied = editor_->post(fmt::format("/api/v1/comments/{}/moderation", comment.json()["id"].get<int>()),
                                 {{"action", "approve"}, {"reply", "感谢建议，医院周边已列入首批。"}});
    ASSERT_EQ(replied.status, 200) << replied.body;
    auto shown = public_->get(fmt::format("/api/v1/interpretations/{}/comments", interpretation));
    ASSERT_EQ(shown.json()["comments"].size(), 1u);
    EXPECT_EQ(shown.json()["comments"][0]["reply"], "感谢建议，医院周边已列入首批。");
    EXPECT_EQ(shown.body.find("13800000000"), std::string::npos);

    auto published = status(*editor_, interpretation, {{"status", "published"}});
    ASSERT_EQ(published.status, 200) << published.body;

    // The askers' tickets show the answer; a question of the topic that had no short answer of its own too.
    auto ticket = public_->get("/api/v1/tickets/" + parking.ticket);
    ASSERT_EQ(ticket.status, 200);
    const auto answer = ticket.json()["answer"];
    ASSERT_TRUE(answer.is_object()) << ticket.body;
    EXPECT_EQ(answer["interpretation_id"], interpretation);
    EXPECT_EQ(answer["url"], fmt::format("/interpretations/{}", interpretation));
    EXPECT_EQ(answer["replay_url"].get<std::string>().rfind(fmt::format("/events/{}?t=", event_), 0), 0u);
    EXPECT_EQ(answer["text"], "年底前新增2000个车位。");
    EXPECT_EQ(public_->get("/api/v1/tickets/" + parking_again.ticket).json()["answer"]["interpretation_id"], interpretation);
    EXPECT_TRUE(public_->get("/api/v1/tickets/" + bus.ticket).json()["answer"].is_null());

    // The feed and search find it; search across scripts finds the question too.
    auto feed = public_->get("/feed.atom");
    ASSERT_EQ(feed.status, 200);
    EXPECT_NE(feed.header("content-type").find("application/atom+xml"), std::string::npos);
    EXPECT_NE(feed.body.find("关于城区停车难的解读"), std::string::npos);
    auto found = public_->get("/api/v1/search?q=%E8%80%81%E5%9F%8E%E5%8D%80");  // 老城區, Traditional
    ASSERT_EQ(found.status, 200) << found.body;
    ASSERT_EQ(found.json()["results"].size(), 1u) << found.body;
    EXPECT_EQ(found.json()["results"][0]["kind"], "interpretation");
    auto questions_found = public_->get("/api/v1/search?q=%E5%85%AC%E4%BA%A4%E7%BA%BF%E8%B7%AF");  // 公交线路
    ASSERT_EQ(questions_found.json()["results"].size(), 1u) << questions_found.body;
    EXPECT_EQ(questions_found.json()["results"][0]["id"], bus.id);
    auto two_chars = public_->get("/api/v1/search?q=%E5%81%9C%E8%BD%A6");  // 停车: shorter than a trigram
    EXPECT_GE(two_chars.json()["results"].size(), 3u) << two_chars.body;

    // Public statistics: three questions, the two parking ones answered.
    auto stats = public_->get("/api/v1/statistics").json();
    EXPECT_EQ(stats["overall"]["questions"], 3);
    EXPECT_EQ(stats["overall"]["answered"], 2);
    EXPECT_GT(stats["overall"]["median_hours_to_answer"].get<double>(), 24.0 * 6);

    // Every step is in the event's audit trail.
    auto audit = scheduler_->get(fmt::format("/api/v1/events/{}/audit", event_)).body;
    for (const char* action : {"topic.create", "assignment.create", "assignment.escalate", "assignment.respond",
                               "interpretation.create", "interpretation.review", "interpretation.status"})
        EXPECT_NE(audit.find(action), std::string::npos) << action;
}

TEST_F(AfterMeetingTest, StatusChangesOutsideTheTableAreRefusedWithTheCurrentState) {
    const auto q = ask_and_approve("老旧小区加装电梯有补贴吗？");
    const int i = draft(q.id);
    auto refused = [&](HttpClient& who, const json& body) {
        auto r = status(who, i, body);
        EXPECT_EQ(r.status, 409) << body << r.body;
        EXPECT_EQ(r.error_code(), "illegal_transition");
        return r.json()["error"]["message"].get<std::string>();
    };
    EXPECT_NE(refused(*editor_, {{"status", "published"}}).find("draft"), std::string::npos);
    refused(*editor_, {{"status", "withdrawn"}});
    EXPECT_EQ(review(i, "approve").error_code(), "illegal_transition");  // not submitted
    ASSERT_EQ(status(*editor_, i, {{"status", "in_review"}}).status, 200);
    EXPECT_NE(refused(*editor_, {{"status", "published"}}).find("not been approved"), std::string::npos);
    refused(*editor_, {{"status", "pre_published"}, {"comment_until", "2026-12-20T18:00:00+08:00"}});
    ASSERT_EQ(review(i, "approve").status, 200);
    // pre_published needs its window; the window needs pre_published.
    EXPECT_EQ(status(*editor_, i, {{"status", "pre_published"}}).error_code(), "invalid_input");
    EXPECT_EQ(status(*editor_, i, {{"status", "published"}, {"comment_until", "2026-12-20T18:00:00+08:00"}}).error_code(),
              "invalid_input");
    EXPECT_EQ(status(*editor_, i, {{"status", "archived"}}).error_code(), "invalid_input");
    EXPECT_EQ(review(i, "changes_requested").error_code(), "invalid_input");  // a comment is required
    ASSERT_EQ(status(*editor_, i, {{"status", "published"}}).status, 200);
    refused(*editor_, {{"status", "published"}});  // nothing new to publish
    refused(*editor_, {{"status", "draft"}});
    ASSERT_EQ(status(*editor_, i, {{"status", "withdrawn"}}).status, 200);
    refused(*editor_, {{"status", "published"}});
    auto save = editor_->request("PUT", fmt::format("/api/v1/interpretations/{}", i),
                                 R"({"title":"改","body_md":"改","question_ids":[]})");
    EXPECT_EQ(save.status, 409);
    // Roles: a reviewer does not publish, an editor does not review.
    auto other = draft(q.id);
    EXPECT_EQ(status(*reviewer_, other, {{"status", "in_review"}}).status, 403);
    ASSERT_EQ(status(*editor_, other, {{"status", "in_review"}}).status, 200);
    EXPECT_EQ(editor_->post(fmt::format("/api/v1/interpretations/{}/review", other), {{"decision", "approve"}}).status, 403);
}

TEST_F(AfterMeetingTest, ChangedPublishedTextNeedsNewApprovalAndThePublicKeepsTheOldOneMeanwhile) {
    const auto q = ask_and_approve("夜间施工噪音扰民怎么投诉？");
    const int i = draft(q.id, "拨打12345。");
    publish(i);
    auto changed = editor_->request("PUT", fmt::format("/api/v1/interpretations/{}", i),
                                    json({{"title", "关于城区停车难的解读"}, {"body_md", "拨打12345或使用小程序。"},
                                          {"question_ids", {q.id}}})
                                        .dump());
    ASSERT_EQ(changed.status, 200) << changed.body;
    EXPECT_EQ(changed.json()["status"], "published");
    EXPECT_NE(public_->get(fmt::format("/api/v1/interpretations/{}", i)).body.find("拨打12345。"), std::string::npos);
    EXPECT_EQ(status(*editor_, i, {{"status", "published"}}).error_code(), "illegal_transition");
    ASSERT_EQ(review(i, "approve").status, 200);
    ASSERT_EQ(status(*editor_, i, {{"status", "published"}}).status, 200);
    auto now_public = public_->get(fmt::format("/api/v1/interpretations/{}", i));
    EXPECT_NE(now_public.body.find("小程序"), std::string::npos);
    EXPECT_EQ(now_public.json()["version"], 2);
    auto versions = editor_->get(fmt::format("/api/v1/interpretations/{}/versions", i)).json()["versions"];
    EXPECT_EQ(versions.size(), 2u);
}

TEST_F(AfterMeetingTest, DraftsAreStaffOnlyAndWithdrawalStaysOnRecordWithoutItsText) {
    const auto q = ask_and_approve("学校周边交通拥堵如何治理？");
    const int i = draft(q.id, "错峰放学。<script>alert(1)</script> [看](javascript:alert(1))");
    EXPECT_EQ(public_->get(fmt::format("/api/v1/interpretations/{}", i)).status, 404);
    EXPECT_TRUE(public_->get("/api/v1/interpretations").json()["interpretations"].empty());
    auto staff = reviewer_->get(fmt::format("/api/v1/interpretations/{}", i));
    ASSERT_EQ(staff.status, 200);
    const auto html = staff.json()["body_html"].get<std::string>();
    EXPECT_EQ(html.find("<script>"), std::string::npos) << html;
    EXPECT_EQ(html.find("javascript:"), std::string::npos) << html;
    publish(i);
    EXPECT_EQ(public_->get("/api/v1/search?q=%E9%94%99%E5%B3%B0%E6%94%BE").json()["results"].size(), 1u);
    ASSERT_EQ(status(*editor_, i, {{"status", "withdrawn"}}).status, 200);
    auto withdrawn = public_->get(fmt::format("/api/v1/interpretations/{}", i));
    ASSERT_EQ(withdrawn.status, 200);
    EXPECT_EQ(withdrawn.json()["status"], "withdrawn");
    EXPECT_TRUE(withdrawn.json()["body_html"].is_null());
    EXPECT_FALSE(withdrawn.json()["withdrawn_at"].is_null());
    EXPECT_EQ(public_->get("/api/v1/interpretations").json()["interpretations"][0]["status"], "withdrawn");
    EXPECT_TRUE(public_->get("/api/v1/search?q=%E9%94%99%E5%B3%B0%E6%94%BE").json()["results"].empty());
    EXPECT_TRUE(public_->get("/api/v1/tickets/" + q.ticket).json()["answer"].is_null());
    EXPECT_EQ(public_->get("/feed.atom").body.find("<entry>"), std::string::npos);
}

TEST_F(AfterMeetingTest, CommentWindowClosesByItselfAndContactsStayWithStaff) {
    const auto q = ask_and_approve("社区食堂能否扩大到更多街道？");
    const int i = draft(q.id);
    ASSERT_EQ(status(*editor_, i, {{"status", "in_review"}}).status, 200);
    ASSERT_EQ(review(i, "approve").status, 200);
    EXPECT_EQ(status(*editor_, i, {{"status", "pre_published"}, {"comment_until", "2026-12-07T09:00:00+08:00"}}).error_code(),
              "invalid_input");  // the past
    ASSERT_EQ(status(*editor_, i, {{"status", "pre_published"}, {"comment_until", "2026-12-08T10:00:00+08:00"}}).status, 200);
    auto path = fmt::format("/api/v1/interpretations/{}/comments", i);
    EXPECT_EQ(public_->post(path, {{"text", ""}}).error_code(), "invalid_input");
    EXPECT_EQ(public_->post(path, {{"text", std::string(2001, 'x')}}).error_code(), "invalid_input");
    ASSERT_EQ(public_->post(path, {{"text", "支持"}, {"contact", "resident@example.org"}}).status, 201);
    auto staff_view = editor_->get(path);
    ASSERT_EQ(staff_view.json()["comments"][0]["contact"], "resident@example.org");
    move_clock_to("2026-12-08T10:00:01+08:00");
    auto late = public_->post(path, {{"text", "还来得及吗"}});
    EXPECT_EQ(late.status, 409) << late.body;
    EXPECT_FALSE(public_->get(fmt::format("/api/v1/interpretations/{}", i)).json()["comments_open"].get<bool>());
    EXPECT_EQ(editor_->get(path).json()["comments"].size(), 1u);  // the refused one was not kept
    EXPECT_EQ(public_->get(fmt::format("/api/v1/interpretations/{}", i)).body.find("resident@example.org"), std::string::npos);
}

TEST_F(AfterMeetingTest, TopicAndAssignmentMistakesGetClearErrors) {
    const auto a = ask_and_approve("垃圾分类的收运时间能调整吗？");
    const auto b = ask_and_approve("垃圾分类收运时间可否调整？");
    const int topic = make_topic("垃圾分类", {a.id});
    auto twice = editor_->post(fmt::format("/api/v1/events/{}/topics", event_), {{"title", "又一个"}, {"question_ids", {a.id}}});
    EXPECT_EQ(twice.status, 409) << twice.body;
    EXPECT_EQ(editor_->post(fmt::format("/api/v1/events/{}/topics", event_), {{"title", "空"}, {"question_ids", json::array()}})
                  .error_code(),
              "invalid_input");
    EXPECT_EQ(editor_->post(fmt::format("/api/v1/events/{}/topics", event_), {{"title", "x"}, {"question_ids", {999999}}})
                  .error_code(),
              "invalid_input");
    // Merging b in; then the topic is assigned and can no longer be deleted.
    auto merged = editor_->patch(fmt::format("/api/v1/topics/{}", topic), {{"question_ids", {a.id, b.id}}});
    ASSERT_EQ(merged.status, 200) << merged.body;
    EXPECT_EQ(merged.json()["question_ids"], json({a.id, b.id}));

    make_department("城市管理局");
    auto unknown = editor_->post("/api/v1/assignments",
                                 {{"topic_id", topic}, {"department", "不存在的局"}, {"due_at", "2026-12-10T10:00:00+08:00"}});
    EXPECT_EQ(unknown.status, 400);
    EXPECT_NE(unknown.json()["error"]["message"].get<std::string>().find("城市管理局"), std::string::npos);
    EXPECT_EQ(editor_->post("/api/v1/assignments", {{"topic_id", topic},
                                                    {"question_id", a.id},
                                                    {"department", "城市管理局"},
                                                    {"due_at", "2026-12-10T10:00:00+08:00"}})
                  .status,
              400);
    EXPECT_EQ(editor_->post("/api/v1/assignments", {{"topic_id", topic}, {"department", "城市管理局"}, {"due_at", "明天"}})
                  .status,
              400);
    EXPECT_EQ(admin_->post("/api/v1/departments", {{"name", "城市管理局"}}).status, 409);
    EXPECT_EQ(editor_->get("/api/v1/assignments?overdue=maybe").status, 400);
    auto assigned = editor_->post("/api/v1/assignments",
                                  {{"topic_id", topic}, {"department", "城市管理局"}, {"due_at", "2026-12-07T09:00:00+08:00"}});
    ASSERT_EQ(assigned.status, 201);
    EXPECT_EQ(assigned.json()["escalation"], "reminder");  // due already: escalates at once
    EXPECT_EQ(editor_->del(fmt::format("/api/v1/topics/{}", topic)).status, 409);
    // An assigned topic is not merged away either; an unassigned one is, and the merge is in the audit trail.
    const auto c = ask_and_approve("厨余垃圾桶能否多放几个？");
    const int other = make_topic("厨余垃圾", {c.id});
    EXPECT_EQ(editor_->post(fmt::format("/api/v1/topics/{}/merge", other), {{"from", topic}}).status, 409);
    auto merged_topics = editor_->post(fmt::format("/api/v1/topics/{}/merge", topic), {{"from", other}});
    ASSERT_EQ(merged_topics.status, 200) << merged_topics.body;
    EXPECT_EQ(merged_topics.json()["question_ids"], json({a.id, b.id, c.id}));
    EXPECT_EQ(editor_->get(fmt::format("/api/v1/events/{}/topics", event_)).json()["topics"].size(), 1u);
    EXPECT_EQ(editor_->post(fmt::format("/api/v1/topics/{}/merge", topic), {{"from", topic}}).status, 400);
    auto audit = scheduler_->get(fmt::format("/api/v1/events/{}/audit", event_)).body;
    EXPECT_NE(audit.find("topic.merge"), std::string::npos);
    EXPECT_NE(audit.find("topic.delete"), std::string::npos);

    // A responder of no department sees nothing and may answer nothing.
    EXPECT_TRUE(responder_->get("/api/v1/assignments").json()["assignments"].empty());
    auto foreign = responder_->post(fmt::format("/api/v1/assignments/{}/response", assigned.json()["id"].get<int>()),
                                    {{"response", "已处理"}});
    EXPECT_EQ(foreign.status, 403);
    EXPECT_EQ(editor_->get(fmt::format("/api/v1/assignments")).json()["assignments"][0]["status"], "open");
}

}  // namespace
