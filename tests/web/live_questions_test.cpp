// Live questions end to end: the real server, real WebSocket clients over loopback, the REST routes beside them.
#include <algorithm>
#include <atomic>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <thread>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "support/staff_server.hpp"
#include "support/subprocess.hpp"
#include "support/ws_client.hpp"

using namespace openhall::testing;
using namespace std::chrono_literals;
using openhall::core::Role;
using nlohmann::json;

namespace {

class LiveQuestionsTest : public StaffServerTest {
protected:
    void SetUp() override {
        StaffServerTest::SetUp();
        scheduler_ = client_as(Role::Scheduler);
        moderator_ = client_as(Role::Moderator);
        public_ = public_client();
        event_ = create_event();
        set_status(event_, "scheduled");
        set_status(event_, "live");
    }

    int create_event() {
        auto r = scheduler_->post("/api/v1/events", event_body("新闻发布会：冬季供暖保障", "press_conference"));
        EXPECT_EQ(r.status, 201) << r.body;
        return r.json()["id"].get<int>();
    }

    void set_status(int event, const std::string& status) {
        auto r = scheduler_->post("/api/v1/events/" + std::to_string(event) + "/status", {{"status", status}});
        ASSERT_EQ(r.status, 200) << r.body;
    }

    // A viewer with the token a browser keeps (16+ URL-safe characters); "" for a connection of its own.
    std::unique_ptr<WsClient> viewer(const std::string& token = "", std::optional<std::uint64_t> since = {},
                                     int event = 0) {
        std::string path = "/events/" + std::to_string(event ? event : event_);
        std::string sep = "?";
        if (!token.empty()) path += std::exchange(sep, "&") + "viewer=" + token;
        if (since) path += sep + "since=" + std::to_string(*since);
        return std::make_unique<WsClient>(server_->ws_port(), path);
    }

    std::unique_ptr<WsClient> staff_socket(HttpClient& signed_in) {
        WsOptions options;
        options.cookie = "openhall_session=" + signed_in.cookie("openhall_session");
        return std::make_unique<WsClient>(server_->ws_port(), "/events/" + std::to_string(event_), options);
    }

    static json ask(WsClient& ws, const std::string& id, const std::string& text, const std::string& name = "") {
        ws.send_json({{"type", "ask"}, {"id", id}, {"text", text}, {"name", name}});
        return ws.receive_one_of({"ack", "error"});
    }

    HttpResponse moderate(int question, const json& body) {
        return moderator_->post("/api/v1/questions/" + std::to_string(question) + "/moderation", body);
    }

    // Asks and approves a question; returns its id.
    int approved_question(const std::string& text) {
        auto asker = viewer();
        (void)asker->receive_type("hello");
        auto ack = ask(*asker, "q1", text);
        EXPECT_EQ(ack["type"], "ack") << ack;
        const int id = ack["question"].get<int>();
        EXPECT_EQ(moderate(id, {{"action", "approve"}}).status, 200);
        return id;
    }

    json questions(const std::string& query = "") {
        auto& client = query.empty() ? *public_ : *moderator_;
        return client.get("/api/v1/events/" + std::to_string(event_) + "/questions" + query).json()["questions"];
    }

    std::unique_ptr<HttpClient> scheduler_, moderator_, public_;
    int event_ = 0;
};

const std::string kViewerA = "viewer-token-aaaaaaaaaaaa";
const std::string kViewerB = "viewer-token-bbbbbbbbbbbb";
const std::string kViewerC = "viewer-token-cccccccccccc";

}  // namespace

