#include <gtest/gtest.h>

#include "support/staff_server.hpp"

using namespace openhall::testing;
using openhall::core::Role;

namespace {

class EventApiTest : public StaffServerTest {
protected:
    void SetUp() override {
        StaffServerTest::SetUp();
        staff_ = client_as(Role::Scheduler);
    }

    int create_event(const nlohmann::json& body) {
        auto r = staff_->post("/api/v1/events", body);
        EXPECT_EQ(r.status, 201) << r.body;
        return r.json()["id"].get<int>();
    }

    HttpResponse set_status(int id, const std::string& status) {
        return staff_->post("/api/v1/events/" + std::to_string(id) + "/status", {{"status", status}});
    }

    static std::string path(int id, const std::string& rest = "") { return "/api/v1/events/" + std::to_string(id) + rest; }

    std::unique_ptr<HttpClient> staff_;
};

}  // namespace

TEST_F(EventApiTest, CreatedEventIsADraftWithTheContractShape) {
    auto r = staff_->post("/api/v1/events", event_body());
    ASSERT_EQ(r.status, 201) << r.body;
    auto e = r.json();
    EXPECT_EQ(e["status"], "draft");
    EXPECT_EQ(e["kind"], "open_day");
    EXPECT_EQ(e["title"], "政府开放日：走进县自来水厂");
    EXPECT_EQ(e["venue"], "青溪县第二自来水厂");
    EXPECT_EQ(e["capacity"], 60);
    // Times come back in the display zone (Asia/Shanghai) with the offset.
    EXPECT_EQ(e["starts_at"], "2026-12-07T09:00:00+08:00");
    EXPECT_EQ(e["ends_at"], "2026-12-07T11:30:00+08:00");
    EXPECT_TRUE(e["agenda"].is_array());
    for (const char* key : {"hls_url", "poster_url", "mp4_url", "chapters_url"}) {
        ASSERT_TRUE(e["stream"].contains(key)) << key;
        EXPECT_TRUE(e["stream"][key].is_null()) << key;
    }
    EXPECT_TRUE(e["id"].is_number_integer());
}

TEST_F(EventApiTest, TimesGivenInAnyOffsetAreTheSameInstant) {
    auto body = event_body();
    body["starts_at"] = "2026-12-07T01:00:00Z";
    body["ends_at"] = "2026-12-07T03:30:00Z";
    auto e = staff_->post("/api/v1/events", body).json();
    EXPECT_EQ(e["starts_at"], "2026-12-07T09:00:00+08:00");
}

TEST_F(EventApiTest, DraftsAreHiddenFromThePublicAndVisibleToStaff) {
    const int id = create_event(event_body());
    auto visitor = public_client();
    EXPECT_TRUE(visitor->get("/api/v1/events").json()["events"].empty());
    EXPECT_EQ(visitor->get(path(id)).status, 404);
    EXPECT_EQ(staff_->get("/api/v1/events").json()["events"].size(), 1u);
    EXPECT_EQ(staff_->get(path(id)).status, 200);
    ASSERT_EQ(set_status(id, "scheduled").status, 200);
    EXPECT_EQ(visitor->get("/api/v1/events").json()["events"].size(), 1u);
    EXPECT_EQ(visitor->get(path(id)).json()["status"], "scheduled");
}

TEST_F(EventApiTest, WholeLifecycleOverHttp) {
    const int id = create_event(event_body());
    for (const char* s : {"scheduled", "postponed", "scheduled", "live", "ended", "archived"}) {
        auto r = set_status(id, s);
        ASSERT_EQ(r.status, 200) << s << ": " << r.body;
        EXPECT_EQ(r.json()["status"], s);
    }
    EXPECT_TRUE(staff_->get(path(id)).json()["next_statuses"].empty());
}

TEST_F(EventApiTest, IllegalTransitionIs409NamingTheCurrentState) {
    const int id = create_event(event_body());
    ASSERT_EQ(set_status(id, "scheduled").status, 200);
    auto r = set_status(id, "archived");
    EXPECT_EQ(r.status, 409);
    EXPECT_EQ(r.error_code(), "illegal_transition");
    EXPECT_NE(r.json()["error"]["message"].get<std::string>().find("scheduled"), std::string::npos);
    EXPECT_EQ(staff_->get(path(id)).json()["status"], "scheduled");
}

TEST_F(EventApiTest, UnknownStatusIs400) {
    const int id = create_event(event_body());
    EXPECT_EQ(set_status(id, "finished").status, 400);
    EXPECT_EQ(staff_->post(path(id, "/status"), nlohmann::json::object()).status, 400);
}

