// Live captions end to end: a captioner's lines over HTTP reach viewers' WebSockets numbered, a correction replaces
// the newest, every refusal a user can cause, and the transcript as JSON, WebVTT and SRT (issue 17).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "support/staff_server.hpp"
#include "support/ws_client.hpp"

using namespace openhall::testing;
using namespace std::chrono_literals;
using openhall::core::Role;
using nlohmann::json;

namespace {

class CaptionTest : public StaffServerTest {
protected:
    void SetUp() override {
        StaffServerTest::SetUp();
        scheduler_ = client_as(Role::Scheduler);
        captioner_ = client_as(Role::Captioner);
        public_ = public_client();
        event_ = scheduler_->post("/api/v1/events", event_body("新闻发布会：冬季供暖保障", "press_conference")).json()["id"];
        set_status("scheduled");
    }

    void set_status(const std::string& status) {
        auto r = scheduler_->post(path("/status"), {{"status", status}});
        ASSERT_EQ(r.status, 200) << r.body;
    }

    std::string path(const std::string& rest = "") const { return "/api/v1/events/" + std::to_string(event_) + rest; }

    HttpResponse send(const json& body) { return captioner_->post(path("/captions"), body); }
    HttpResponse correct(const json& body) {
        return captioner_->request("PUT", path("/captions/newest"), body.dump());
    }

    std::unique_ptr<WsClient> viewer(std::optional<std::uint64_t> since = {}) {
        std::string p = "/events/" + std::to_string(event_);
        if (since) p += "?since=" + std::to_string(*since);
        return std::make_unique<WsClient>(server_->ws_port(), p);
    }

    std::unique_ptr<HttpClient> scheduler_, captioner_, public_;
    int event_ = 0;
};

}  // namespace

TEST_F(CaptionTest, ALineReachesEveryViewerNumberedAndACorrectionReplacesIt) {
    set_status("live");
    auto watching = viewer();
    const auto hello = watching->receive_type("hello");
    EXPECT_TRUE(hello["caption"].is_null());

    auto sent = send({{"text", "  各位记者朋友，上午好。 "}});
    ASSERT_EQ(sent.status, 201) << sent.body;
    EXPECT_EQ(sent.json()["text"], "各位记者朋友，上午好。");
    EXPECT_EQ(sent.json()["author"], "captioner");
    EXPECT_EQ(sent.json()["source"], "person");
    const auto line = watching->receive_type("caption");
    EXPECT_EQ(line["line"]["id"], sent.json()["id"]);
    EXPECT_EQ(line["line"]["text"], "各位记者朋友，上午好。");
    EXPECT_FALSE(line["line"].contains("author"));
    EXPECT_GT(line["seq"].get<std::uint64_t>(), hello["seq"].get<std::uint64_t>());

    auto fixed = correct({{"text", "各位记者朋友，下午好。"}});
    ASSERT_EQ(fixed.status, 200) << fixed.body;
    EXPECT_EQ(fixed.json()["revision"], 2);
    const auto correction = watching->receive_type("caption");
    EXPECT_EQ(correction["line"]["id"], sent.json()["id"]);
    EXPECT_EQ(correction["line"]["revision"], 2);
    EXPECT_EQ(correction["line"]["text"], "各位记者朋友，下午好。");
    // The same text again changes nothing and sends nothing.
    EXPECT_EQ(correct({{"text", "各位记者朋友，下午好。"}}).json()["revision"], 2);
    for (const auto& m : watching->drain(400ms)) EXPECT_NE(m["type"], "caption") << m;

    // A page opened now shows the line on screen; one that lost its connection gets what it missed.
    auto late = viewer();
    EXPECT_EQ(late->receive_type("hello")["caption"]["text"], "各位记者朋友，下午好。");
    auto resumed = viewer(hello["seq"].get<std::uint64_t>());
    EXPECT_EQ(resumed->receive_type("caption")["line"]["revision"], 1);
    EXPECT_EQ(resumed->receive_type("caption")["line"]["revision"], 2);

    // Both changes are in the event's audit trail.
    std::vector<std::string> actions;
    const auto audit = scheduler_->get(path("/audit"));
    const auto entries = audit.json()["entries"];
    for (const auto& e : entries)
        if (e["object_type"] == "caption_line") actions.push_back(e["action"]);
    EXPECT_EQ(actions, (std::vector<std::string>{"caption.send", "caption.correct"})) << audit.body;
}