TEST_F(LiveQuestionsTest, HelloThenAskIsAcknowledgedWithATicketAndReachesModeratorsOnly) {
    auto citizen = viewer(kViewerA);
    auto hello = citizen->receive_type("hello");
    EXPECT_EQ(hello["event"], event_);
    EXPECT_TRUE(hello["seq"].is_number_unsigned());
    EXPECT_GE(hello["viewers"].get<int>(), 1);
    EXPECT_EQ(hello["questions"], json::array());

    auto console = staff_socket(*moderator_);
    (void)console->receive_type("hello");

    auto ack = ask(*citizen, "c-1", "  請問冬季供暖何時開始？ ", "王小明");
    ASSERT_EQ(ack["type"], "ack") << ack;
    EXPECT_EQ(ack["id"], "c-1");
    EXPECT_TRUE(ack["question"].is_number_integer());
    const std::string ticket = ack["ticket"];
    EXPECT_TRUE(std::regex_match(ticket, std::regex("[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}"))) << ticket;

    auto pending = console->receive_type("pending");
    EXPECT_EQ(pending["question"]["id"], ack["question"]);
    EXPECT_EQ(pending["question"]["text"], "請問冬季供暖何時開始？");  // trimmed
    EXPECT_EQ(pending["question"]["name"], "王小明");
    EXPECT_EQ(pending["question"]["status"], "pending");
    EXPECT_EQ(pending["question"]["flagged"], false);
    EXPECT_TRUE(pending["question"].contains("asked_at"));
    EXPECT_TRUE(pending["question"].contains("media_offset_s"));

    // Viewers do not see a pending question; the public list neither.
    for (const auto& m : citizen->drain(400ms)) EXPECT_NE(m["type"], "question") << m;
    EXPECT_EQ(questions(), json::array());
    EXPECT_EQ(questions("?status=pending").size(), 1u);

    // The asker's ticket shows where the question stands (typed in lower case and without the dash, too).
    auto view = public_->get("/api/v1/tickets/" + ticket);
    ASSERT_EQ(view.status, 200) << view.body;
    EXPECT_EQ(view.json()["status"], "pending");
    EXPECT_EQ(view.json()["answer"], nullptr);
    EXPECT_EQ(view.json()["question"]["id"], ack["question"]);
    std::string typed = ticket.substr(0, 4) + ticket.substr(5);
    for (auto& c : typed) c = static_cast<char>(std::tolower(c));
    EXPECT_EQ(public_->get("/api/v1/tickets/" + typed).json()["ticket"], ticket);
    EXPECT_EQ(public_->get("/api/v1/tickets/ZZZZ-ZZZZ").error_code(), "not_found");
}

TEST_F(LiveQuestionsTest, TheSameClientIdGetsTheSameAckAndStoresNothingNew) {
    auto first = viewer(kViewerA);
    (void)first->receive_type("hello");
    auto ack = ask(*first, "retry-1", "自来水价格会上涨吗？");
    ASSERT_EQ(ack["type"], "ack") << ack;
    EXPECT_EQ(ask(*first, "retry-1", "自来水价格会上涨吗？"), ack);

    // After a reconnect (the same viewer token), the retry still finds it, even with the burst used up.
    first.reset();
    auto again = viewer(kViewerA);
    (void)again->receive_type("hello");
    ASSERT_EQ(ask(*again, "r-2", "第二个问题")["type"], "ack");
    ASSERT_EQ(ask(*again, "r-3", "第三个问题")["type"], "ack");
    EXPECT_EQ(ask(*again, "r-4", "第四个问题")["code"], "rate_limited");
    EXPECT_EQ(ask(*again, "retry-1", "自来水价格会上涨吗？"), ack);

    // Another viewer using the same id makes a question of their own.
    auto other = viewer(kViewerB);
    (void)other->receive_type("hello");
    auto other_ack = ask(*other, "retry-1", "自来水价格会上涨吗？");
    EXPECT_NE(other_ack["question"], ack["question"]);
    EXPECT_EQ(questions("?status=pending").size(), 4u);
}

TEST_F(LiveQuestionsTest, EveryRefusalIsAnErrorFrameWithItsCodeAndTheConnectionStaysOpen) {
    auto ws = viewer(kViewerA);
    (void)ws->receive_type("hello");
    auto error_for = [&](const std::string& raw) {
        ws->send_text(raw);
        return ws->receive_type("error");
    };
    EXPECT_EQ(error_for("{not json")["code"], "bad_json");
    EXPECT_EQ(error_for("[1,2]")["code"], "bad_json");
    EXPECT_EQ(error_for(R"({"type":"shout"})")["code"], "unknown_type");
    EXPECT_EQ(error_for(R"({"text":"no type"})")["code"], "invalid_message");
    auto no_text = error_for(R"({"type":"ask","id":"e-1"})");
    EXPECT_EQ(no_text["code"], "invalid_message");
    EXPECT_EQ(no_text["id"], "e-1");
    EXPECT_EQ(error_for(R"({"type":"ask","id":"e-2","text":"   "})")["code"], "text_empty");
    std::string long_text;
    for (int i = 0; i < 501; ++i) long_text += "问";
    auto too_long = error_for(json{{"type", "ask"}, {"id", "e-3"}, {"text", long_text}}.dump());
    EXPECT_EQ(too_long["code"], "text_too_long");
    EXPECT_EQ(too_long["id"], "e-3");
    EXPECT_EQ(error_for(json{{"type", "ask"}, {"id", "e-4"}, {"text", "ok"}, {"name", std::string(41, 'n')}}.dump())["code"],
              "name_too_long");
    EXPECT_EQ(error_for(R"({"type":"vote","question":999999})")["code"], "not_found");
    EXPECT_EQ(error_for(R"({"type":"vote","question":"x"})")["code"], "invalid_message");
    EXPECT_EQ(error_for(R"({"type":"moderate","question":1,"action":"approve"})")["code"], "forbidden");
    ws->send_binary("\x01\x02");
    EXPECT_EQ(ws->receive_type("error")["code"], "invalid_message");
    // 500 characters exactly is accepted, and the connection kept working through all of the above.
    auto ok = ask(*ws, "e-5", long_text.substr(0, 500 * 3));
    EXPECT_EQ(ok["type"], "ack") << ok;
    EXPECT_FALSE(ws->closed());
}

