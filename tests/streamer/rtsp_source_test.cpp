// RTSP pull from a local camera stand-in: passthrough, the slate while the camera is gone, reconnection after.
#include <gtest/gtest.h>

#include "support/rtsp_camera.hpp"
#include "support/staff_server.hpp"
#include "support/subprocess.hpp"

using namespace openhall::testing;
using namespace std::chrono_literals;
using openhall::core::Role;

namespace {

int count_lines(const std::string& text, const std::string& prefix) {
    int n = 0;
    for (std::size_t at = text.find(prefix); at != std::string::npos; at = text.find(prefix, at + 1)) ++n;
    return n;
}

}  // namespace

TEST_F(StaffServerTest, RtspCameraIsPulledCoveredBySlateWhenLostAndReconnected) {
    auto camera = std::make_unique<RtspCamera>();
    auto staff = client_as(Role::Scheduler);
    const int id = staff->post("/api/v1/events", event_body("开放日现场", "open_day")).json()["id"].get<int>();
    const auto base = "/api/v1/events/" + std::to_string(id);
    ASSERT_EQ(staff->request("PUT", base + "/stream", nlohmann::json{{"source", "rtsp"}, {"url", camera->url()}}.dump()).status, 200);
    staff->post(base + "/status", {{"status", "scheduled"}});
    staff->post(base + "/status", {{"status", "live"}});
    auto playlist = [&] { return public_client()->get("/media/" + std::to_string(id) + "/index.m3u8").body; };

    ASSERT_TRUE(wait_until(20s, [&] { return count_lines(playlist(), "#EXTINF") >= 3; })) << server_->log();
    const auto folder = data_.path() / "media" / std::to_string(id);
    auto codecs = run_command({"ffprobe", "-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0",
                               (folder / "seg00001.ts").string()});
    EXPECT_NE(codecs.out.find("h264"), std::string::npos);
    EXPECT_NE(codecs.out.find("aac"), std::string::npos);

    const int port = camera->port();
    camera.reset();  // the camera goes off
    ASSERT_TRUE(wait_until(10s, [&] { return count_lines(playlist(), "#EXT-X-DISCONTINUITY") >= 1; })) << playlist();
    const int at_loss = count_lines(playlist(), "#EXTINF");
    // The slate keeps the timeline going while the input is retried with back-off.
    ASSERT_TRUE(wait_until(10s, [&] { return count_lines(playlist(), "#EXTINF") >= at_loss + 3; })) << playlist();
    EXPECT_NE(public_client()->get("/metrics").body.find("openhall_stream_state{event=\"" + std::to_string(id) +
                                                        "\",state=\"slate\"} 1"),
              std::string::npos);

    camera = std::make_unique<RtspCamera>(port);  // and comes back at the same address
    ASSERT_TRUE(wait_until(30s, [&] { return count_lines(playlist(), "#EXT-X-DISCONTINUITY") >= 2; }))
        << playlist() << server_->log();
    const int at_return = count_lines(playlist(), "#EXTINF");
    ASSERT_TRUE(wait_until(10s, [&] { return count_lines(playlist(), "#EXTINF") >= at_return + 3; }))
        << "the recording stalled after the camera came back\n" << playlist();
}