TEST_F(CaptionTest, EveryRefusalSaysWhyAndStoresNothing) {
    // Before the event is live.
    auto early = send({{"text", "测试"}});
    EXPECT_EQ(early.status, 409) << early.body;
    EXPECT_EQ(early.error_code(), "illegal_transition");
    set_status("live");
    EXPECT_EQ(correct({{"text", "没有可更正的"}}).error_code(), "not_found");
    EXPECT_EQ(send({{"text", "   "}}).error_code(), "invalid_input");
    EXPECT_EQ(send({{"text", std::string(301, 'a')}}).error_code(), "invalid_input");
    EXPECT_EQ(send({{"text", "a\u0007b"}}).error_code(), "invalid_input");
    EXPECT_EQ(send(json::object()).error_code(), "invalid_input");
    EXPECT_EQ(send({{"text", 5}}).error_code(), "invalid_input");
    EXPECT_EQ(send({{"text", "测试"}, {"speaker", "局长"}}).error_code(), "invalid_input");
    EXPECT_EQ(captioner_->request("POST", path("/captions"), "{not json").error_code(), "invalid_json");
    EXPECT_EQ(captioner_->post("/api/v1/events/99999/captions", {{"text", "测试"}}).status, 404);
    EXPECT_EQ(public_->post(path("/captions"), {{"text", "测试"}}).status, 401);
    EXPECT_EQ(client_as(Role::Editor)->post(path("/captions"), {{"text", "测试"}}).status, 403);
    EXPECT_EQ(public_->get(path("/transcript")).json()["lines"], json::array());
    // After the end nothing more is taken, and the last good line stays as it was.
    ASSERT_EQ(send({{"text", "会议结束，谢谢。"}}).status, 201);
    set_status("ended");
    EXPECT_EQ(send({{"text", "迟到的字幕"}}).error_code(), "illegal_transition");
    EXPECT_EQ(correct({{"text", "改写"}}).error_code(), "illegal_transition");
    const auto lines = public_->get(path("/transcript")).json()["lines"];
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0]["text"], "会议结束，谢谢。");
}

TEST_F(CaptionTest, TheTranscriptIsServedAsJsonWebVttAndSrtToAnyoneWhoMaySeeTheEvent) {
    set_status("live");
    ASSERT_EQ(send({{"text", "会议现在开始"}}).status, 201);
    ASSERT_EQ(send({{"text", "供暖价格 <不变> & 服务更好"}}).status, 201);

    auto json_lines = public_->get(path("/transcript"));
    ASSERT_EQ(json_lines.status, 200);
    ASSERT_EQ(json_lines.json()["lines"].size(), 2u);
    EXPECT_EQ(json_lines.json()["lines"][1]["text"], "供暖价格 <不变> & 服务更好");
    EXPECT_FALSE(json_lines.json()["lines"][0].contains("author"));

    auto vtt = public_->get(path("/transcript.vtt"));
    ASSERT_EQ(vtt.status, 200);
    EXPECT_EQ(vtt.header("content-type"), "text/vtt; charset=utf-8");
    EXPECT_EQ(vtt.body.rfind("WEBVTT\n\n", 0), 0u) << vtt.body;
    EXPECT_NE(vtt.body.find("供暖价格 &lt;不变&gt; &amp; 服务更好"), std::string::npos) << vtt.body;
    EXPECT_NE(vtt.body.find(" --> "), std::string::npos);

    auto srt = public_->get(path("/transcript.srt"));
    ASSERT_EQ(srt.status, 200);
    EXPECT_EQ(srt.header("content-type"), "application/x-subrip; charset=utf-8");
    EXPECT_EQ(srt.header("content-disposition"), "attachment; filename=\"event-" + std::to_string(event_) + ".srt\"");
    EXPECT_EQ(srt.body.rfind("1\r\n00:00:", 0), 0u) << srt.body;
    EXPECT_NE(srt.body.find("2\r\n"), std::string::npos);

    // A draft's transcript is not public; staff see it.
    const int draft = scheduler_->post("/api/v1/events", event_body()).json()["id"];
    const auto draft_path = "/api/v1/events/" + std::to_string(draft) + "/transcript";
    EXPECT_EQ(public_->get(draft_path).status, 404);
    EXPECT_EQ(public_->get(draft_path + ".vtt").status, 404);
    EXPECT_EQ(scheduler_->get(draft_path).status, 200);
    EXPECT_EQ(public_->get("/api/v1/events/99999/transcript.srt").status, 404);
}

