// The sign-language interpreter's picture in a live event (issue 17), with real parts: the server, two ffmpeg
// publishers over SRT (a blue main picture with sound, 29.97 fps with B-frames or 25 fps without; a red 4:3
// interpreter, or a 9:16 HEVC one), the live playlist and its segments
// decoded by ffmpeg. The interpreter's picture appears in the lower right corner while it comes and goes away after;
// each switch is at a keyframe, marked as a discontinuity, and the recording has no hole.
#include <algorithm>
#include <array>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "openhall/streamer/picture_in_picture.hpp"
#include "support/hls_checks.hpp"
#include "support/publisher.hpp"
#include "support/stream_server.hpp"
#include "support/subprocess.hpp"

using namespace openhall::testing;
using namespace std::chrono_literals;

namespace {

const Args kKeyframeASecond{"-c:v", "libx264", "-g", "25", "-preset", "ultrafast", "-tune", "zerolatency"};
const Args kStereoAac{"-ac", "2", "-c:a", "aac"};
const std::string kBlue = "color=c=blue:size=640x360:rate=25";
// A hardware encoder's or OBS's usual main picture: 29.97 fps with B-frames (the decoder then holds frames back).
const Args kBFramesAt2997{"-c:v", "libx264", "-g", "30", "-bf", "2", "-preset", "veryfast"};
const std::string kBlue2997 = "color=c=blue:size=640x360:rate=30000/1001";
const std::string kRed = "color=c=red:size=320x240:rate=25";

class InterpreterPictureTest : public StreamServerTest {
protected:
    // Two consecutive free ports: the event's and its interpreter's.
    void SetUp() override {
        first_port_ = free_udp_port_pair();
        StreamServerTest::SetUp();
    }
    std::vector<std::string> server_args() const override {
        return {"--srt-ports", std::to_string(first_port_) + "-" + std::to_string(first_port_ + 1)};
    }

    HlsPlaylist playlist() {
        auto r = public_client()->get("/media/" + std::to_string(id_) + "/index.m3u8");
        return r.status == 200 ? parse_hls_playlist(r.body) : HlsPlaylist{};
    }
    nlohmann::json interpreter_health() { return staff_->get(path("/stream")).json()["health"]["interpreter"]; }
    std::filesystem::path folder() const { return data_.path() / "media" / std::to_string(id_); }

    // Ends the event and returns its replay, each of whose segments decodes on its own from a keyframe and
    // continues the one before unless marked as a discontinuity.
    HlsPlaylist end_and_replay() {
        EXPECT_EQ(staff_->post(path("/status"), {{"status", "ended"}}).status, 200);
        EXPECT_TRUE(wait_until(15s, [&] { return playlist().ended; })) << playlist().text;
        auto replay = playlist();
        EXPECT_EQ(segment_problems(folder(), replay), std::vector<std::string>{}) << replay.text;
        return replay;
    }

    int first_port_ = 0;
};

enum class Picture { MainOnly, WithInterpreter, Other };

// What the first picture of a segment shows: blue alone, blue with red at the place of an interpreter's picture of
// `width`×`height`, or neither (the slate).
Picture first_picture(const std::filesystem::path& segment, int width = 320, int height = 240) {
    auto frame = run_command({"ffmpeg", "-v", "error", "-i", segment.string(), "-frames:v", "1", "-f", "rawvideo",
                              "-pix_fmt", "rgb24", "-"});
    if (frame.exit_code != 0 || frame.out.size() != 640u * 360u * 3u) return Picture::Other;
    const auto at = [&](int x, int y) {
        const auto* p = reinterpret_cast<const unsigned char*>(&frame.out[(static_cast<std::size_t>(y) * 640 + x) * 3]);
        return std::array<int, 3>{p[0], p[1], p[2]};
    };
    const auto blue = [](std::array<int, 3> c) { return c[2] > 200 && c[0] < 60; };
    const auto red = [](std::array<int, 3> c) { return c[0] > 200 && c[2] < 60; };
    const auto place = openhall::streamer::inset_place(640, 360, width, height);
    if (!blue(at(40, 40)) || !blue(at(place.x - 8, place.y + place.height / 2))) return Picture::Other;
    return red(at(place.x + place.width / 2, place.y + place.height / 2)) ? Picture::WithInterpreter : Picture::MainOnly;
}

}  // namespace