TEST_F(LiveQuestionsTest, AViewerIsRateLimitedAndAnotherViewerIsNot) {
    auto a = viewer(kViewerA);
    (void)a->receive_type("hello");
    for (int i = 0; i < 3; ++i) ASSERT_EQ(ask(*a, "a" + std::to_string(i), "问题" + std::to_string(i))["type"], "ack");
    auto limited = ask(*a, "a3", "还有一个问题");
    EXPECT_EQ(limited["code"], "rate_limited");
    EXPECT_EQ(limited["id"], "a3");
    EXPECT_FALSE(limited["message"].get<std::string>().empty());
    // The token is the viewer: a second connection with it is limited too; another viewer is not.
    auto a_again = viewer(kViewerA);
    (void)a_again->receive_type("hello");
    EXPECT_EQ(ask(*a_again, "a4", "再问一次")["code"], "rate_limited");
    auto b = viewer(kViewerB);
    (void)b->receive_type("hello");
    EXPECT_EQ(ask(*b, "b0", "我的问题")["type"], "ack");
    EXPECT_EQ(questions("?status=pending").size(), 4u);
}

TEST_F(LiveQuestionsTest, AskingNeedsALiveEvent) {
    const int scheduled = create_event();
    set_status(scheduled, "scheduled");
    auto ws = viewer(kViewerA, {}, scheduled);
    (void)ws->receive_type("hello");
    auto refused = ask(*ws, "n-1", "现在可以提问吗？");
    EXPECT_EQ(refused["code"], "not_live");
    // Going live opens it for the viewers already connected, and tells them.
    set_status(scheduled, "live");
    EXPECT_EQ(ws->receive_type("status")["status"], "live");
    EXPECT_EQ(ask(*ws, "n-2", "现在可以提问吗？")["type"], "ack");
    // Just after the end, still open (the default is 10 minutes), then not once cancelled or archived.
    set_status(scheduled, "ended");
    EXPECT_EQ(ask(*ws, "n-3", "会后还能提问吗？")["type"], "ack");
    set_status(scheduled, "archived");
    EXPECT_EQ(ask(*ws, "n-4", "归档后呢？")["code"], "not_live");
}

TEST_F(LiveQuestionsTest, DraftsAndUnknownEventsAreClosedAtOnce) {
    const int draft = create_event();
    auto ws = viewer(kViewerA, {}, draft);
    EXPECT_EQ(ws->wait_for_close(), 1008);
    auto missing = viewer(kViewerA, {}, 999999);
    EXPECT_EQ(missing->wait_for_close(), 1008);
}

TEST_F(LiveQuestionsTest, ApprovalReachesEveryViewerWithIncreasingSeq) {
    std::vector<std::unique_ptr<WsClient>> viewers;
    for (const auto& token : {kViewerA, kViewerB, kViewerC}) {
        viewers.push_back(viewer(token));
        (void)viewers.back()->receive_type("hello");
    }
    auto console = staff_socket(*moderator_);
    (void)console->receive_type("hello");
    auto ack = ask(*viewers[0], "m-1", "公交线路会调整吗？", "李");
    const int id = ack["question"];
    (void)console->receive_type("pending");

    // From the console over the WebSocket...
    console->send_json({{"type", "moderate"}, {"question", id}, {"action", "approve"}});
    std::vector<std::uint64_t> first_seq;
    for (auto& v : viewers) {
        auto m = v->receive_type("question");
        EXPECT_EQ(m["question"]["id"], id);
        EXPECT_EQ(m["question"]["status"], "approved");
        EXPECT_FALSE(m["question"].contains("ticket")) << "viewers never see another asker's ticket";
        first_seq.push_back(m["seq"]);
    }
    EXPECT_EQ(std::set(first_seq.begin(), first_seq.end()).size(), 1u);
    // ...and through the REST route: pin, then answered live.
    ASSERT_EQ(moderate(id, {{"action", "pin"}}).status, 200);
    ASSERT_EQ(moderate(id, {{"action", "answered"}}).status, 200);
    for (auto& v : viewers) {
        auto pinned = v->receive_type("question");
        auto answered = v->receive_type("question");
        EXPECT_EQ(pinned["question"]["pinned"], true);
        EXPECT_EQ(answered["question"]["status"], "answered");
        EXPECT_EQ(pinned["seq"].get<std::uint64_t>(), first_seq[0] + 1);
        EXPECT_EQ(answered["seq"].get<std::uint64_t>(), first_seq[0] + 2);
    }
    auto listed = questions();
    ASSERT_EQ(listed.size(), 1u);
    EXPECT_EQ(listed[0]["status"], "answered");
    // A newcomer's hello lists it.
    auto late = viewer();
    EXPECT_EQ(late->receive_type("hello")["questions"][0]["id"], id);
}

