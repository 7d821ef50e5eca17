// Real pipelines: ffmpeg publishes over SRT to the server's ingest URL; the live playlist, the slate on signal
// loss, the replay, the MP4 and the poster are checked as a viewer and ffprobe see them.
#include <cmath>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

#include "support/hls_checks.hpp"
#include "support/publisher.hpp"
#include "support/stream_server.hpp"
#include "support/subprocess.hpp"

using namespace openhall::testing;
using namespace std::chrono_literals;
using openhall::core::Role;

namespace {

// An H.264/AAC stream like OBS or a hardware encoder sends (one keyframe a second, stereo), which is passed through.
const Args kObsVideo{"-c:v", "libx264", "-g", "25", "-preset", "ultrafast", "-tune", "zerolatency"};
const Args kStereoAac{"-ac", "2", "-c:a", "aac"};

class LiveStreamTest : public StreamServerTest {
protected:
    // Creates an event with an SRT source, takes it live, and returns the ingest URL.
    std::string live_srt_event() {
        id_ = staff_->post("/api/v1/events", event_body("新闻发布会直播", "press_conference")).json()["id"].get<int>();
        auto stream = staff_->request("PUT", path("/stream"), R"({"source":"srt"})");
        EXPECT_EQ(stream.status, 200) << stream.body;
        EXPECT_EQ(staff_->post(path("/status"), {{"status", "scheduled"}}).status, 200);
        EXPECT_EQ(staff_->post(path("/status"), {{"status", "live"}}).status, 200);
        return stream.json()["ingest_url"].get<std::string>();
    }

    HlsPlaylist playlist() {
        auto r = public_client()->get("/media/" + std::to_string(id_) + "/index.m3u8");
        return r.status == 200 ? parse_hls_playlist(r.body) : HlsPlaylist{};
    }

};

}  // namespace

TEST_F(LiveStreamTest, SrtSourceGetsAListenerPortAndAPassphrase) {
    auto url = live_srt_event();
    const std::string prefix = "srt://127.0.0.1:" + std::to_string(srt_port_) + "?passphrase=";
    ASSERT_EQ(url.rfind(prefix, 0), 0u) << url;
    ASSERT_TRUE(url.ends_with("&pbkeylen=16")) << url;
    const auto passphrase = url.substr(prefix.size(), url.size() - prefix.size() - std::string("&pbkeylen=16").size());
    EXPECT_EQ(passphrase.size(), 16u);
    EXPECT_EQ(passphrase.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
              std::string::npos);
    // The passphrase is for staff: the public event shows no ingest details.
    EXPECT_EQ(public_client()->get(path()).body.find(passphrase), std::string::npos);
}

