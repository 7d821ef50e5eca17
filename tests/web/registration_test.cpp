// Public registration end to end over HTTP against the real server: seats and the waitlist (also under many
// registrations at once), promotion on cancellation, duplicates, windows, the hearing's lottery redrawn by the
// test from the published algorithm, check-in at the door, QR codes, and contacts kept from the public.
#include <algorithm>
#include <set>
#include <thread>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sodium.h>

#include "support/staff_server.hpp"

using namespace openhall::testing;
using openhall::core::Role;
using nlohmann::json;

namespace {

// The fixture's events start on 2026-12-07 (event_body); the server's clock stands at 2026-12-01.
constexpr const char* kBeforeTheEvents = "2026-12-01T09:00:00+08:00";

class RegistrationTest : public StaffServerTest {
protected:
    void SetUp() override {
        StaffServerTest::SetUp();
        scheduler_ = client_as(Role::Scheduler);
        public_ = public_client();
    }
    std::vector<std::string> server_args() const override {
        auto args = fixed_clock(kBeforeTheEvents);
        args.insert(args.end(), {"--address-registration-limit", "1000"});
        return args;
    }

    int scheduled_event(const std::string& kind, std::optional<int> capacity) {
        auto body = event_body("活动", kind);
        body["capacity"] = capacity ? json(*capacity) : json(nullptr);
        auto r = scheduler_->post("/api/v1/events", body);
        EXPECT_EQ(r.status, 201) << r.body;
        const int id = r.json()["id"].get<int>();
        EXPECT_EQ(scheduler_->post(fmt::format("/api/v1/events/{}/status", id), {{"status", "scheduled"}}).status, 200);
        return id;
    }

    HttpResponse enrol(int event, const std::string& name, const std::string& contact, const std::string& type = "attend",
                       const std::string& statement = "") {
        json body = {{"name", name}, {"contact", contact}, {"type", type}};
        if (!statement.empty()) body["statement"] = statement;
        return public_->post(fmt::format("/api/v1/events/{}/registrations", event), body);
    }

