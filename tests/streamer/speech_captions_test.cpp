// Captions from speech with a real engine (issue 17): Debian's pocketsphinx with its en-us model hears an English
// sentence spoken by flite (a Debian text-to-speech voice) in a media file played as a live source; the line it
// makes is placed where the words were said, and its key words are found by search.
#include <iostream>

#include <gtest/gtest.h>

#include "openhall/streamer/speech_captioner.hpp"
#include "support/stream_server.hpp"
#include "support/spoken_clip.hpp"
#include "support/subprocess.hpp"
#include "support/temp_dir.hpp"
#include "support/ws_client.hpp"

using namespace openhall::testing;
using namespace std::chrono_literals;

namespace {

class SpeechCaptionsTest : public StreamServerTest {
protected:
    std::vector<std::string> server_args() const override {
        auto args = StreamServerTest::server_args();
        args.insert(args.end(), {"--speech-engine", "pocketsphinx", "--captions-language", "en"});
        return args;
    }
};

}  // namespace

TEST(SpeechEngine, SaysPlainlyWhyItCannotRun) {
    using openhall::streamer::speech_engine_problem;
    gst_init(nullptr, nullptr);
    EXPECT_EQ(speech_engine_problem({"pocketsphinx", {}}), "");
    EXPECT_EQ(speech_engine_problem({"", {}}), "no speech engine is configured");
    EXPECT_EQ(speech_engine_problem({"vosk", {}}), "unknown speech engine \"vosk\" (known: pocketsphinx)");
    TempDir empty;
    EXPECT_EQ(speech_engine_problem({"pocketsphinx", empty.path()}),
              "the model folder " + empty.path().string() +
                  " needs an acoustic model folder (with mdef), a language model (*.lm.bin or *.lm) and a dictionary (*.dict)");
}

TEST_F(SpeechCaptionsTest, AnEnglishSentenceBecomesATimedLineFoundBySearch) {
    const auto clip = make_spoken_clip(data_.path());
    id_ = staff_->post("/api/v1/events", event_body("Press conference: water supply", "press_conference")).json()["id"].get<int>();
    ASSERT_EQ(staff_->request("PUT", path("/stream"), nlohmann::json{{"source", "file"}, {"url", clip.string()}}.dump()).status,
              200);
    staff_->post(path("/status"), {{"status", "scheduled"}});
    WsClient viewer(server_->ws_port(), "/events/" + std::to_string(id_));
    staff_->post(path("/status"), {{"status", "live"}});

    // A viewer sees the words as they are heard (partial results, not stored), then the sentence's line.
    std::vector<nlohmann::json> partials;
    nlohmann::json final_line;
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    while (final_line.is_null() && std::chrono::steady_clock::now() < deadline) {
        auto m = viewer.receive(1s);
        if (!m) continue;
        if ((*m)["type"] == "caption_partial") partials.push_back(*m);
        if ((*m)["type"] == "caption" && (*m)["line"]["text"].get<std::string>().find("county") != std::string::npos)
            final_line = (*m)["line"];
    }
    ASSERT_FALSE(final_line.is_null()) << server_->log();
    ASSERT_FALSE(partials.empty()) << "no partial result before the line";
    for (const auto& p : partials) std::cout << "partial result: " << p["line"]["text"].get<std::string>() << "\n";
    for (const auto& p : partials) {
        EXPECT_FALSE(p.contains("seq")) << p;
        EXPECT_EQ(p["line"]["source"], "engine") << p;
        EXPECT_FALSE(p["line"]["text"].get<std::string>().empty()) << p;
    }
    // The partials of the sentence start where its line starts.
    EXPECT_EQ(partials.back()["line"]["start_s"], final_line["start_s"]) << partials.back() << final_line;

    // The recognizer may also make something of the noise around the voice: the line that matters is the sentence's.
    nlohmann::json line, lines;
    ASSERT_TRUE(wait_until(30s, [&] {
        lines = public_client()->get(path("/transcript")).json()["lines"];
        for (const auto& l : lines)
            if (l["text"].get<std::string>().find("county") != std::string::npos) line = l;
        return !line.is_null();
    })) << lines << server_->log();
    EXPECT_EQ(line["source"], "engine") << line;
    const std::string text = line["text"];
    for (const char* word : {"morning", "march"}) EXPECT_NE(text.find(word), std::string::npos) << text;
    // Placed where it was said: the sentence lasts about four seconds from the start of the recording.
    EXPECT_LT(line["start_s"].get<double>(), 2.0) << line;
    EXPECT_GT(line["end_s"].get<double>(), line["start_s"].get<double>() + 2.0) << line;

    const auto found = public_client()->get("/api/v1/search?q=county").json()["results"];
    ASSERT_FALSE(found.empty());
    EXPECT_EQ(found[0]["kind"], "caption");
    EXPECT_EQ(found[0]["event_id"], id_);
    EXPECT_EQ(found[0]["url"], "/events/" + std::to_string(id_) + "?t=" + std::to_string(static_cast<int>(line["start_s"].get<double>())));
    // An English event's rendition says so to players.
    const auto master = public_client()->get("/media/" + std::to_string(id_) + "/master.m3u8").body;
    EXPECT_NE(master.find("NAME=\"English\",LANGUAGE=\"en\""), std::string::npos) << master;
    ASSERT_EQ(staff_->post(path("/status"), {{"status", "ended"}}).status, 200);
}