TEST_F(LiveStreamTest, PassthroughLiveSlateOnSignalLossReplayAndMp4) {
    const auto url = live_srt_event();
    const auto started = std::chrono::steady_clock::now();
    {
        Subprocess encoder(publisher(url, 8, kObsVideo, kStereoAac));
        ASSERT_TRUE(wait_until(15s, [&] { return playlist().segments.size() >= 3; })) << server_->log();
        auto live = playlist();
        EXPECT_NE(live.text.find("#EXT-X-PLAYLIST-TYPE:EVENT"), std::string::npos);
        EXPECT_TRUE(std::all_of(live.segments.begin(), live.segments.end(), [](const auto& s) { return s.program_date_time.has_value(); }));
        EXPECT_FALSE(live.ended);
        EXPECT_EQ(live.discontinuities(), 0);

        auto event = public_client()->get(path()).json();
        EXPECT_EQ(event["stream"]["hls_url"], "/media/" + std::to_string(id_) + "/index.m3u8");
        auto segment = public_client()->get("/media/" + std::to_string(id_) + "/" + live.segments[0].uri);
        EXPECT_EQ(segment.status, 200);
        EXPECT_EQ(segment.header("content-type"), "video/mp2t");
        EXPECT_NE(segment.header("cache-control").find("immutable"), std::string::npos);
        auto part = public_client()->request("GET", "/media/" + std::to_string(id_) + "/" + live.segments[0].uri, "",
                                             {"Range: bytes=0-187"});
        EXPECT_EQ(part.status, 206);
        EXPECT_EQ(part.body.size(), 188u);
        // Passthrough: the segments carry the publisher's codecs, and nothing was transcoded.
        EXPECT_EQ(probe_codecs(data_.path() / "media" / std::to_string(id_) / live.segments[0].uri), "h264 aac");
        EXPECT_NE(public_client()->get("/metrics").body.find("openhall_stream_state{event=\"" + std::to_string(id_) +
                                                            "\",state=\"input\"} 1"),
                  std::string::npos);
        // The staff page's view of the pipeline: receiving, counting frames, a bitrate near what is sent.
        ASSERT_TRUE(wait_until(5s, [&] { return staff_->get(path("/stream")).json()["health"]["input_bitrate"] > 0; }));
        auto health = staff_->get(path("/stream")).json()["health"];
        EXPECT_EQ(health["state"], "input");
        EXPECT_EQ(health["transcoding"], false);
        EXPECT_EQ(health["video"], "passthrough");
        EXPECT_EQ(health["audio"], "passthrough");
        EXPECT_GT(health["video_frames"].get<int>(), 25);
        EXPECT_GT(health["input_bytes"].get<int>(), 10000);
        EXPECT_TRUE(health["last_error"].is_null());
        ASSERT_TRUE(encoder.wait_for(20s).has_value());
    }
    // The source is gone: within two seconds the slate carries on, marked as a discontinuity.
    ASSERT_TRUE(wait_until(6s, [&] { return playlist().discontinuities() >= 1; })) << playlist().text;
    std::this_thread::sleep_for(2s);
    {
        Subprocess encoder(publisher(url, 5, kObsVideo, kStereoAac));
        ASSERT_TRUE(wait_until(15s, [&] { return playlist().discontinuities() >= 2; })) << playlist().text;
        ASSERT_TRUE(encoder.wait_for(20s).has_value());
    }
    const auto recorded_for = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    ASSERT_EQ(staff_->post(path("/status"), {{"status", "ended"}}).status, 200);

    ASSERT_TRUE(wait_until(15s, [&] { return playlist().ended; })) << playlist().text;
    auto replay = playlist();
    // The timeline has no hole: from the first picture to the end, live and slate together.
    EXPECT_NEAR(replay.total_seconds(), recorded_for, recorded_for * 0.10) << replay.text;
    EXPECT_GE(replay.discontinuities(), 2);
    const auto playlist_url = server_->base_url() + "/media/" + std::to_string(id_) + "/index.m3u8";
    EXPECT_NEAR(probe_duration(playlist_url), replay.total_seconds(), replay.total_seconds() * 0.10);

    ASSERT_TRUE(wait_until(30s, [&] {
        auto stream = public_client()->get(path()).json()["stream"];
        return !stream["mp4_url"].is_null() && !stream["poster_url"].is_null();
    })) << server_->log();
    auto stream = public_client()->get(path()).json()["stream"];
    const auto folder = data_.path() / "media" / std::to_string(id_);
    EXPECT_NEAR(probe_duration((folder / (std::to_string(id_) + ".mp4")).string()), replay.total_seconds(),
                replay.total_seconds() * 0.10);
    EXPECT_EQ(probe_codecs((folder / (std::to_string(id_) + ".mp4")).string()), "h264 aac");
    auto poster = public_client()->get(stream["poster_url"].get<std::string>());
    EXPECT_EQ(poster.status, 200);
    EXPECT_EQ(poster.header("content-type"), "image/jpeg");
    auto mp4_part = public_client()->request("GET", stream["mp4_url"].get<std::string>(), "", {"Range: bytes=0-99"});
    EXPECT_EQ(mp4_part.status, 206);
    EXPECT_NE(mp4_part.header("content-range").find("bytes 0-99/"), std::string::npos);
}

TEST_F(LiveStreamTest, Mpeg2InputIsTranscodedToH264AndAac) {
    auto url = live_srt_event();
    Subprocess encoder(publisher(url, 6, {"-c:v", "mpeg2video", "-g", "25"}, {"-ac", "2", "-c:a", "mp2"}));
    ASSERT_TRUE(wait_until(20s, [&] { return playlist().segments.size() >= 2; })) << server_->log();
    auto live = playlist();
    const auto folder = data_.path() / "media" / std::to_string(id_);
    EXPECT_EQ(probe_codecs(folder / live.segments.back().uri), "h264 aac");
    EXPECT_EQ(staff_->get(path("/stream")).json()["health"]["transcoding"], true);
}