TEST_F(CaptionTest, AnSrtOrVttFileMadeElsewhereBecomesTheTranscriptOfTheReplay) {
    auto editor = client_as(Role::Editor);
    auto import = [&](HttpClient& client, const std::string& file) {
        return client.request("PUT", path("/transcript"), file, {"Content-Type: application/x-subrip"});
    };
    const std::string srt = "1\r\n00:00:01,000 --> 00:00:04,000\r\n<i>会议</i>现在开始\r\n\r\n"
                            "2\r\n00:00:05,500 --> 00:00:06,000\r\n谢谢 &amp; 再见\r\n";
    set_status("live");
    EXPECT_EQ(import(*editor, srt).error_code(), "illegal_transition");
    set_status("ended");
    EXPECT_EQ(import(*client_as(Role::Moderator), srt).status, 403);
    EXPECT_EQ(import(*public_, srt).status, 401);
    auto bad = import(*editor, "1\n00:00:05,000 --> 00:00:02,000\nA\n");
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(bad.json()["error"]["message"], "line 2: the cue ends before it starts");

    auto done = import(*editor, srt);
    ASSERT_EQ(done.status, 200) << done.body;
    EXPECT_EQ(done.json()["lines"], 2);
    const auto vtt = public_->get(path("/transcript.vtt")).body;
    EXPECT_NE(vtt.find("00:00:01.000 --> 00:00:04.000\n会议现在开始\n"), std::string::npos) << vtt;
    EXPECT_NE(vtt.find("00:00:05.500 --> 00:00:06.000\n谢谢 &amp; 再见\n"), std::string::npos) << vtt;
    const auto lines = public_->get(path("/transcript")).json()["lines"];
    EXPECT_EQ(lines[0]["source"], "import");
    EXPECT_EQ(lines[0]["end_s"], 4.0);

    // A two-hour meeting's file is larger than the JSON bodies' 64 kB: uploads may be up to 8 MB.
    std::string long_file = "WEBVTT\n";
    for (int i = 0; i < 3000; ++i)
        long_file += fmt::format("\n{0:02}:{1:02}:{2:02}.000 --> {0:02}:{1:02}:{2:02}.900\n第{3}行：县政府常务会议研究老旧小区改造\n",
                                 i / 3600, i / 60 % 60, i % 60, i);
    ASSERT_GT(long_file.size(), 64u * 1024);
    auto large = import(*client_as(Role::Captioner), long_file);
    ASSERT_EQ(large.status, 200) << large.body;
    EXPECT_EQ(large.json()["lines"], 3000);
    EXPECT_EQ(captioner_->request("PUT", path("/transcript"), std::string(9 * 1024 * 1024, 'a')).status, 413);
    // Without a staff session the upload limit is the JSON bodies': nobody else makes the server hold 8 MB.
    EXPECT_EQ(public_->request("PUT", path("/transcript"), long_file).status, 413);
    EXPECT_EQ(public_->request("PUT", path("/transcript"), long_file, {"Cookie: openhall_session=forged"}).status, 413);
    EXPECT_EQ(captioner_->post(path("/captions"), {{"text", std::string(70 * 1024, 'a')}}).status, 413)
        << "other routes keep the 64 kB limit";
}

TEST_F(CaptionTest, WhatWasSaidIsFoundBySearchAndEachHitOpensTheReplayThere) {
    set_status("live");
    ASSERT_EQ(send({{"text", "老旧小区改造明年三月开工"}}).status, 201);
    ASSERT_EQ(send({{"text", "供暖费每平方米二十一元"}}).status, 201);
    auto search = [&](const std::string& q) {
        const auto r = public_->get("/api/v1/search?q=" + q);
        EXPECT_EQ(r.status, 200) << r.body;
        std::vector<std::string> excerpts;
        const auto results = r.json()["results"];
        for (const auto& hit : results)
            if (hit["kind"] == "caption") excerpts.push_back(hit["excerpt"]);
        return std::make_pair(excerpts, results);
    };
    // Live lines are searchable at once; a Traditional query finds Simplified words.
    auto [found, results] = search("%E8%88%8A%E5%B0%8F%E5%8D%80%E6%94%B9%E9%80%A0");  // 舊小區改造
    ASSERT_EQ(found, (std::vector<std::string>{"老旧小区改造明年三月开工"}));
    EXPECT_EQ(results[0]["event_id"], event_);
    EXPECT_TRUE(results[0]["url"].get<std::string>().starts_with("/events/" + std::to_string(event_) + "?t="))
        << results[0]["url"];
    // A correction is found by its new words, not its old ones.
    ASSERT_EQ(correct({{"text", "供暖费每平方米二十二元"}}).status, 200);
    EXPECT_TRUE(search("%E4%BA%8C%E5%8D%81%E4%B8%80%E5%85%83").first.empty());  // 二十一元
    EXPECT_EQ(search("%E4%BA%8C%E5%8D%81%E4%BA%8C%E5%85%83").first.size(), 1u);  // 二十二元
    // An import replaces what is found.
    set_status("ended");
    ASSERT_EQ(captioner_->request("PUT", path("/transcript"), "1\n00:01:05,250 --> 00:01:07,000\n校外培训机构年检\n").status, 200);
    EXPECT_TRUE(search("%E8%80%81%E6%97%A7%E5%B0%8F%E5%8C%BA").first.empty());  // 老旧小区
    auto [imported, hits] = search("%E5%9F%B9%E8%AE%AD%E6%9C%BA%E6%9E%84");  // 培训机构
    ASSERT_EQ(imported.size(), 1u);
    EXPECT_EQ(hits[0]["url"], "/events/" + std::to_string(event_) + "?t=65");
}

