#include <gtest/gtest.h>

#include "openhall/gateway/handshake.hpp"

using namespace openhall::gateway;

namespace {

HandshakeRequest request(std::string path = "/events/12") {
    HandshakeRequest r;
    r.path = std::move(path);
    r.host = "hall.example:8081";
    r.protocols = "openhall.v1";
    r.peer_address = "10.0.0.7";
    return r;
}

}  // namespace

TEST(Handshake, ReadsTheEventSinceViewerAndSession) {
    auto r = request();
    r.query_args = {"since=41", "viewer=abcdefghijklmnop_-12"};
    r.cookie = "lang=zh; openhall_session=s3cr3t";
    auto h = check_handshake(r, {});
    ASSERT_TRUE(h.ok()) << h.error().message;
    EXPECT_EQ(h->event.value, 12);
    EXPECT_EQ(*h->since, 41u);
    EXPECT_EQ(h->viewer, "abcdefghijklmnop_-12");
    EXPECT_EQ(h->viewer_key.size(), 32u);
    EXPECT_NE(h->viewer_key, h->viewer);
    EXPECT_EQ(*h->session_token, "s3cr3t");
    EXPECT_EQ(h->address, "10.0.0.7");
}

TEST(Handshake, TheSameTokenIsTheSameViewerAndNoTokenIsANewOneEachTime) {
    auto r = request();
    r.query_args = {"viewer=abcdefghijklmnop"};
    EXPECT_EQ(check_handshake(r, {})->viewer_key, check_handshake(r, {})->viewer_key);
    r.query_args = {"viewer=short"};  // malformed: ignored
    EXPECT_NE(check_handshake(r, {})->viewer_key, check_handshake(r, {})->viewer_key);
}

TEST(Handshake, RefusesWithoutTheSubprotocolOrOnAnotherPath) {
    auto r = request();
    r.protocols = "chat, superchat";
    EXPECT_FALSE(check_handshake(r, {}).ok());
    r.protocols = "chat, openhall.v1";
    EXPECT_TRUE(check_handshake(r, {}).ok());
    for (const char* path : {"/", "/events/", "/events/0", "/events/-3", "/events/12/x", "/events/1e3", "/questions/1"})
        EXPECT_FALSE(check_handshake(request(path), {}).ok()) << path;
    auto bad_since = request();
    bad_since.query_args = {"since=abc"};
    EXPECT_FALSE(check_handshake(bad_since, {}).ok());
}

TEST(Handshake, OriginMustBeConfiguredOrTheSameHost) {
    auto r = request();
    r.origin = "http://hall.example:8080";  // the page on the HTTP port of the same host
    EXPECT_TRUE(check_handshake(r, {}).ok());
    r.origin = "http://evil.example";
    EXPECT_FALSE(check_handshake(r, {}).ok());
    r.origin = "http://hall.example.evil.example";
    EXPECT_FALSE(check_handshake(r, {}).ok());
    const std::vector<std::string> configured{"https://hall.example.gov"};
    r.origin = "https://hall.example.gov";
    EXPECT_TRUE(check_handshake(r, configured).ok());
    r.origin = "http://hall.example:8080";  // same host, but not configured
    EXPECT_FALSE(check_handshake(r, configured).ok());
    r.origin = "";  // not a browser
    EXPECT_TRUE(check_handshake(r, configured).ok());
}