TEST_F(InterpreterPictureTest, AnInterpreterInputIsAskedForWithTheSourceAndShownToStaffOnly) {
    id_ = staff_->post("/api/v1/events", event_body("政策吹风会", "press_conference")).json()["id"].get<int>();
    auto plain = staff_->request("PUT", path("/stream"), R"({"source":"srt"})").json();
    EXPECT_EQ(plain["interpreter"], false);
    EXPECT_TRUE(plain["interpreter_ingest_url"].is_null());
    auto with = staff_->request("PUT", path("/stream"), R"({"source":"srt","interpreter":true})");
    ASSERT_EQ(with.status, 200) << with.body;
    const auto url = with.json()["interpreter_ingest_url"].get<std::string>();
    EXPECT_EQ(url.rfind("srt://127.0.0.1:" + std::to_string(with.json()["interpreter_port"].get<int>()) + "?passphrase=", 0), 0u);
    EXPECT_NE(with.json()["interpreter_port"], with.json()["srt_port"]);
    EXPECT_NE(url, with.json()["ingest_url"].get<std::string>());
    EXPECT_EQ(staff_->get(path("/stream")).json()["interpreter_ingest_url"], url);
    // Set again without saying: kept. A camera source keeps it too.
    EXPECT_EQ(staff_->request("PUT", path("/stream"), R"({"source":"test"})").json()["interpreter_ingest_url"], url);
    // Not a boolean: refused, and nothing changes.
    auto wrong = staff_->request("PUT", path("/stream"), R"({"source":"srt","interpreter":"yes"})");
    EXPECT_EQ(wrong.status, 400);
    EXPECT_EQ(wrong.error_code(), "invalid_input");
    EXPECT_EQ(staff_->get(path("/stream")).json()["source"], "test");
    // The public event shows none of it.
    const auto passphrase = url.substr(url.find("passphrase=") + 11, 16);
    EXPECT_EQ(public_client()->get(path()).body.find(passphrase), std::string::npos);
    EXPECT_TRUE(staff_->request("PUT", path("/stream"), R"({"source":"srt","interpreter":false})")
                    .json()["interpreter_ingest_url"]
                    .is_null());
}