TEST_F(LiveQuestionsTest, RejectionAndMergeFollowTheRules) {
    auto asker = viewer(kViewerA);
    (void)asker->receive_type("hello");
    const int keep = ask(*asker, "k", "停车场收费标准是什么？")["question"];
    const json dup_ack = ask(*asker, "d", "停车场怎么收费？");
    const int dup = dup_ack["question"];
    const int bad = ask(*asker, "b", "无关内容")["question"];

    auto rejected = moderate(bad, {{"action", "reject"}, {"reason", "与本次发布会无关"}});
    ASSERT_EQ(rejected.status, 200) << rejected.body;
    EXPECT_EQ(rejected.json()["status"], "rejected");
    EXPECT_EQ(rejected.json()["reject_reason"], "与本次发布会无关");  // staff see the internal reason
    EXPECT_EQ(moderate(bad, {{"action", "pin"}}).error_code(), "illegal_transition");
    EXPECT_EQ(moderate(bad, {{"action", "fly"}}).error_code(), "invalid_input");
    EXPECT_EQ(moderate(999999, {{"action", "approve"}}).error_code(), "not_found");
    EXPECT_EQ(moderate(dup, {{"action", "merge"}}).error_code(), "invalid_input");  // merge needs "into"
    EXPECT_EQ(moderate(dup, {{"action", "merge"}, {"into", dup}}).error_code(), "invalid_input");

    ASSERT_EQ(moderate(keep, {{"action", "approve"}}).status, 200);
    ASSERT_EQ(moderate(dup, {{"action", "approve"}}).status, 200);
    // Votes for both, from different viewers; then the merge carries them over without counting a viewer twice.
    auto b = viewer(kViewerB);
    auto c = viewer(kViewerC);
    (void)b->receive_type("hello");
    (void)c->receive_type("hello");
    b->send_json({{"type", "vote"}, {"question", keep}});
    b->send_json({{"type", "vote"}, {"question", dup}});
    c->send_json({{"type", "vote"}, {"question", dup}});
    (void)b->drain(600ms);
    auto merged = moderate(dup, {{"action", "merge"}, {"into", keep}});
    ASSERT_EQ(merged.status, 200) << merged.body;
    EXPECT_EQ(merged.json()["status"], "merged");
    auto listed = questions();
    ASSERT_EQ(listed.size(), 1u);
    EXPECT_EQ(listed[0]["id"], keep);
    EXPECT_EQ(listed[0]["votes"], 2);  // viewers B and C
    // The merged question's ticket follows the target.
    auto ticket = public_->get("/api/v1/tickets/" + dup_ack["ticket"].get<std::string>()).json();
    EXPECT_EQ(ticket["merged"], true);
    EXPECT_EQ(ticket["question"]["id"], keep);
    EXPECT_EQ(ticket["status"], "approved");
    // A vote sent to the old id counts for the target, once.
    auto a2 = viewer(kViewerA);
    (void)a2->receive_type("hello");
    a2->send_json({{"type", "vote"}, {"question", dup}});
    EXPECT_EQ(a2->receive_type("votes")["votes"][std::to_string(keep)], 3);
}