TEST_F(EventApiTest, PatchChangesGivenFieldsAndCanClearCapacity) {
    const int id = create_event(event_body());
    auto r = staff_->patch(path(id), {{"venue", "县政务服务中心"}, {"capacity", nullptr}});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.json()["venue"], "县政务服务中心");
    EXPECT_TRUE(r.json()["capacity"].is_null());
    EXPECT_EQ(r.json()["title"], "政府开放日：走进县自来水厂");
}

TEST_F(EventApiTest, PatchRefusesStatusKindUnknownFieldsAndBadTimes) {
    const int id = create_event(event_body());
    EXPECT_EQ(staff_->patch(path(id), {{"status", "live"}}).status, 400);
    EXPECT_EQ(staff_->patch(path(id), {{"kind", "hearing"}}).status, 400);
    EXPECT_EQ(staff_->patch(path(id), {{"titel", "typo"}}).status, 400);
    EXPECT_EQ(staff_->patch(path(id), {{"ends_at", "2026-12-07T08:00:00+08:00"}}).status, 400);
    EXPECT_EQ(staff_->get(path(id)).json()["ends_at"], "2026-12-07T11:30:00+08:00");
}

TEST_F(EventApiTest, CancelledEventIsLocked) {
    const int id = create_event(event_body());
    ASSERT_EQ(set_status(id, "cancelled").status, 200);
    auto r = staff_->patch(path(id), {{"title", "改名"}});
    EXPECT_EQ(r.status, 409);
    EXPECT_EQ(r.error_code(), "event_locked");
}

TEST_F(EventApiTest, EveryFieldIsValidatedWithAClearMessageAndNothingStored) {
    struct Case {
        const char* field;
        nlohmann::json value;
    };
    const Case cases[] = {
        {"kind", "concert"},         {"kind", nullptr},       {"title", ""},
        {"title", std::string(201, 'a')}, {"title", 42},      {"description", std::string(5001, 'a')},
        {"venue", std::string(201, 'a')}, {"starts_at", "tomorrow"}, {"starts_at", nullptr},
        {"ends_at", "2026-12-07T08:00:00+08:00"}, {"capacity", -1}, {"capacity", "sixty"},
        {"capacity", 1.5},           {"unexpected", true},
    };
    for (const auto& c : cases) {
        auto body = event_body();
        if (c.value.is_null())
            body.erase(c.field);
        else
            body[c.field] = c.value;
        auto r = staff_->post("/api/v1/events", body);
        EXPECT_EQ(r.status, 400) << c.field << "=" << c.value.dump();
        EXPECT_EQ(r.error_code(), "invalid_input") << r.body;
        EXPECT_NE(r.json()["error"]["message"].get<std::string>().find(c.field), std::string::npos)
            << c.field << ": " << r.body;
    }
    EXPECT_TRUE(staff_->get("/api/v1/events").json()["events"].empty());
}

// Issue 14: control characters, blank required fields and repeated names are refused before anything is stored.
TEST_F(EventApiTest, ControlCharactersBlankFieldsAndRepeatedNamesAre400) {
    // Sent as the issue shows them: {"title":"a\u0000b\u0007"}, "   ", an ideographic space, two lines.
    for (const nlohmann::json& title : {nlohmann::json(std::string("a\0b\x07", 4)), nlohmann::json("   "),
                                        nlohmann::json("\u3000"), nlohmann::json("两行\n标题")}) {
        auto body = event_body();
        body["title"] = title;
        auto r = staff_->post("/api/v1/events", body);
        EXPECT_EQ(r.status, 400) << title.dump();
        EXPECT_EQ(r.error_code(), "invalid_input") << r.body;
    }
    auto body = event_body();
    auto text = body.dump();
    text.insert(1, "\"kind\":\"hearing\",");  // {"kind":"hearing", ... "kind":"open_day", ...}
    auto repeated = staff_->request("POST", "/api/v1/events", text);
    EXPECT_EQ(repeated.status, 400) << text;
    EXPECT_EQ(repeated.error_code(), "invalid_json");
    EXPECT_NE(repeated.body.find("kind"), std::string::npos) << repeated.body;
    auto nested = body;
    nested["description"] = "第一段\n第二段\t（附件）";
    EXPECT_EQ(staff_->post("/api/v1/events", nested).status, 201) << "a description may hold lines and tabs";
    EXPECT_EQ(staff_->get("/api/v1/events").json()["events"].size(), 1u);
}