TEST_F(LiveStreamTest, MediaFileSourcePlaysInRealTimeThenTheSlate) {
    // A recorded clip (H.264/AAC in MP4) stands in for a camera: played in real time, passed through.
    const auto clip = data_.path() / "clip.mp4";
    auto made = run_command({"ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i",
                             "testsrc2=size=640x360:rate=25", "-f", "lavfi", "-i", "sine=sample_rate=48000", "-t", "4",
                             "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-c:a", "aac", clip.string()});
    ASSERT_EQ(made.exit_code, 0) << made.err;
    id_ = staff_->post("/api/v1/events", event_body("政府开放日录播", "open_day")).json()["id"].get<int>();
    ASSERT_EQ(staff_->request("PUT", path("/stream"), nlohmann::json{{"source", "file"}, {"url", clip.string()}}.dump()).status,
              200);
    EXPECT_TRUE(staff_->get(path("/stream")).json()["health"].is_null()) << "no pipeline before the event is live";
    const auto started = std::chrono::steady_clock::now();
    staff_->post(path("/status"), {{"status", "scheduled"}});
    staff_->post(path("/status"), {{"status", "live"}});
    ASSERT_TRUE(wait_until(15s, [&] { return playlist().segments.size() >= 2; })) << server_->log();
    const auto folder = data_.path() / "media" / std::to_string(id_);
    EXPECT_EQ(probe_codecs(folder / playlist().segments.front().uri), "h264 aac");
    // Real time, not as fast as the disk reads: after a second or two, not all four seconds are there.
    const auto elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    EXPECT_LE(playlist().total_seconds(), elapsed + 1.0) << playlist().text;
    // When the clip ends the slate continues the timeline until staff end the event.
    ASSERT_TRUE(wait_until(12s, [&] { return playlist().discontinuities() >= 1; })) << playlist().text;
    ASSERT_EQ(staff_->post(path("/status"), {{"status", "ended"}}).status, 200);
    ASSERT_TRUE(wait_until(15s, [&] { return playlist().ended; })) << playlist().text;
    EXPECT_GE(playlist().total_seconds(), 4.0);
}

