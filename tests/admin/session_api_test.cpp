#include <gtest/gtest.h>

#include "support/staff_server.hpp"

using namespace openhall::testing;
using openhall::core::Role;

class SessionApiTest : public StaffServerTest {};

TEST_F(SessionApiTest, SignInReturnsUserCsrfAndAStrictHttpOnlyCookie) {
    HttpClient client(server_->base_url());
    auto r = client.sign_in("editor", kTestPassword);
    ASSERT_EQ(r.status, 200) << r.body;
    auto body = r.json();
    EXPECT_EQ(body["user"], nlohmann::json({{"name", "editor"}, {"role", "editor"}}));
    EXPECT_EQ(body["csrf_token"].get<std::string>().size(), 64u);
    auto cookie = r.header("set-cookie");
    EXPECT_EQ(cookie.rfind("openhall_session=", 0), 0u) << cookie;
    EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
    EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
    EXPECT_NE(cookie.find("Path=/"), std::string::npos);
}

TEST_F(SessionApiTest, WrongCredentialsAre401) {
    HttpClient client(server_->base_url());
    auto wrong = client.sign_in("editor", "not the password");
    EXPECT_EQ(wrong.status, 401);
    EXPECT_EQ(wrong.error_code(), "unauthorized");
    EXPECT_TRUE(wrong.header("set-cookie").empty());
    EXPECT_EQ(client.sign_in("nobody", kTestPassword).status, 401);
}

TEST_F(SessionApiTest, MalformedSignInIs400) {
    HttpClient client(server_->base_url());
    EXPECT_EQ(client.post("/api/v1/session", {{"username", "editor"}}).status, 400);
    EXPECT_EQ(client.post("/api/v1/session", {{"username", 5}, {"password", "x"}}).status, 400);
    EXPECT_EQ(client.request("POST", "/api/v1/session", "not json").error_code(), "invalid_json");
}

TEST_F(SessionApiTest, CurrentSessionIsReadableAndSignOutEndsIt) {
    auto client = client_as(Role::Moderator);
    auto me = client->get("/api/v1/session");
    ASSERT_EQ(me.status, 200);
    EXPECT_EQ(me.json()["user"]["role"], "moderator");
    EXPECT_EQ(me.json()["csrf_token"], client->csrf());
    EXPECT_EQ(client->del("/api/v1/session").status, 204);
    EXPECT_EQ(client->get("/api/v1/session").status, 401);
}

TEST_F(SessionApiTest, SignOutWithoutCsrfIsRefusedAndKeepsTheSession) {
    auto client = client_as(Role::Moderator);
    client->forget_csrf();
    auto r = client->del("/api/v1/session");
    EXPECT_EQ(r.status, 403);
    EXPECT_EQ(r.error_code(), "csrf_token_missing");
    EXPECT_EQ(client->get("/api/v1/session").status, 200);
}

TEST_F(SessionApiTest, ForgedCookieIsNoSession) {
    HttpClient client(server_->base_url());
    auto r = client.request("GET", "/api/v1/session", "", {"Cookie: openhall_session=forged-token-value"});
    EXPECT_EQ(r.status, 401);
}

TEST_F(SessionApiTest, RepeatedFailedSignInsFromOneAddressAreSlowedDown) {
    HttpClient client(server_->base_url());
    for (int i = 0; i < 10; ++i) ASSERT_EQ(client.sign_in("editor", "wrong password").status, 401) << i;
    auto blocked = client.sign_in("editor", kTestPassword);
    EXPECT_EQ(blocked.status, 429);
    EXPECT_EQ(blocked.error_code(), "rate_limited");
}