TEST_F(LiveQuestionsTest, VotesCountOncePerViewerAndArriveCoalesced) {
    const int id = approved_question("图书馆周末开放吗？");
    auto a = viewer(kViewerA);
    auto a_second_tab = viewer(kViewerA);
    auto b = viewer(kViewerB);
    for (auto* ws : {a.get(), a_second_tab.get(), b.get()}) (void)ws->receive_type("hello");
    a->send_json({{"type", "vote"}, {"question", id}});
    a->send_json({{"type", "vote"}, {"question", id}});
    EXPECT_EQ(a->receive_type("error")["code"], "already_voted");
    a_second_tab->send_json({{"type", "vote"}, {"question", id}});
    EXPECT_EQ(a_second_tab->receive_type("error")["code"], "already_voted");
    b->send_json({{"type", "vote"}, {"question", id}});
    // Votes come as counts, a few times a second at most: both votes in one or two messages, the last saying 2.
    int last = 0;
    std::uint64_t previous_seq = 0;
    for (const auto& m : a->drain(800ms)) {
        if (m["type"] != "votes") continue;
        EXPECT_GT(m["seq"].get<std::uint64_t>(), previous_seq);
        previous_seq = m["seq"];
        last = m["votes"][std::to_string(id)];
    }
    EXPECT_EQ(last, 2);
    EXPECT_EQ(questions()[0]["votes"], 2);
    // A pending question takes no votes.
    auto asker = viewer(kViewerC);
    (void)asker->receive_type("hello");
    const int pending = ask(*asker, "p", "还没通过的问题")["question"];
    asker->send_json({{"type", "vote"}, {"question", pending}});
    EXPECT_EQ(asker->receive_type("error")["code"], "not_found");
}

TEST_F(LiveQuestionsTest, AReconnectingViewerResumesFromSinceOrGetsAFreshHello) {
    auto console = staff_socket(*moderator_);  // keeps the room open meanwhile
    (void)console->receive_type("hello");
    const int first = approved_question("第一个问题");
    auto ws = viewer(kViewerA);
    auto hello = ws->receive_type("hello");
    const std::uint64_t seen = hello["seq"];
    ws.reset();

    const int second = approved_question("第二个问题");
    auto resumed = viewer(kViewerA, seen);
    auto missed = resumed->receive_one_of({"question", "hello"});
    EXPECT_EQ(missed["type"], "question") << "resuming gets what was missed, not a new hello";
    // Numbers increase per event; a viewer's skip those of staff-only messages (the question while pending).
    EXPECT_GT(missed["seq"].get<std::uint64_t>(), seen);
    EXPECT_EQ(missed["question"]["id"], second);

    // A `since` the server does not know (from before a restart, or made up): a fresh hello with everything.
    auto stale = viewer(kViewerA, 12345);
    auto fresh = stale->receive_one_of({"question", "hello"});
    ASSERT_EQ(fresh["type"], "hello");
    EXPECT_EQ(fresh["questions"].size(), 2u);
    EXPECT_NE(first, second);
}

TEST_F(LiveQuestionsTest, ModerationNeedsAModeratorsSession) {
    auto editor = client_as(Role::Editor);
    auto console = staff_socket(*editor);
    (void)console->receive_type("hello");
    auto asker = viewer(kViewerA);
    (void)asker->receive_type("hello");
    const int id = ask(*asker, "x", "编辑能看到待审问题吗？")["question"];
    for (const auto& m : console->drain(400ms)) EXPECT_NE(m["type"], "pending") << "an editor is not a moderator";
    console->send_json({{"type", "moderate"}, {"question", id}, {"action", "approve"}});
    EXPECT_EQ(console->receive_type("error")["code"], "forbidden");

    // A forged or expired cookie is a viewer.
    WsOptions forged;
    forged.cookie = "openhall_session=not-a-session";
    WsClient intruder(server_->ws_port(), "/events/" + std::to_string(event_), forged);
    (void)intruder.receive_type("hello");
    intruder.send_json({{"type", "moderate"}, {"question", id}, {"action", "approve"}});
    EXPECT_EQ(intruder.receive_type("error")["code"], "forbidden");
    EXPECT_EQ(questions(), json::array());

    // The admin may.
    auto admin = client_as(Role::Admin);
    auto admin_console = staff_socket(*admin);
    EXPECT_EQ(admin_console->receive_type("pending")["question"]["id"], id);
    admin_console->send_json({{"type", "moderate"}, {"question", id}, {"action", "approve"}});
    EXPECT_EQ(admin_console->receive_type("question")["question"]["status"], "approved");
    // Audited, with who did it.
    auto audit = client_as(Role::Admin)->get("/api/v1/events/" + std::to_string(event_) + "/audit");
    EXPECT_NE(audit.body.find("question.approve"), std::string::npos) << audit.body;
}