TEST_F(LiveStreamTest, StreamSourcesAreValidated) {
    id_ = staff_->post("/api/v1/events", event_body()).json()["id"].get<int>();
    auto unset = staff_->get(path("/stream"));
    EXPECT_EQ(unset.status, 200);
    EXPECT_TRUE(unset.json()["source"].is_null() && unset.json()["health"].is_null()) << unset.body;
    EXPECT_EQ(staff_->get("/api/v1/events/999/stream").status, 404);
    EXPECT_EQ(staff_->request("PUT", path("/stream"), R"({"source":"webcam"})").status, 400);
    EXPECT_EQ(staff_->request("PUT", path("/stream"), R"({"source":"rtsp","url":"http://camera/"})").status, 400);
    EXPECT_EQ(staff_->request("PUT", path("/stream"), R"({"source":"file","url":"/no/such/file.mp4"})").status, 400);
    EXPECT_EQ(staff_->request("PUT", path("/stream"), R"({"source":"rtsp","url":"rtsp://127.0.0.1:1/stream1"})").status, 200);
    EXPECT_EQ(staff_->get(path("/stream")).json()["source"], "rtsp");
    staff_->post(path("/status"), {{"status", "scheduled"}});
    staff_->post(path("/status"), {{"status", "live"}});
    auto locked = staff_->request("PUT", path("/stream"), R"({"source":"test"})");
    EXPECT_EQ(locked.status, 409);
    EXPECT_EQ(locked.error_code(), "event_locked");
}

TEST_F(LiveStreamTest, AgendaMarksBecomeChaptersOfTheRecording) {
    id_ = staff_->post("/api/v1/events", event_body("县人民政府常务会议", "standing_meeting")).json()["id"].get<int>();
    const auto first = staff_->post(path("/agenda"), {{"title", "老旧小区改造"}}).json()["id"].get<int>();
    const auto second = staff_->post(path("/agenda"), {{"title", "校外培训管理"}}).json()["id"].get<int>();
    const auto mark = [&](int item) { return staff_->post(path("/agenda/" + std::to_string(item) + "/mark"), nlohmann::json::object()); };
    auto too_early = mark(first);
    EXPECT_EQ(too_early.status, 409);
    EXPECT_EQ(too_early.error_code(), "event_locked");

    ASSERT_EQ(staff_->request("PUT", path("/stream"), R"({"source":"test"})").status, 200);
    staff_->post(path("/status"), {{"status", "scheduled"}});
    staff_->post(path("/status"), {{"status", "live"}});
    ASSERT_TRUE(wait_until(15s, [&] { return playlist().segments.size() >= 2; })) << server_->log();
    ASSERT_EQ(mark(first).status, 201);
    std::this_thread::sleep_for(3s);
    auto marked = mark(second);
    ASSERT_EQ(marked.status, 201) << marked.body;
    EXPECT_EQ(mark(999).status, 404);
    auto chapters = marked.json()["chapters"];
    ASSERT_EQ(chapters.size(), 2u);
    EXPECT_EQ(chapters[0]["title"], "老旧小区改造");
    EXPECT_NEAR(chapters[1]["offset_s"].get<double>() - chapters[0]["offset_s"].get<double>(), 3.0, 1.0);
    std::this_thread::sleep_for(2s);
    ASSERT_EQ(staff_->post(path("/status"), {{"status", "ended"}}).status, 200);

    ASSERT_TRUE(wait_until(15s, [&] { return !public_client()->get(path()).json()["stream"]["chapters_url"].is_null(); }));
    auto vtt = public_client()->get("/media/" + std::to_string(id_) + "/chapters.vtt");
    EXPECT_EQ(vtt.status, 200);
    EXPECT_NE(vtt.header("content-type").find("text/vtt"), std::string::npos);
    EXPECT_EQ(vtt.body.rfind("WEBVTT\n", 0), 0u);
    const auto one = vtt.body.find("老旧小区改造"), two = vtt.body.find("校外培训管理");
    EXPECT_TRUE(one != std::string::npos && two != std::string::npos && one < two) << vtt.body;
}

// A step after the end that fails is reported with its reason, nothing half-written is announced, and staff can run
// it again once the cause is gone.
TEST_F(LiveStreamTest, RecordingStepThatFailsIsReportedAndCanBeRunAgain) {
    id_ = staff_->post("/api/v1/events", event_body("政务访谈", "interview")).json()["id"].get<int>();
    ASSERT_EQ(staff_->request("PUT", path("/stream"), R"({"source":"test"})").status, 200);
    staff_->post(path("/status"), {{"status", "scheduled"}});
    staff_->post(path("/status"), {{"status", "live"}});
    ASSERT_TRUE(wait_until(15s, [&] { return playlist().segments.size() >= 4; })) << server_->log();
    ASSERT_EQ(staff_->post(path("/status"), {{"status", "ended"}}).status, 200);
    auto recording = [&] { return staff_->get(path("/stream")).json()["recording"]; };
    ASSERT_TRUE(wait_until(30s, [&] { return recording()["state"] == "written"; })) << recording().dump();

    // A segment goes missing (a disk problem), and the download is made again.
    const auto folder = data_.path() / "media" / std::to_string(id_);
    const auto mp4 = folder / (std::to_string(id_) + ".mp4");
    std::filesystem::remove(mp4);
    std::filesystem::rename(folder / "seg00002.ts", folder / "seg00002.ts.aside");
    auto retry = staff_->post(path("/recording"), nlohmann::json::object());
    ASSERT_EQ(retry.status, 202) << retry.body;
    ASSERT_TRUE(wait_until(30s, [&] { return recording()["state"] != "writing"; }));
    EXPECT_EQ(recording()["state"], "failed");
    EXPECT_NE(recording()["error"].get<std::string>().find("MP4"), std::string::npos) << recording().dump();
    EXPECT_FALSE(std::filesystem::exists(mp4));
    EXPECT_FALSE(std::filesystem::exists(folder / (std::to_string(id_) + ".mp4.part")));
    EXPECT_TRUE(public_client()->get(path()).json()["stream"]["mp4_url"].is_null()) << "never announced";
    EXPECT_EQ(client_as(Role::Moderator)->post(path("/recording"), nlohmann::json::object()).status, 403);

    // A restart tries an unwritten recording again by itself, and tells the outcome as truthfully.
    restart_server();
    staff_ = client_as(Role::Scheduler);
    ASSERT_TRUE(wait_until(30s, [&] { return recording()["state"] != "writing"; }));
    EXPECT_EQ(recording()["state"], "failed") << recording().dump();

    std::filesystem::rename(folder / "seg00002.ts.aside", folder / "seg00002.ts");
    ASSERT_EQ(staff_->post(path("/recording"), nlohmann::json::object()).status, 202);
    ASSERT_TRUE(wait_until(30s, [&] { return recording()["state"] != "writing"; }));
    EXPECT_EQ(recording()["state"], "written") << recording().dump();
    EXPECT_EQ(decode_errors(mp4), "");
    EXPECT_FALSE(public_client()->get(path()).json()["stream"]["mp4_url"].is_null());
}
