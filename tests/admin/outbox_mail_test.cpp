// The outbox sent by e-mail to a real SMTP server on loopback (aiosmtpd): messages wait while the server refuses
// them, then each arrives exactly once after it recovers, with its .ics for invitations; without a server
// configured they wait in the outbox. Invitations are iTIP messages a calendar follows, read back as a mail client
// and a calendar would (Python's email and icalendar) and checked against RFC 5546's restrictions (libical).
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <libical/ical.h>

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
                "--outbox-interval", "1", "--outbox-retry", "1", "--public-url", "https://hall.qingxi.example.gov"};
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

    // The first `count` messages received, read back as a mail client reads them (tests/support/read_mail.py).
    std::vector<json> read_back(int count) const {
        std::vector<std::string> args{"/usr/bin/python3", OPENHALL_TEST_SUPPORT "/read_mail.py"};
        for (int n = 1; n <= count; ++n) args.push_back((mail_ / fmt::format("{}.eml", n)).string());
        const auto read = run_command(args);
        EXPECT_EQ(read.exit_code, 0) << read.err;
        std::vector<json> mails;
        std::istringstream lines(read.out);
        for (std::string line; std::getline(lines, line);) mails.push_back(json::parse(line));
        return mails;
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

// Issue 14: the invitation, a change of its time and its withdrawal reach the invitee's calendar as one entry that
// follows every change: iTIP REQUEST, REQUEST, CANCEL (RFC 5546 §3.2.2, §3.2.5) carried as RFC 6047 says.
TEST_F(OutboxMailTest, AnInvitationIsAnItipRequestThatEveryChangeUpdates) {
    fs::remove(mail_ / "fail");
    auto scheduler = client_as(Role::Scheduler);
    const int event = scheduler->post("/api/v1/events", later_meeting()).json()["id"].get<int>();
    const int invitee = scheduler->post("/api/v1/invitees", {{"name", "陈淑芬"}, {"category", "群众代表"},
                                                             {"contact", "Chen@Example.org"}}).json()["id"].get<int>();
    auto invitation = scheduler->post(fmt::format("/api/v1/events/{}/invitations", event), {{"invitee_id", invitee}});
    ASSERT_EQ(invitation.status, 201) << invitation.body;
    ASSERT_TRUE(wait_until(15s, [&] { return received().size() >= 1; }));
    ASSERT_EQ(scheduler->patch(fmt::format("/api/v1/events/{}", event),
                               {{"starts_at", "2030-01-07T10:00:00+08:00"}, {"ends_at", "2030-01-07T12:00:00+08:00"}}).status,
              200);
    ASSERT_TRUE(wait_until(15s, [&] { return received().size() >= 2; }));
    ASSERT_EQ(scheduler->post(fmt::format("/api/v1/invitations/{}/withdraw", invitation.json()["id"].get<int>()),
                              json::object()).status,
              200);
    ASSERT_TRUE(wait_until(15s, [&] { return received().size() >= 3; }));

    const auto mails = read_back(3);
    ASSERT_EQ(mails.size(), 3u);

    const std::string uid = fmt::format("event-{}-invitee-{}@openhall", event, invitee);
    const char* methods[] = {"REQUEST", "REQUEST", "CANCEL"};
    for (int n = 0; n < 3; ++n) {
        const auto& mail = mails[n];
        ASSERT_FALSE(mail["calendar"].is_null()) << mail;
        const auto& cal = mail["calendar"];
        EXPECT_EQ(mail["to"], "chen@example.org");
        EXPECT_EQ(cal["method"], methods[n]) << cal["text"];
        EXPECT_EQ(cal["mime_method"], cal["method"]) << "RFC 6047 §2.4: the MIME method is the file's METHOD";
        EXPECT_EQ(cal["disposition"], "inline");
        EXPECT_EQ(cal["events"], 1);
        EXPECT_EQ(cal["uid"], uid) << "one UID per event and invitee";
        EXPECT_EQ(cal["sequence"], n) << "SEQUENCE rises with every change";
        EXPECT_EQ(cal["organizer"], "mailto:openhall@qingxi.example.gov");
        EXPECT_EQ(cal["attendee"], "mailto:chen@example.org");
        EXPECT_EQ(cal["attendee_params"].value("CN", ""), "陈淑芬");
        EXPECT_EQ(cal["attendee_params"].value("ROLE", ""), "REQ-PARTICIPANT");
        EXPECT_EQ(cal["attendee_params"].value("PARTSTAT", ""), "NEEDS-ACTION");
        EXPECT_EQ(cal["attendee_params"].value("RSVP", "FALSE"), n < 2 ? "TRUE" : "FALSE");
        EXPECT_EQ(cal["url"], fmt::format("https://hall.qingxi.example.gov/events/{}", event)) << "absolute";
        // libical applies RFC 5546's table of what each METHOD must and may hold.
        icalcomponent* parsed = icalparser_parse_string(cal["text"].get<std::string>().c_str());
        ASSERT_NE(parsed, nullptr);
        EXPECT_EQ(icalrestriction_check(parsed), 1) << icalcomponent_as_ical_string(parsed);
        icalcomponent_free(parsed);
    }
    EXPECT_EQ(mails[1]["calendar"]["dtstart"].get<long>() - mails[0]["calendar"]["dtstart"].get<long>(), 3600);
    EXPECT_EQ(mails[2]["calendar"]["status"], "CANCELLED");
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

// Issue 14, "read the e-mails": each registrant is written to in the language of the page they registered on
// (Simplified Chinese when it is not known), in the event's own words, with its time in the display zone and the
// weekday, a link to act on built from the public address, and an HTML alternative with that link.
TEST_F(OutboxMailTest, MailIsInTheReadersLanguageWithLocalTimesAndLinksToActOn) {
    fs::remove(mail_ / "fail");
    auto scheduler = client_as(Role::Scheduler);
    auto body = later_meeting();  // Monday 7 January 2030, 09:00 in the display zone (Asia/Shanghai)
    body["kind"] = "open_day";
    body["title"] = "城区供水管网改造开放日";
    body["venue"] = "县政府一楼大厅";
    body["capacity"] = 1;
    const int event = scheduler->post("/api/v1/events", body).json()["id"].get<int>();
    ASSERT_EQ(scheduler->post(fmt::format("/api/v1/events/{}/status", event), {{"status", "scheduled"}}).status, 200);
    auto citizen = public_client();
    std::vector<std::string> codes;
    for (const auto& [contact, language] : std::vector<std::pair<std::string, json>>{
             {"zhang@example.org", nullptr}, {"li@example.org", "en-GB"}, {"chan@example.org", "zh-TW"}}) {
        json request = {{"name", "市民"}, {"contact", contact}};
        if (!language.is_null()) request["language"] = language;
        auto r = citizen->post(fmt::format("/api/v1/events/{}/registrations", event), request);
        ASSERT_EQ(r.status, 201) << r.body;
        codes.push_back(r.json()["code"].get<std::string>());
    }
    ASSERT_TRUE(wait_until(15s, [&] { return received().size() >= 3; }));
    const auto mails = read_back(3);
    ASSERT_EQ(mails.size(), 3u);
    struct Expected {
        std::string to, subject, time, words, lang;
    };
    const std::vector<Expected> expected{
        {"zhang@example.org", "报名成功：城区供水管网改造开放日", "2030年1月7日 星期一 09:00", "地点：县政府一楼大厅", "zh-Hans"},
        {"li@example.org", "On the waiting list: 城区供水管网改造开放日", "Monday 7 January 2030, 09:00",
         "you are number 1 on the waiting list", "en"},
        {"chan@example.org", "已列入候補：城区供水管网改造开放日", "2030年1月7日 星期一 09:00", "您在候補名單第 2 位", "zh-Hant"}};
    for (std::size_t i = 0; i < mails.size(); ++i) {
        const auto& mail = mails[i];
        const auto& want = expected[i];
        const auto link = "https://hall.qingxi.example.gov/registrations/" + codes[i];
        const auto text = mail["text"].get<std::string>();
        EXPECT_EQ(mail["to"], want.to);
        EXPECT_EQ(mail["subject"], want.subject);
        EXPECT_NE(text.find(want.time), std::string::npos) << text;
        EXPECT_NE(text.find(want.words), std::string::npos) << text;
        EXPECT_NE(text.find(link), std::string::npos) << text;
        EXPECT_EQ(text.find("2030-01-0"), std::string::npos) << "no machine times: " << text;
        EXPECT_EQ(mail["alternatives"], json::array({"text/plain", "text/html"}));
        const auto html = mail["html"].get<std::string>();
        EXPECT_NE(html.find("lang=\"" + want.lang + "\""), std::string::npos) << html;
        EXPECT_NE(html.find("<a href=\"" + link + "\">"), std::string::npos) << html;
        EXPECT_NE(html.find(want.time), std::string::npos) << html;
    }
}
