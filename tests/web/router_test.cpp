#include <gtest/gtest.h>

#include "openhall/web/router.hpp"

using namespace openhall::web;

namespace {

Router sample() {
    Router r;
    auto named = [](std::string name) { return [name](const Request&) { return Response::text(200, "text/plain", name); }; };
    r.add("GET", "/api/v1/events", named("list"));
    r.add("GET", "/api/v1/events/{id}", named("one"));
    r.add("PATCH", "/api/v1/events/{id}", named("patch"));
    r.add("DELETE", "/api/v1/events/{id}/agenda/{item}", named("delete-item"));
    r.add("GET", "/static/*", named("static"));
    return r;
}

}  // namespace

TEST(Router, CapturesNamedSegments) {
    auto r = sample();
    auto m = r.match("DELETE", "/api/v1/events/12/agenda/7");
    ASSERT_NE(m.handler, nullptr);
    EXPECT_EQ(m.params.at("id"), "12");
    EXPECT_EQ(m.params.at("item"), "7");
    EXPECT_EQ(m.pattern, "/api/v1/events/{id}/agenda/{item}");
}

TEST(Router, KnownPathWithOtherMethodIsNotANotFound) {
    auto r = sample();
    auto m = r.match("POST", "/api/v1/events/12");
    EXPECT_EQ(m.handler, nullptr);
    EXPECT_TRUE(m.path_known);
    auto none = r.match("GET", "/api/v1/nothing");
    EXPECT_FALSE(none.path_known);
}

TEST(Router, HeadIsServedByTheGetRoute) {
    auto r = sample();
    EXPECT_NE(r.match("HEAD", "/api/v1/events").handler, nullptr);
}

TEST(Router, WildcardTakesTheRestButNotNothing) {
    auto r = sample();
    auto m = r.match("GET", "/static/js/app.js");
    ASSERT_NE(m.handler, nullptr);
    EXPECT_EQ(m.params.at("*"), "js/app.js");
    EXPECT_EQ(r.match("GET", "/static/").handler, nullptr);
}

TEST(Router, TrailingSlashAndExtraSegmentsDoNotMatchOtherRoutes) {
    auto r = sample();
    EXPECT_NE(r.match("GET", "/api/v1/events/").handler, nullptr);  // same segments as /api/v1/events
    EXPECT_EQ(r.match("GET", "/api/v1/events/1/2").handler, nullptr);
}
