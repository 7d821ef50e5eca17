// Issue 14: every absolute link is built from the configured public address (--public-url), never from the Host
// header a client sends. Each request here forges one; no answer may carry it.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "support/staff_server.hpp"

using namespace openhall::testing;
using openhall::core::Role;
using nlohmann::json;

namespace {

constexpr const char* kPublicUrl = "https://hall.example.gov";
const std::vector<std::string> kForgedHost = {"Host: evil.example", "X-Forwarded-Host: evil.example"};
// What a proxy in front would pass on. (A staff client cannot forge Host itself: curl then matches its session
// cookie against the forged host and sends none.)
const std::vector<std::string> kForgedProxyHeaders = {"X-Forwarded-Host: evil.example", "Forwarded: host=evil.example"};

class PublicUrlTest : public StaffServerTest {
protected:
    std::vector<std::string> server_args() const override {
        // The trailing slash is dropped, as an office would type it.
        auto args = fixed_clock("2026-12-01T09:00:00+08:00");
        args.insert(args.end(), {"--public-url", std::string(kPublicUrl) + "/"});
        return args;
    }

    // The answer to a request with a forged Host: it names the public address and never the forged host.
    HttpResponse forged(HttpClient& client, const std::string& method, const std::string& path, const json& body = nullptr,
                        const std::vector<std::string>& headers = kForgedHost) {
        auto r = client.request(method, path, body.is_null() ? "" : body.dump(), headers);
        EXPECT_LT(r.status, 300) << method << " " << path << ": " << r.body;
        EXPECT_EQ(r.body.find("evil.example"), std::string::npos) << path << ": " << r.body;
        return r;
    }
};

}  // namespace

TEST_F(PublicUrlTest, EveryLinkIsBuiltFromThePublicAddress) {
    auto scheduler = client_as(Role::Scheduler);
    auto body = event_body("政府开放日：走进县档案馆");
    body["capacity"] = 10;
    const int id = scheduler->post("/api/v1/events", body).json()["id"].get<int>();
    scheduler->post(fmt::format("/api/v1/events/{}/status", id), {{"status", "scheduled"}});
    auto citizen = public_client();
    const auto link = fmt::format("{}/events/{}", kPublicUrl, id);

    // The calendars (the site's and the event's).
    EXPECT_NE(forged(*citizen, "GET", "/calendar.ics").body.find("URL:" + link), std::string::npos);
    EXPECT_NE(forged(*citizen, "GET", fmt::format("/api/v1/events/{}/calendar.ics", id)).body.find("URL:" + link),
              std::string::npos);

    // A registration: its page's link (what the QR code holds) and looking it up again.
    auto registered = forged(*citizen, "POST", fmt::format("/api/v1/events/{}/registrations", id),
                             {{"name", "周小燕"}, {"contact", "zhou@example.org"}});
    const auto code = registered.json()["code"].get<std::string>();
    EXPECT_EQ(registered.json()["url"], fmt::format("{}/registrations/{}", kPublicUrl, code));
    EXPECT_EQ(forged(*citizen, "GET", "/api/v1/registrations/" + code).json()["url"],
              fmt::format("{}/registrations/{}", kPublicUrl, code));

    // An invitation: its RSVP link, the e-mail in the outbox, the invitee's page and calendar entry.
    const int invitee = scheduler->post("/api/v1/invitees", {{"name", "陈淑芬"}, {"category", "群众代表"},
                                                             {"contact", "chen@example.org"}}).json()["id"].get<int>();
    auto invitation = forged(*scheduler, "POST", fmt::format("/api/v1/events/{}/invitations", id), {{"invitee_id", invitee}},
                             kForgedProxyHeaders);
    const auto rsvp_url = invitation.json()["rsvp_url"].get<std::string>();
    EXPECT_EQ(rsvp_url.rfind(std::string(kPublicUrl) + "/rsvp/", 0), 0u) << rsvp_url;
    const auto token = rsvp_url.substr(rsvp_url.rfind('/') + 1);
    auto outbox = client_as(Role::Admin)->get("/api/v1/outbox").body;
    EXPECT_NE(outbox.find(rsvp_url), std::string::npos) << outbox;
    EXPECT_EQ(forged(*citizen, "GET", "/api/v1/rsvp/" + token).json()["rsvp_url"], rsvp_url);
    EXPECT_NE(forged(*citizen, "GET", "/api/v1/rsvp/" + token + "/calendar.ics").body.find("URL:" + link), std::string::npos);
}

TEST_F(PublicUrlTest, TheFeedLinksToThePublicAddress) {
    auto r = forged(*public_client(), "GET", "/feed.atom");
    EXPECT_NE(r.body.find(kPublicUrl), std::string::npos) << r.body;
}

// Without --public-url the links name the listener itself, whatever the Host header says.
class ListenerUrlTest : public StaffServerTest {};

TEST_F(ListenerUrlTest, WithoutAPublicAddressLinksNameTheListener) {
    auto scheduler = client_as(Role::Scheduler);
    const int id = scheduler->post("/api/v1/events", event_body()).json()["id"].get<int>();
    scheduler->post(fmt::format("/api/v1/events/{}/status", id), {{"status", "scheduled"}});
    auto r = public_client()->request("GET", "/calendar.ics", "", kForgedHost);
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.body.find("evil.example"), std::string::npos) << r.body;
    EXPECT_NE(r.body.find(fmt::format("URL:{}/events/{}", server_->base_url(), id)), std::string::npos) << r.body;
}