TEST_F(LiveQuestionsTest, TheHandshakeChecksOriginSubprotocolAndPath) {
    // Each refusal is an HTTP 403 (a proxy passes it on instead of taking the gateway out of rotation).
    const int port = server_->ws_port();
    const std::string path = "/events/" + std::to_string(event_);
    auto status = [&](const std::string& p, const WsOptions& options) {
        const auto refused = WsClient::refused(port, p, options);
        return refused ? refused->http_status : 101;
    };
    WsOptions evil;
    evil.origin = "http://evil.example";
    EXPECT_EQ(status(path, evil), 403);
    WsOptions same_site;
    same_site.origin = "http://127.0.0.1:" + std::to_string(server_->http_port());
    EXPECT_EQ(status(path, same_site), 101);
    WsOptions no_protocol;
    no_protocol.protocol = "";
    EXPECT_EQ(status(path, no_protocol), 403);
    WsOptions other_protocol;
    other_protocol.protocol = "chat";
    // Only subprotocols it does not serve: libwebsockets closes the connection before asking the gateway
    // (deploy/nginx sets max_fails=0 so that this does not take a gateway out of rotation either).
    EXPECT_EQ(status(path, other_protocol), 0);
    EXPECT_EQ(status("/questions", {}), 403);
    EXPECT_EQ(status("/events/abc", {}), 403);
    // The gateway still serves after the refusals.
    EXPECT_EQ(status(path, same_site), 101);
}