TEST_F(EventApiTest, AgendaItemsAreAddedEditedReorderedAndRemoved) {
    const int id = create_event(event_body("县人民政府第32次常务会议", "standing_meeting"));
    auto first = staff_->post(path(id, "/agenda"),
                              {{"title", "老旧小区改造三年行动方案"}, {"reporting_unit", "县住建局"}, {"summary", "46个小区"}});
    ASSERT_EQ(first.status, 201) << first.body;
    EXPECT_EQ(first.json()["position"], 1);
    EXPECT_EQ(first.json()["reporting_unit"], "县住建局");
    auto second = staff_->post(path(id, "/agenda"), {{"title", "校外培训机构管理"}, {"reporting_unit", "县教育局"}});
    ASSERT_EQ(second.status, 201);
    const auto second_id = std::to_string(second.json()["id"].get<int>());
    const auto first_id = std::to_string(first.json()["id"].get<int>());

    auto moved = staff_->patch(path(id, "/agenda/" + second_id), {{"position", 1}, {"summary", "收费资金监管"}});
    ASSERT_EQ(moved.status, 200) << moved.body;
    auto agenda = staff_->get(path(id)).json()["agenda"];
    EXPECT_EQ(agenda[0]["title"], "校外培训机构管理");
    EXPECT_EQ(agenda[0]["summary"], "收费资金监管");
    EXPECT_EQ(agenda[1]["position"], 2);

    EXPECT_EQ(staff_->del(path(id, "/agenda/" + first_id)).status, 204);
    EXPECT_EQ(staff_->get(path(id)).json()["agenda"].size(), 1u);
    EXPECT_EQ(staff_->del(path(id, "/agenda/" + first_id)).status, 404);
}

TEST_F(EventApiTest, AgendaInputIsValidated) {
    const int id = create_event(event_body());
    EXPECT_EQ(staff_->post(path(id, "/agenda"), {{"reporting_unit", "县教育局"}}).status, 400);
    EXPECT_EQ(staff_->post(path(id, "/agenda"), {{"title", std::string(201, 'a')}}).status, 400);
    EXPECT_EQ(staff_->post(path(id, "/agenda"), {{"title", "议题"}, {"extra", 1}}).status, 400);
    EXPECT_EQ(staff_->post(path(999, "/agenda"), {{"title", "议题"}}).status, 404);
    EXPECT_TRUE(staff_->get(path(id)).json()["agenda"].empty());
}

TEST_F(EventApiTest, ListFiltersByKindStatusAndTime) {
    const int hearing = create_event(event_body("水价听证会", "hearing"));
    const int open_day = create_event(event_body("开放日", "open_day"));
    auto later = event_body("新闻发布会", "press_conference");
    later["starts_at"] = "2027-01-10T10:00:00+08:00";
    later["ends_at"] = "2027-01-10T11:00:00+08:00";
    const int press = create_event(later);
    for (int id : {hearing, open_day, press}) ASSERT_EQ(set_status(id, "scheduled").status, 200);
    ASSERT_EQ(set_status(press, "live").status, 200);

    auto visitor = public_client();
    auto titles = [&](const std::string& query) {
        std::vector<std::string> out;
        const auto events = visitor->get("/api/v1/events" + query).json()["events"];
        for (const auto& e : events) out.push_back(e["title"]);
        return out;
    };
    EXPECT_EQ(titles("?kind=hearing"), std::vector<std::string>{"水价听证会"});
    EXPECT_EQ(titles("?status=live"), std::vector<std::string>{"新闻发布会"});
    EXPECT_EQ(titles("?from=2027-01-01T00:00:00%2B08:00"), std::vector<std::string>{"新闻发布会"});
    EXPECT_EQ(titles("?to=2027-01-01T00:00:00Z").size(), 2u);
    EXPECT_EQ(visitor->get("/api/v1/events?kind=concert").status, 400);
    EXPECT_EQ(visitor->get("/api/v1/events?status=done").status, 400);
    EXPECT_EQ(visitor->get("/api/v1/events?from=yesterday").status, 400);
}

TEST_F(EventApiTest, UnknownOrMalformedIdsAreNotFound) {
    auto visitor = public_client();
    for (const char* p : {"/api/v1/events/999", "/api/v1/events/abc", "/api/v1/events/-1", "/api/v1/events/0"})
        EXPECT_EQ(visitor->get(p).status, 404) << p;
    EXPECT_EQ(staff_->patch("/api/v1/events/999", {{"title", "x"}}).status, 404);
    EXPECT_EQ(set_status(999, "scheduled").status, 404);
}

TEST_F(EventApiTest, EveryChangeIsInTheEventsAuditTrail) {
    const int id = create_event(event_body());
    staff_->patch(path(id), {{"venue", "县政务服务中心"}});
    staff_->post(path(id, "/agenda"), {{"title", "议题"}});
    set_status(id, "scheduled");
    auto r = staff_->get(path(id, "/audit"));
    ASSERT_EQ(r.status, 200);
    std::vector<std::string> actions;
    const auto entries = r.json()["entries"];
    for (const auto& e : entries) {
        actions.push_back(e["action"]);
        EXPECT_EQ(e["actor"], "scheduler");
    }
    EXPECT_EQ(actions, (std::vector<std::string>{"event.create", "event.update", "agenda_item.create", "event.status"}));
    EXPECT_EQ(entries[1]["before"]["venue"], "青溪县第二自来水厂");
}