    std::unique_ptr<HttpClient> scheduler_, public_;
};

TEST_F(RegistrationTest, SeatsThenWaitlistInOrderAndACancellationPromotesTheFirst) {
    const int event = scheduled_event("open_day", 2);
    auto a = enrol(event, "张三", "zhang@example.org");
    auto b = enrol(event, "李四", "13800000001");
    auto c = enrol(event, "王五", "wang@example.org");
    auto d = enrol(event, "赵六", "zhao@example.org");
    ASSERT_EQ(a.status, 201) << a.body;
    EXPECT_EQ(a.json()["status"], "confirmed");
    EXPECT_EQ(b.json()["status"], "confirmed");
    EXPECT_EQ(c.json()["status"], "waitlisted");
    EXPECT_EQ(c.json()["waitlist_position"], 1);
    EXPECT_EQ(d.json()["waitlist_position"], 2);
    EXPECT_FALSE(a.json().contains("contact"));

    const auto code_b = b.json()["code"].get<std::string>();
    auto cancelled = public_->del("/api/v1/registrations/" + code_b);
    ASSERT_EQ(cancelled.status, 200) << cancelled.body;
    EXPECT_EQ(cancelled.json()["status"], "cancelled");
    EXPECT_EQ(public_->get("/api/v1/registrations/" + c.json()["code"].get<std::string>()).json()["status"], "confirmed");
    auto still_waiting = public_->get("/api/v1/registrations/" + d.json()["code"].get<std::string>()).json();
    EXPECT_EQ(still_waiting["status"], "waitlisted");
    EXPECT_EQ(still_waiting["waitlist_position"], 1);
    // Cancelling again changes nothing; the code typed in lower case without its dash is found.
    EXPECT_EQ(public_->del("/api/v1/registrations/" + code_b).json()["status"], "cancelled");
    auto typed = code_b;
    typed.erase(std::remove(typed.begin(), typed.end(), '-'), typed.end());
    std::transform(typed.begin(), typed.end(), typed.begin(), ::tolower);
    EXPECT_EQ(public_->get("/api/v1/registrations/" + typed).status, 200);

    // The promoted registrant is told by message; staff see contacts, the public never does.
    auto outbox = client_as(Role::Admin)->get("/api/v1/outbox").body;
    EXPECT_NE(outbox.find("registration.promoted"), std::string::npos);
    auto staff = scheduler_->get(fmt::format("/api/v1/events/{}/registrations", event));
    ASSERT_EQ(staff.status, 200);
    EXPECT_NE(staff.body.find("zhang@example.org"), std::string::npos);
    EXPECT_EQ(public_->get(fmt::format("/api/v1/events/{}/registrations", event)).status, 401);
}

TEST_F(RegistrationTest, ManyRegistrationsAtOnceNeverOverbook) {
    const int event = scheduled_event("open_day", 10);
    std::vector<std::thread> threads;
    std::vector<std::string> statuses(40);
    for (int i = 0; i < 40; ++i)
        threads.emplace_back([&, i] {
            HttpClient client(server_->base_url());
            auto r = client.post(fmt::format("/api/v1/events/{}/registrations", event),
                                 {{"name", fmt::format("市民{}", i)}, {"contact", fmt::format("c{}@example.org", i)}});
            statuses[i] = r.status == 201 ? r.json()["status"].get<std::string>() : "error " + r.body;
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(std::count(statuses.begin(), statuses.end(), "confirmed"), 10);
    EXPECT_EQ(std::count(statuses.begin(), statuses.end(), "waitlisted"), 30);
    std::set<int> positions;
    const auto all = scheduler_->get(fmt::format("/api/v1/events/{}/registrations", event)).json()["registrations"];
    for (const auto& r : all)
        if (r["status"] == "waitlisted") positions.insert(r["waitlist_position"].get<int>());
    ASSERT_EQ(positions.size(), 30u);
    EXPECT_EQ(*positions.rbegin(), 30);
}

// Issue 14: contacts are folded before they are compared or stored.
TEST_F(RegistrationTest, OnePersonHoweverTheContactIsWrittenAndWhatIsNeitherIs400) {
    const int event = scheduled_event("open_day", 5);
    ASSERT_EQ(enrol(event, "张三", "Zhang.San@Example.com").status, 201);
    auto twin = enrol(event, "张三", "ｚｈａｎｇ．ｓａｎ＠ｅｘａｍｐｌｅ．ｃｏｍ");
    EXPECT_EQ(twin.status, 409) << twin.body;
    EXPECT_EQ(twin.error_code(), "already_registered");
    ASSERT_EQ(enrol(event, "李四", "１３８ ００１３ ８０００").status, 201);
    EXPECT_EQ(enrol(event, "李四", "+86-138-0013-8000").error_code(), "already_registered");
    for (const char* neither : {"请打办公室电话", "zhang.san", "12345"}) {
        auto r = enrol(event, "王五", neither);
        EXPECT_EQ(r.status, 400) << neither;
        EXPECT_NE(r.body.find("contact"), std::string::npos) << r.body;
    }
    auto list = scheduler_->get(fmt::format("/api/v1/events/{}/registrations", event)).json()["registrations"];
    ASSERT_EQ(list.size(), 2u);
    std::set<std::string> contacts;
    for (const auto& r : list) contacts.insert(r["contact"].get<std::string>());
    EXPECT_EQ(contacts, (std::set<std::string>{"zhang.san@example.com", "+8613800138000"}));
}

TEST_F(RegistrationTest, MistakesAndClosedRegistrationGetClearErrorsAndStoreNothing) {
    const int event = scheduled_event("open_day", 5);
    ASSERT_EQ(enrol(event, "张三", "+86 138-0000-0002").status, 201);
    auto twice = enrol(event, "张三", "13800000002");
    EXPECT_EQ(twice.status, 409);
    EXPECT_EQ(twice.error_code(), "already_registered");
    EXPECT_EQ(enrol(event, "", "x@example.org").error_code(), "invalid_input");
    EXPECT_EQ(enrol(event, "某人", "").error_code(), "invalid_input");
    EXPECT_EQ(enrol(event, "某人", "y@example.org", "speak", "我想发言").error_code(), "invalid_input");
    EXPECT_EQ(enrol(event, "某人", "y@example.org", "sing").error_code(), "invalid_input");
    EXPECT_EQ(public_->post(fmt::format("/api/v1/events/{}/registrations", event), {{"name", "某人"}, {"contact", "z@x.org"}, {"age", 3}})
                  .error_code(),
              "invalid_input");
    EXPECT_EQ(enrol(999, "某人", "y@example.org").status, 404);

    // The window: not yet open, then closed.
    ASSERT_EQ(scheduler_->request("PUT", fmt::format("/api/v1/events/{}/registration-settings", event),
                                  R"({"opens_at":"2099-01-01T00:00:00+08:00"})").status, 200);
    auto early = enrol(event, "某人", "early@example.org");
    EXPECT_EQ(early.error_code(), "registration_closed");
    EXPECT_NE(early.body.find("registration opens at 2098-12-31T16:00:00Z"), std::string::npos) << early.body;
    ASSERT_EQ(scheduler_->request("PUT", fmt::format("/api/v1/events/{}/registration-settings", event),
                                  R"({"closes_at":"2020-01-01T00:00:00+08:00"})").status, 200);
    EXPECT_EQ(enrol(event, "某人", "late@example.org").error_code(), "registration_closed");
    EXPECT_EQ(scheduler_->request("PUT", fmt::format("/api/v1/events/{}/registration-settings", event),
                                  R"({"opens_at":"2026-12-02T00:00:00+08:00","closes_at":"2026-12-01T00:00:00+08:00"})").status,
              400);

    // Events that take no registrations, or no longer.
    EXPECT_EQ(enrol(scheduled_event("press_conference", std::nullopt), "某人", "p@example.org").error_code(),
              "registration_closed");
    const int cancelled = scheduled_event("open_day", 5);
    ASSERT_EQ(scheduler_->post(fmt::format("/api/v1/events/{}/status", cancelled), {{"status", "cancelled"}}).status, 200);
    EXPECT_EQ(enrol(cancelled, "某人", "c@example.org").error_code(), "registration_closed");
    EXPECT_EQ(scheduler_->get(fmt::format("/api/v1/events/{}/registrations", event)).json()["registrations"].size(), 1u);
}

// The published algorithm, computed here without the server's code: sha256("<seed>:<code>") ascending.
std::vector<std::string> expected_draw(const std::string& seed, std::vector<std::string> codes, std::size_t seats) {
    std::vector<std::pair<std::string, std::string>> keyed;
    for (const auto& code : codes) {
        const auto input = seed + ":" + code;
        unsigned char digest[crypto_hash_sha256_BYTES];
        crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(input.data()), input.size());
        char hex[crypto_hash_sha256_BYTES * 2 + 1];
        sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
        keyed.emplace_back(hex, code);
    }
    std::sort(keyed.begin(), keyed.end());
    std::vector<std::string> drawn;
    for (std::size_t i = 0; i < std::min(seats, keyed.size()); ++i) drawn.push_back(keyed[i].second);
    return drawn;
}

TEST_F(RegistrationTest, HearingLotteryFollowsTheAnnouncedSeedAndAnyoneCanRedrawIt) {
    const int event = scheduled_event("hearing", std::nullopt);
    std::vector<std::string> codes;
    for (int i = 0; i < 8; ++i) {
        auto r = enrol(event, fmt::format("申请人{}", i), fmt::format("a{}@example.org", i), "speak", "关于阶梯水价第一档的意见");
        ASSERT_EQ(r.status, 201) << r.body;
        EXPECT_EQ(r.json()["status"], "applied");
        codes.push_back(r.json()["code"].get<std::string>());
    }
    EXPECT_EQ(enrol(event, "申请人", "b@example.org", "speak").error_code(), "invalid_input");  // no statement
    ASSERT_EQ(enrol(event, "旁听者", "listener@example.org", "attend").status, 201);

    EXPECT_TRUE(public_->get(fmt::format("/api/v1/events/{}/lottery", event)).json()["seed"].is_null());
    ASSERT_EQ(scheduler_->post(fmt::format("/api/v1/events/{}/lottery/seed", event), {{"seed", "2026-12-20 上证收盘 3187.42"}}).status, 201);
    EXPECT_EQ(scheduler_->post(fmt::format("/api/v1/events/{}/lottery/seed", event), {{"seed", "换一个"}}).status, 409);
    EXPECT_EQ(public_->get(fmt::format("/api/v1/events/{}/lottery", event)).json()["seed"], "2026-12-20 上证收盘 3187.42");
    EXPECT_EQ(scheduler_->post(fmt::format("/api/v1/events/{}/lottery", event), {{"seats", 3}, {"seed", "别的种子"}}).status, 409);

    auto drawn = scheduler_->post(fmt::format("/api/v1/events/{}/lottery", event), {{"seats", 3}, {"seed", "2026-12-20 上证收盘 3187.42"}});
    ASSERT_EQ(drawn.status, 200) << drawn.body;
    std::vector<std::string> got;
    const auto drawn_list = drawn.json()["drawn"];
    for (const auto& r : drawn_list) got.push_back(r["code"].get<std::string>());
    EXPECT_EQ(got, expected_draw("2026-12-20 上证收盘 3187.42", codes, 3));
    EXPECT_EQ(drawn.json()["drawn"][0]["speaking_order"], 1);
    EXPECT_EQ(drawn.json()["drawn"][2]["speaking_minutes"], 5);
    EXPECT_EQ(drawn.json()["applications"], 8);

    // Drawn again: the same list. The public page has it, without contacts.
    auto again = scheduler_->post(fmt::format("/api/v1/events/{}/lottery", event), {{"seats", 3}, {"seed", "2026-12-20 上证收盘 3187.42"}});
    EXPECT_EQ(again.json()["drawn"], drawn.json()["drawn"]);
    auto published = public_->get(fmt::format("/api/v1/events/{}/lottery", event));
    EXPECT_EQ(published.json()["drawn"].size(), 3u);
    EXPECT_EQ(published.body.find("@example.org"), std::string::npos);
    for (const auto& code : codes) {
        const auto status = public_->get("/api/v1/registrations/" + code).json()["status"];
        EXPECT_EQ(status, std::find(got.begin(), got.end(), code) != got.end() ? "drawn" : "not_drawn") << code;
    }
    EXPECT_EQ(enrol(event, "迟到者", "late@example.org", "speak", "意见").error_code(), "registration_closed");
    EXPECT_EQ(client_as(Role::Editor)->post(fmt::format("/api/v1/events/{}/lottery", event), {{"seats", 3}, {"seed", "x"}}).status, 403);
}

TEST_F(RegistrationTest, CheckInAtTheDoorOnceByCodeOrScannedLink) {
    const int event = scheduled_event("open_day", 1);
    auto seat = enrol(event, "张三", "zhang@example.org").json();
    auto waiting = enrol(event, "李四", "li@example.org").json();
    auto first = scheduler_->post("/api/v1/check-in", {{"code", seat["url"]}});  // the QR code holds the page's link
    ASSERT_EQ(first.status, 200) << first.body;
    EXPECT_FALSE(first.json()["already"].get<bool>());
    EXPECT_FALSE(first.json()["registration"]["checked_in_at"].is_null());
    auto second = scheduler_->post("/api/v1/check-in", {{"code", seat["code"]}});
    EXPECT_TRUE(second.json()["already"].get<bool>());
    EXPECT_EQ(second.json()["registration"]["checked_in_at"], first.json()["registration"]["checked_in_at"]);
    auto refused = scheduler_->post("/api/v1/check-in", {{"code", waiting["code"]}});
    EXPECT_EQ(refused.status, 409);
    EXPECT_NE(refused.body.find("waitlisted"), std::string::npos);
    EXPECT_EQ(scheduler_->post("/api/v1/check-in", {{"code", "ZZZZ-ZZZZ"}}).status, 404);
    EXPECT_EQ(client_as(Role::Editor)->post("/api/v1/check-in", {{"code", seat["code"]}}).status, 403);

    auto qr = public_->get("/api/v1/registrations/" + seat["code"].get<std::string>() + "/qr.svg");
    ASSERT_EQ(qr.status, 200);
    EXPECT_EQ(qr.header("content-type"), "image/svg+xml");
    EXPECT_EQ(qr.body.rfind("<svg", 0), 0u);
    EXPECT_NE(qr.body.find("<path"), std::string::npos);
}

class RegistrationLimitTest : public StaffServerTest {
protected:
    std::vector<std::string> server_args() const override { return fixed_clock(kBeforeTheEvents); }
};

TEST_F(RegistrationLimitTest, OneAddressIsLimitedAndTheRefusalStoresNothing) {
    auto scheduler = client_as(Role::Scheduler);
    auto body = event_body("政府开放日", "open_day");
    body["capacity"] = 100;
    const int event = scheduler->post("/api/v1/events", body).json()["id"].get<int>();
    ASSERT_EQ(scheduler->post(fmt::format("/api/v1/events/{}/status", event), {{"status", "scheduled"}}).status, 200);
    auto client = public_client();
    for (int i = 0; i < 20; ++i)
        ASSERT_EQ(client->post(fmt::format("/api/v1/events/{}/registrations", event),
                               {{"name", "市民"}, {"contact", fmt::format("r{}@example.org", i)}}).status, 201);
    auto limited = client->post(fmt::format("/api/v1/events/{}/registrations", event), {{"name", "市民"}, {"contact", "r20@example.org"}});
    EXPECT_EQ(limited.status, 429);
    EXPECT_EQ(limited.error_code(), "rate_limited");
    EXPECT_EQ(scheduler->get(fmt::format("/api/v1/events/{}/registrations", event)).json()["registrations"].size(), 20u);
}

}  // namespace
