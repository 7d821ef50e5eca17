// The outbox sent by e-mail to a real SMTP server on loopback (aiosmtpd): messages wait while the server refuses
// them, then each arrives exactly once after it recovers, with its .ics for invitations; without a server
// configured they wait in the outbox.
#include <filesystem>
#include <fstream>
#include <set>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "support/staff_server.hpp"
#include "support/subprocess.hpp"

using namespace openhall::testing;
using namespace std::chrono_literals;
using openhall::core::Role;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// Far from any reminder window: only the invitations are sent.
json later_meeting() {
    auto body = event_body("常务会议", "standing_meeting");
    body["starts_at"] = "2030-01-07T09:00:00+08:00";
    body["ends_at"] = "2030-01-07T11:00:00+08:00";
    return body;
}

class OutboxMailTest : public StaffServerTest {
protected:
    void SetUp() override {
        smtp_port_ = free_tcp_port();
        mail_ = data_.path() / "mail";
        fs::create_directories(mail_);
        std::ofstream(mail_ / "fail") << "down";  // the server starts refusing
        sink_ = std::make_unique<Subprocess>(std::vector<std::string>{
            "/usr/bin/python3", OPENHALL_TEST_SUPPORT "/smtp_sink.py", std::to_string(smtp_port_), mail_.string()});
        ASSERT_TRUE(wait_until(10s, [&] { return accepts_connections(smtp_port_); })) << "the SMTP sink did not start";
        StaffServerTest::SetUp();
    }
    void TearDown() override {
        StaffServerTest::TearDown();
        sink_.reset();
    }
    std::vector<std::string> server_args() const override {
        return {"--smtp-url", fmt::format("smtp://127.0.0.1:{}", smtp_port_), "--smtp-from", "openhall@qingxi.example.gov",
                "--outbox-interval", "1", "--outbox-retry", "1"};
    }

    std::vector<std::string> received() const {
        std::vector<std::string> messages;
        for (const auto& entry : fs::directory_iterator(mail_))
            if (entry.path().extension() == ".eml") {
                std::ifstream in(entry.path(), std::ios::binary);
                messages.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
            }
        return messages;
    }

    int smtp_port_ = 0;
    fs::path mail_;
    std::unique_ptr<Subprocess> sink_;
};

TEST_F(OutboxMailTest, MessagesWaitWhileTheServerFailsThenArriveOnceEach) {
    auto scheduler = client_as(Role::Scheduler);
    const int event = scheduler->post("/api/v1/events", later_meeting()).json()["id"].get<int>();
    for (int i = 0; i < 3; ++i) {
        const int invitee = scheduler->post("/api/v1/invitees", {{"name", fmt::format("代表{}", i)}, {"category", "群众代表"},
                                                                 {"contact", fmt::format("rep{}@example.org", i)}})
                                .json()["id"].get<int>();
        ASSERT_EQ(scheduler->post(fmt::format("/api/v1/events/{}/invitations", event), {{"invitee_id", invitee}}).status, 201);
    }
    auto admin = client_as(Role::Admin);
    // While the server refuses, the messages record the failure and are retried.
    ASSERT_TRUE(wait_until(15s, [&] {
        const auto messages = admin->get("/api/v1/outbox").json()["messages"];
        int failed = 0;
        for (const auto& m : messages) failed += m["attempts"].get<int>() >= 2 && m["sent_at"].is_null();
        return failed == 3;
    })) << admin->get("/api/v1/outbox").body;
    EXPECT_NE(admin->get("/api/v1/outbox").body.find("451"), std::string::npos);
    EXPECT_TRUE(received().empty());

    fs::remove(mail_ / "fail");  // the server recovers
    ASSERT_TRUE(wait_until(20s, [&] { return received().size() >= 3; }));
    std::this_thread::sleep_for(3s);  // a few more rounds of the sender: nothing may come twice
    const auto mails = received();
    ASSERT_EQ(mails.size(), 3u);
    std::set<std::string> recipients, ids;
    for (const auto& mail : mails) {
        const auto to = mail.find("To: ");
        recipients.insert(mail.substr(to + 4, mail.find("\r\n", to) - to - 4));
        const auto id = mail.find("Message-ID: ");
        ids.insert(mail.substr(id, mail.find("\r\n", id) - id));
        EXPECT_NE(mail.find("text/calendar"), std::string::npos);  // the .ics is attached
        EXPECT_NE(mail.find("Subject: =?UTF-8?B?"), std::string::npos);
    }
    EXPECT_EQ(recipients, (std::set<std::string>{"rep0@example.org", "rep1@example.org", "rep2@example.org"}));
    EXPECT_EQ(ids.size(), 3u);
    const auto outbox = admin->get("/api/v1/outbox").json()["messages"];
    for (const auto& m : outbox) EXPECT_FALSE(m["sent_at"].is_null()) << m;
}

class OutboxWithoutServerTest : public StaffServerTest {};

TEST_F(OutboxWithoutServerTest, WithoutAServerMessagesWaitForStaff) {
    auto scheduler = client_as(Role::Scheduler);
    const int event = scheduler->post("/api/v1/events", later_meeting()).json()["id"].get<int>();
    const int invitee = scheduler->post("/api/v1/invitees", {{"name", "代表"}, {"category", "群众代表"}, {"contact", "rep@example.org"}})
                            .json()["id"].get<int>();
    ASSERT_EQ(scheduler->post(fmt::format("/api/v1/events/{}/invitations", event), {{"invitee_id", invitee}}).status, 201);
    std::this_thread::sleep_for(1500ms);
    const auto messages = scheduler->get("/api/v1/outbox").json()["messages"];
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_TRUE(messages[0]["sent_at"].is_null());
    EXPECT_EQ(messages[0]["attempts"], 0);
}

}  // namespace