// Another program holding the interpreter's port does not stop the event: its picture goes on, and staff see why
// the interpreter cannot connect.
TEST_F(InterpreterPictureTest, AnInterpretersPortInUseDoesNotStopTheEvent) {
    id_ = staff_->post("/api/v1/events", event_body("新闻发布会", "press_conference")).json()["id"].get<int>();
    auto stream = staff_->request("PUT", path("/stream"), R"({"source":"test","interpreter":true})").json();
    const int port = stream["interpreter_port"].get<int>();
    const int holder = socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    ASSERT_EQ(bind(holder, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    ASSERT_EQ(staff_->post(path("/status"), {{"status", "scheduled"}}).status, 200);
    ASSERT_EQ(staff_->post(path("/status"), {{"status", "live"}}).status, 200);
    ASSERT_TRUE(wait_until(15s, [&] { return playlist().segments.size() >= 2; })) << server_->log();
    const auto health = staff_->get(path("/stream")).json()["health"];
    EXPECT_EQ(health["state"], "input");
    EXPECT_EQ(health["interpreter"]["connected"], false);
    EXPECT_NE(health["interpreter"]["last_error"].get<std::string>().find(std::to_string(port)), std::string::npos)
        << health;
    close(holder);
}

// An interpreter's encoder with a wrong passphrase is refused in the handshake, and staff see why.
TEST_F(InterpreterPictureTest, AWrongInterpreterPassphraseIsRefusedAndSaidSo) {
    id_ = staff_->post("/api/v1/events", event_body("新闻发布会", "press_conference")).json()["id"].get<int>();
    auto stream = staff_->request("PUT", path("/stream"), R"({"source":"test","interpreter":true})").json();
    ASSERT_EQ(staff_->post(path("/status"), {{"status", "scheduled"}}).status, 200);
    ASSERT_EQ(staff_->post(path("/status"), {{"status", "live"}}).status, 200);
    const auto wrong = "srt://127.0.0.1:" + std::to_string(stream["interpreter_port"].get<int>()) +
                       "?passphrase=notthepassphrase&pbkeylen=16";
    Subprocess interpreter(publisher(wrong, 4, kKeyframeASecond, kStereoAac, {}, kRed));
    ASSERT_TRUE(wait_until(10s, [&] {
        const auto h = interpreter_health();
        return h.is_object() && h["last_error"].is_string() &&
               h["last_error"].get<std::string>().find("refused") != std::string::npos;
    })) << server_->log();
    EXPECT_EQ(interpreter_health()["connected"], false);
    EXPECT_EQ(interpreter_health()["shown"], false);
}

TEST_F(InterpreterPictureTest, TheInterpretersPictureIsInTheCornerWhileItComes) {
    id_ = staff_->post("/api/v1/events", event_body("听证会（手语翻译）", "hearing")).json()["id"].get<int>();
    auto stream = staff_->request("PUT", path("/stream"), R"({"source":"srt","interpreter":true})").json();
    ASSERT_EQ(staff_->post(path("/status"), {{"status", "scheduled"}}).status, 200);
    ASSERT_EQ(staff_->post(path("/status"), {{"status", "live"}}).status, 200);
    const auto started = std::chrono::steady_clock::now();
    Subprocess main(publisher(stream["ingest_url"], 16, kBFramesAt2997, kStereoAac, {}, kBlue2997));
    ASSERT_TRUE(wait_until(15s, [&] { return playlist().segments.size() >= 2; })) << server_->log();
    EXPECT_EQ(interpreter_health()["connected"], false);
    EXPECT_EQ(interpreter_health()["shown"], false);
    {
        Subprocess interpreter(publisher(stream["interpreter_ingest_url"], 6, kKeyframeASecond, kStereoAac, {}, kRed));
        ASSERT_TRUE(wait_until(10s, [&] { return interpreter_health()["shown"] == true; })) << server_->log();
        const auto health = interpreter_health();
        EXPECT_EQ(health["connected"], true);
        EXPECT_EQ(health["video_format"].get<std::string>().rfind("H.264 320×240", 0), 0u) << health;
        EXPECT_NE(public_client()->get("/metrics").body.find("openhall_stream_interpreter_shown{event=\"" +
                                                            std::to_string(id_) + "\"} 1"),
                  std::string::npos);
        ASSERT_TRUE(interpreter.wait_for(15s).has_value());
    }
    ASSERT_TRUE(wait_until(5s, [&] { return interpreter_health()["shown"] == false; })) << server_->log();
    ASSERT_TRUE(main.wait_for(25s).has_value());
    const auto recorded_for = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const auto replay = end_and_replay();
    const auto folder = this->folder();
    // The main picture alone, then with the interpreter, then alone again (then the slate after the encoder
    // stopped): each change begins a segment marked as a discontinuity.
    // The picture goes on where it was: the first frame after a switch is where the segment before ended.
    std::vector<Picture> pictures;
    for (std::size_t i = 0; i < replay.segments.size(); ++i) {
        const auto& segment = replay.segments[i];
        const auto picture = first_picture(folder / segment.uri);
        if (picture == Picture::Other) break;  // the slate
        if (!pictures.empty() && pictures.back() != picture) {
            EXPECT_TRUE(segment.discontinuity) << segment.uri;
            const auto before = first_video_frame(folder / replay.segments[i - 1].uri);
            const auto after = first_video_frame(folder / segment.uri);
            ASSERT_TRUE(before && after);
            EXPECT_NEAR(after->first_pts, before->first_pts + replay.segments[i - 1].duration, 0.1) << segment.uri;
        }
        pictures.push_back(picture);
    }
    const auto first_with = std::find(pictures.begin(), pictures.end(), Picture::WithInterpreter);
    ASSERT_NE(first_with, pictures.end()) << replay.text;
    EXPECT_NE(first_with, pictures.begin()) << "the main picture alone before the interpreter came";
    const auto back_alone = std::find(first_with, pictures.end(), Picture::MainOnly);
    ASSERT_NE(back_alone, pictures.end()) << "the main picture alone again after the interpreter left";
    EXPECT_EQ(std::find(back_alone, pictures.end(), Picture::WithInterpreter), pictures.end());
    EXPECT_GE(back_alone - first_with, 2) << "about six seconds with the interpreter";
    // No hole: from the first picture to the end, with both switches and the slate, the timeline keeps time.
    EXPECT_NEAR(replay.total_seconds(), recorded_for, recorded_for * 0.10) << replay.text;
    EXPECT_EQ(probe_codecs(folder / replay.segments.front().uri), "h264 aac");
}

// A phone held upright (9:16, HEVC) connects before the event's encoder; the event's encoder then leaves and comes
// back while the interpreter stays. The interpreter is shown from the main picture's first frames, the slate covers
// the gap (without the interpreter: it is the main picture's corner), and the interpreter is back with the main
// picture.
TEST_F(InterpreterPictureTest, AnInterpreterWhoStaysIsShownAgainWhenTheEncoderComesBack) {
    id_ = staff_->post("/api/v1/events", event_body("政府开放日（手语翻译）", "open_day")).json()["id"].get<int>();
    auto stream = staff_->request("PUT", path("/stream"), R"({"source":"srt","interpreter":true})").json();
    ASSERT_EQ(staff_->post(path("/status"), {{"status", "scheduled"}}).status, 200);
    ASSERT_EQ(staff_->post(path("/status"), {{"status", "live"}}).status, 200);
    const Args hevc{"-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "keyint=25:log-level=error"};
    Subprocess interpreter(publisher(stream["interpreter_ingest_url"], 30, hevc, kStereoAac, {},
                                     "color=c=red:size=360x640:rate=25"));
    ASSERT_TRUE(wait_until(10s, [&] { return interpreter_health()["connected"] == true; })) << server_->log();
    for (int round = 0; round < 2; ++round) {
        Subprocess main(publisher(stream["ingest_url"], 6, kKeyframeASecond, kStereoAac, {}, kBlue));
        ASSERT_TRUE(wait_until(15s, [&] { return interpreter_health()["shown"] == true; })) << server_->log();
        ASSERT_TRUE(main.wait_for(20s).has_value());
        ASSERT_TRUE(wait_until(5s, [&] {
            return staff_->get(path("/stream")).json()["health"]["state"] == "slate" &&
                   interpreter_health()["shown"] == false;
        })) << server_->log();
    }
    EXPECT_EQ(interpreter_health()["video_format"].get<std::string>().rfind("HEVC 360×640", 0), 0u);
    const auto replay = end_and_replay();
    std::vector<Picture> pictures;
    for (const auto& segment : replay.segments) pictures.push_back(first_picture(folder() / segment.uri, 360, 640));
    // With the interpreter, the slate, with the interpreter again (a segment or two of the main picture alone may
    // come first each time, while the compositor starts).
    const auto with = Picture::WithInterpreter;
    const auto first = std::find(pictures.begin(), pictures.end(), with);
    ASSERT_NE(first, pictures.end()) << replay.text;
    const auto slate = std::find(first, pictures.end(), Picture::Other);
    ASSERT_NE(slate, pictures.end());
    EXPECT_NE(std::find(slate, pictures.end(), with), pictures.end()) << "the interpreter is back with the main picture";
    EXPECT_LE(first - pictures.begin(), 2) << "an interpreter already there is shown from the start";
    interpreter.terminate();
}