TEST_F(LiveQuestionsTest, ASlowReaderIsDisconnectedWhileOthersContinue) {
    const int id = approved_question(std::string(450, 'q'));
    WsOptions small_window;
    small_window.receive_buffer = 4096;
    WsClient slow(server_->ws_port(), "/events/" + std::to_string(event_), small_window);
    auto fast = viewer(kViewerB);
    (void)fast->receive_type("hello");
    auto console = staff_socket(*moderator_);
    (void)console->receive_type("hello");

    // The moderator toggles the pin many times, a hundred at a time as the reading viewer keeps up: each a
    // broadcast of about 600 bytes, 2.4 MB in all, far more than the slow one's queue and socket buffers hold.
    constexpr int kToggles = 4000;
    std::atomic<int> fast_seen{0};
    std::atomic<bool> done{false};
    std::thread fast_reader([&] {
        while (!done)
            if (auto m = fast->receive(200ms); m && (*m)["type"] == "question") ++fast_seen;
    });
    std::thread console_reader([&] {
        while (!done) (void)console->receive(200ms);
    });
    for (int i = 0; i < kToggles; ++i) {
        console->send_json({{"type", "moderate"}, {"question", id}, {"action", i % 2 ? "unpin" : "pin"}});
        if (i % 100 == 99) {
            const auto deadline = std::chrono::steady_clock::now() + 10s;
            while (fast_seen <= i && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(5ms);
        }
    }
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (fast_seen < kToggles && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(5ms);
    done = true;
    fast_reader.join();
    console_reader.join();
    EXPECT_EQ(fast_seen, kToggles);
    // The slow one, once it reads what reached it, finds itself closed for not reading.
    EXPECT_EQ(slow.wait_for_close(20s), 1008);
    EXPECT_NE(slow.close_reason().find("too slow"), std::string::npos) << slow.close_reason();
    EXPECT_FALSE(fast->closed());
    EXPECT_FALSE(console->closed());
    auto metrics = public_->get("/metrics").body;
    EXPECT_NE(metrics.find("openhall_ws_slow_clients_dropped_total 1"), std::string::npos);
}

TEST_F(LiveQuestionsTest, StaffEnterARoomQuestionThatIsPublicAtOnce) {
    auto watching = viewer(kViewerA);
    (void)watching->receive_type("hello");
    auto room = client_as(Role::Scheduler)->post("/api/v1/events/" + std::to_string(event_) + "/questions",
                                                  {{"text", "现场代表：老旧小区加装电梯的补贴？"}, {"name", "张代表"}});
    ASSERT_EQ(room.status, 201) << room.body;
    EXPECT_EQ(room.json()["source"], "room");
    EXPECT_EQ(room.json()["status"], "approved");
    EXPECT_EQ(room.json()["entered_by"], "scheduler");
    EXPECT_EQ(watching->receive_type("question")["question"]["text"], "现场代表：老旧小区加装电梯的补贴？");
    auto editor = client_as(Role::Editor);
    EXPECT_EQ(editor->post("/api/v1/events/" + std::to_string(event_) + "/questions", {{"text", "x"}}).status, 403);
    EXPECT_EQ(public_->post("/api/v1/events/" + std::to_string(event_) + "/questions", {{"text", "x"}}).status, 401);
    EXPECT_EQ(moderator_->post("/api/v1/events/" + std::to_string(event_) + "/questions", {{"text", ""}}).error_code(),
              "invalid_input");
    // Only moderators list by status.
    EXPECT_EQ(public_->get("/api/v1/events/" + std::to_string(event_) + "/questions?status=pending").status, 401);
    EXPECT_EQ(client_as(Role::Responder)->get("/api/v1/events/" + std::to_string(event_) + "/questions?status=pending").status, 403);
    EXPECT_EQ(editor->get("/api/v1/events/" + std::to_string(event_) + "/questions?status=approved").status, 200);
    EXPECT_EQ(moderator_->get("/api/v1/events/" + std::to_string(event_) + "/questions?status=lost").error_code(),
              "invalid_input");
}

TEST_F(LiveQuestionsTest, AClientThatKeepsSendingMalformedMessagesIsClosed) {
    auto ws = viewer(kViewerA);
    (void)ws->receive_type("hello");
    auto errors_in = [](const std::vector<json>& messages) {
        return std::count_if(messages.begin(), messages.end(), [](const json& m) { return m["type"] == "error"; });
    };
    for (int i = 0; i < 19; ++i) ws->send_text("not json");
    EXPECT_EQ(errors_in(ws->drain(500ms)), 19);
    EXPECT_FALSE(ws->closed());
    ws->send_text("not json");
    EXPECT_EQ(ws->wait_for_close(), 1008);
    EXPECT_NE(ws->close_reason().find("malformed"), std::string::npos);
    // Refusals a well-behaved client can cause do not count: rate limits, for one.
    auto polite = viewer(kViewerB);
    (void)polite->receive_type("hello");
    for (int i = 0; i < 30; ++i) polite->send_json({{"type", "vote"}, {"question", 999999}});
    EXPECT_EQ(errors_in(polite->drain(500ms)), 30);
    EXPECT_FALSE(polite->closed());
}

TEST_F(LiveQuestionsTest, EditorsSeeSuggestedGroupsOfSimilarQuestions) {
    auto room = [&](const std::string& text) {
        auto r = moderator_->post("/api/v1/events/" + std::to_string(event_) + "/questions", {{"text", text}});
        EXPECT_EQ(r.status, 201) << r.body;
        return r.json()["id"].get<int>();
    };
    const int a = room("冬季供暖什么时候开始？");
    const int b = room("冬季供暖何時開始？");
    const int c = room("自来水价格会上涨吗？");
    const int d = room("今年冬季供暖什么时候开始供暖");
    const int e = room("自來水價格是否會上漲？");
    (void)room("图书馆周末开放吗？");
    auto editor = client_as(Role::Editor);
    auto r = editor->get("/api/v1/events/" + std::to_string(event_) + "/question-groups");
    ASSERT_EQ(r.status, 200) << r.body;
    const auto groups = r.json()["groups"];
    ASSERT_EQ(groups.size(), 2u) << groups;
    EXPECT_EQ(groups[0]["question_ids"], json({a, b, d}));
    EXPECT_EQ(groups[1]["question_ids"], json({c, e}));
    EXPECT_EQ(groups[1]["questions"][1]["text"], "自來水價格是否會上漲？");
    EXPECT_EQ(public_->get("/api/v1/events/" + std::to_string(event_) + "/question-groups").status, 401);
    EXPECT_EQ(moderator_->get("/api/v1/events/" + std::to_string(event_) + "/question-groups").status, 403);
}

// Another suite: questions are taken for no time after the end, one address may ask a lot (a test machine), and
// a sensitive-word list is configured.
class LiveQuestionsConfiguredTest : public LiveQuestionsTest {
protected:
    std::vector<std::string> server_args() const override {
        const auto words = data_.path() / "sensitive-words.txt";
        std::ofstream(words) << "# one a line\n示威游行\n";
        return {"--ask-after-end", "0", "--address-ask-burst", "100000", "--sensitive-words", words.string()};
    }
};

TEST_F(LiveQuestionsConfiguredTest, AQuestionWithASensitiveWordReachesModeratorsFlagged) {
    auto console = staff_socket(*moderator_);
    (void)console->receive_type("hello");
    auto ws = viewer(kViewerA);
    (void)ws->receive_type("hello");
    // Written in Traditional characters with spaces between: still the listed word.
    auto ack = ask(*ws, "s", "明天有人要 示 威 遊 行 嗎？");
    ASSERT_EQ(ack["type"], "ack") << ack;
    auto pending = console->receive_type("pending")["question"];
    EXPECT_EQ(pending["flagged"], true);
    EXPECT_EQ(pending["flag_reason"], "示威游行");
    EXPECT_EQ(pending["status"], "pending");
    EXPECT_EQ(questions("?status=pending")[0]["flagged"], true);
}

TEST_F(LiveQuestionsConfiguredTest, AskingClosesWithTheEndWhenConfiguredSo) {
    auto ws = viewer(kViewerA);
    (void)ws->receive_type("hello");
    set_status(event_, "ended");
    EXPECT_EQ(ask(*ws, "late", "结束了吗？")["code"], "not_live");
}

TEST_F(LiveQuestionsConfiguredTest, EveryAcknowledgedQuestionSurvivesAKillDuringABurst) {
    constexpr int kViewers = 100;
    std::vector<std::unique_ptr<WsClient>> askers;
    for (int i = 0; i < kViewers; ++i) {
        askers.push_back(viewer(fmt::format("burst-viewer-{:010d}", i)));
        (void)askers.back()->receive_type("hello");
    }
    for (int round = 0; round < 3; ++round)
        for (int i = 0; i < kViewers; ++i)
            askers[i]->send_json({{"type", "ask"}, {"id", fmt::format("b{}", round)}, {"text", fmt::format("问题 {}-{}", i, round)}});
    // Kill the server as soon as the first ack arrives, while the rest are still being written; then read every
    // ack that reached a client before the kill (they wait in the clients' socket buffers).
    std::map<int, std::string> acked;  // question → ticket
    auto first = askers[0]->receive_type("ack");
    server_->kill_hard();
    acked[first["question"]] = first["ticket"];
    for (auto& asker : askers)
        for (const auto& m : asker->drain(20ms))
            if (m["type"] == "ack") acked[m["question"]] = m["ticket"];
    ASSERT_FALSE(acked.empty());

    askers.clear();
    restart_server();
    moderator_ = client_as(Role::Moderator);
    auto stored = questions("?status=pending");
    std::map<int, std::string> found;
    for (const auto& q : stored) found[q["id"]] = q["ticket"];
    for (const auto& [id, ticket] : acked) {
        ASSERT_TRUE(found.contains(id)) << "acknowledged question " << id << " was lost";
        EXPECT_EQ(found[id], ticket);
    }
    std::cout << "acknowledged before the kill: " << acked.size() << ", stored: " << found.size() << "\n";
}

TEST_F(LiveQuestionsTest, InvalidUtf8ClosesTheConnectionAndTooLargeAMessageToo) {
    auto ws = viewer(kViewerA);
    (void)ws->receive_type("hello");
    ws->send_text("{\"type\":\"ask\",\"id\":\"u\",\"text\":\"\xff\xfe\"}");
    EXPECT_EQ(ws->wait_for_close(), 1007);  // RFC 6455: invalid frame payload data
    auto big = viewer(kViewerB);
    (void)big->receive_type("hello");
    big->send_text(json{{"type", "ask"}, {"id", "big"}, {"text", std::string(9000, 'x')}}.dump());
    EXPECT_EQ(big->wait_for_close(), 1009);
    EXPECT_EQ(questions("?status=pending"), json::array());
}

// Idle connections: a ping after a second of silence, dropped after three without a word (pongs count).
class LiveQuestionsKeepaliveTest : public LiveQuestionsTest {
protected:
    std::vector<std::string> server_args() const override {
        return {"--ping-after-idle", "1", "--hangup-after-idle", "3"};
    }
};

TEST_F(LiveQuestionsKeepaliveTest, AClientThatAnswersPingsStaysAndASilentOneIsDropped) {
    auto answering = viewer("viewer-token-answers-pings");
    auto silent = viewer("viewer-token-never-reads");
    (void)answering->receive_type("hello");
    (void)silent->receive_type("hello");
    // The answering viewer sends nothing of its own for 6 s: only its pongs (WsClient answers pings while it
    // reads) keep it. The silent one never reads again, so it never answers.
    const auto until = std::chrono::steady_clock::now() + 6s;
    while (std::chrono::steady_clock::now() < until) (void)answering->receive(200ms);
    EXPECT_FALSE(answering->closed());
    // The silent one is dropped at the first sweep 3 s after its last word (a ping came and went unanswered).
    std::string metrics;
    EXPECT_TRUE(wait_until(10s, [&] {
        (void)answering->receive(100ms);  // still answering pings meanwhile
        metrics = public_->get("/metrics").body;
        return metrics.find("openhall_ws_connections 1\n") != std::string::npos;
    })) << metrics;
    // The answering viewer still asks and is answered.
    EXPECT_EQ(ask(*answering, "k-1", "会后还能看回放吗？")["type"], "ack");
    // The silent one finds its connection gone (after the pings it never answered).
    silent->wait_for_close(2s);
    EXPECT_TRUE(silent->closed());
}