TEST_F(CaptionTest, AfterTheMeetingAnEditorCorrectsOrRemovesALineAndReadsItsEarlierTexts) {
    set_status("live");
    const auto first = send({{"text", "供暖费每平方米二十一元"}}).json();
    const auto noise = send({{"text", "嗯嗯嗯"}}).json();
    auto editor = client_as(Role::Editor);
    auto line_path = [&](const json& line, const std::string& rest = "") {
        return path(fmt::format("/transcript/lines/{}{}", line["id"].get<int>(), rest));
    };
    auto edit = [&](HttpClient& client, const json& line, const json& body) {
        return client.request("PUT", line_path(line), body.dump());
    };
    EXPECT_EQ(edit(*editor, first, {{"text", "改"}, {"revision", 1}}).error_code(), "illegal_transition");
    set_status("ended");

    // Who may: editors, captioners, admins; a moderator may not, a visitor must sign in.
    EXPECT_EQ(edit(*client_as(Role::Moderator), first, {{"text", "改"}, {"revision", 1}}).status, 403);
    EXPECT_EQ(edit(*public_, first, {{"text", "改"}, {"revision", 1}}).status, 401);
    // Every refusal says why and changes nothing.
    EXPECT_EQ(edit(*editor, first, {{"text", "改"}}).error_code(), "invalid_input");              // no revision
    EXPECT_EQ(edit(*editor, first, {{"text", "改"}, {"revision", "1"}}).error_code(), "invalid_input");
    EXPECT_EQ(edit(*editor, first, {{"text", ""}, {"revision", 1}}).error_code(), "invalid_input");
    EXPECT_EQ(edit(*editor, first, {{"text", "改"}, {"revision", 1}, {"at", 3}}).error_code(), "invalid_input");
    EXPECT_EQ(editor->request("PUT", line_path(first), "{oops").error_code(), "invalid_json");
    EXPECT_EQ(editor->request("PUT", path("/transcript/lines/99999"), json{{"text", "改"}, {"revision", 1}}.dump()).status, 404);
    EXPECT_EQ(editor->request("PUT", path("/transcript/lines/abc"), json{{"text", "改"}, {"revision", 1}}.dump()).status, 404);
    EXPECT_EQ(editor->request("PUT", "/api/v1/events/99999/transcript/lines/1", json{{"text", "改"}, {"revision", 1}}.dump()).status, 404);
    EXPECT_EQ(editor->request("PUT", path("/transcript/lines/abc"), "{oops").status, 404) << "the path is read before the body";
    EXPECT_EQ(edit(*editor, first, {{"text", "改"}, {"revision", 4294967297LL}}).error_code(), "invalid_input")
        << "a revision beyond int is not taken for 1";
    EXPECT_EQ(edit(*editor, first, {{"text", "改"}, {"revision", 0}}).error_code(), "invalid_input");
    // Another ended event's URL does not reach this event's line.
    const int other = scheduler_->post("/api/v1/events", event_body("另一场发布会", "press_conference")).json()["id"].get<int>();
    for (const auto* status : {"scheduled", "live", "ended"})
        ASSERT_EQ(scheduler_->post(fmt::format("/api/v1/events/{}/status", other), {{"status", status}}).status, 200);
    const auto through_other = fmt::format("/api/v1/events/{}/transcript/lines/{}", other, first["id"].get<int>());
    EXPECT_EQ(editor->request("PUT", through_other, json{{"text", "改"}, {"revision", 1}}.dump()).status, 404);
    EXPECT_EQ(editor->request("DELETE", through_other + "?revision=1").status, 404);
    EXPECT_EQ(editor->get(through_other + "/revisions").status, 404);
    EXPECT_EQ(public_->get(path("/transcript")).json()["lines"][0]["text"], "供暖费每平方米二十一元");

    auto edited = edit(*editor, first, {{"text", "供暖费每平方米二十二元"}, {"revision", 1}});
    ASSERT_EQ(edited.status, 200) << edited.body;
    EXPECT_EQ(edited.json()["revision"], 2);
    EXPECT_EQ(edited.json()["revised_by"], "editor");
    EXPECT_EQ(edited.json()["author"], "captioner");
    auto stale = edit(*client_as(Role::Captioner), first, {{"text", "供暖费每平方米二十三元"}, {"revision", 1}});
    EXPECT_EQ(stale.status, 409);
    EXPECT_EQ(stale.error_code(), "conflict");

    // The public reads the corrected text without names; staff see who corrected it; search follows.
    const auto lines = public_->get(path("/transcript")).json()["lines"];
    EXPECT_EQ(lines[0]["text"], "供暖费每平方米二十二元");
    EXPECT_FALSE(lines[0].contains("revised_by"));
    EXPECT_EQ(editor->get(path("/transcript")).json()["lines"][0]["revised_by"], "editor");
    EXPECT_NE(public_->get(path("/transcript.srt")).body.find("供暖费每平方米二十二元"), std::string::npos);
    const auto hits = public_->get("/api/v1/search?q=%E4%BA%8C%E5%8D%81%E4%BA%8C%E5%85%83").json()["results"];  // 二十二元
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0]["kind"], "caption");

    auto history = editor->get(line_path(first, "/revisions"));
    ASSERT_EQ(history.status, 200) << history.body;
    EXPECT_EQ(history.json()["line"]["revision"], 2);
    ASSERT_EQ(history.json()["revisions"].size(), 1u);
    EXPECT_EQ(history.json()["revisions"][0]["text"], "供暖费每平方米二十一元");
    EXPECT_EQ(history.json()["revisions"][0]["written_by"], "captioner");
    EXPECT_TRUE(history.json()["revisions"][0]["written_at"].get<std::string>().starts_with("20"));
    EXPECT_EQ(public_->get(line_path(first, "/revisions")).status, 401);
    EXPECT_EQ(client_as(Role::Moderator)->get(line_path(first, "/revisions")).status, 403);

    // Removing needs the revision seen, as ?revision=N.
    EXPECT_EQ(editor->request("DELETE", line_path(noise)).error_code(), "invalid_input");
    EXPECT_EQ(editor->request("DELETE", line_path(noise, "?revision=x")).error_code(), "invalid_input");
    EXPECT_EQ(editor->request("DELETE", line_path(noise, "?revision=2")).status, 409);
    EXPECT_EQ(public_->request("DELETE", line_path(noise, "?revision=1")).status, 401);
    EXPECT_EQ(editor->request("DELETE", line_path(noise, "?revision=1")).status, 204);
    EXPECT_EQ(editor->request("DELETE", line_path(noise, "?revision=1")).status, 404);
    EXPECT_EQ(public_->get(path("/transcript")).json()["lines"].size(), 1u);

    set_status("archived");
    EXPECT_EQ(edit(*editor, first, {{"text", "改"}, {"revision", 2}}).error_code(), "event_locked");
}

TEST_F(CaptionTest, AnInterpretationsLinkedMomentShowsTheWordsSaidThere) {
    set_status("live");
    set_status("ended");
    auto editor = client_as(Role::Editor);
    const std::string srt = "1\n00:01:30,000 --> 00:01:34,000\n关于停车难\n\n"
                            "2\n00:01:35,000 --> 00:01:39,000\n年底前新增两千个车位\n\n"
                            "3\n00:05:00,000 --> 00:05:03,000\n下面请提问\n";
    ASSERT_EQ(editor->request("PUT", path("/transcript"), srt).status, 200);
    auto created = editor->post("/api/v1/interpretations",
                                {{"event_id", event_},
                                 {"title", "关于城区停车难的解读"},
                                 {"body_md", "年底前新增停车位。"},
                                 {"moments", json::array({{{"offset_s", 95.5}, {"label", "局长答复"}}, {{"offset_s", 200}, {"label", "无声"}}})}});
    ASSERT_EQ(created.status, 201) << created.body;
    auto seen = editor->get(fmt::format("/api/v1/interpretations/{}", created.json()["id"].get<int>()));
    ASSERT_EQ(seen.status, 200) << seen.body;
    const auto moments = seen.json()["moments"];
    EXPECT_EQ(moments[0]["said"], json::parse(R"([{"start_s":95.0,"text":"年底前新增两千个车位"}])")) << moments;
    EXPECT_EQ(moments[1]["said"], json::array()) << "nothing was said from 200 s to 230 s";
}
