// The HLS subtitles rendition with a real pipeline (issue 17): a captioner's line, sent while a test source is
// live, is in the WebVTT segment beside the video segment it was said in, tied to that segment's first PTS as
// ffprobe reads it; the subtitles playlist follows the video playlist segment for segment; ffprobe finds the
// rendition in the multivariant playlist of the replay, which carries a correction made after the segment was
// written, and then a transcript imported in its place.
#include <sys/stat.h>

#include <filesystem>
#include <map>
#include <regex>
#include <thread>

#include <gtest/gtest.h>

#include "support/hls_checks.hpp"
#include "support/stream_server.hpp"
#include "support/subprocess.hpp"

using namespace openhall::testing;
using namespace std::chrono_literals;
using openhall::core::Role;

namespace {

class SubtitleRenditionTest : public StreamServerTest {
protected:
    std::string media(const std::string& file) const { return "/media/" + std::to_string(id_) + "/" + file; }
    HlsPlaylist playlist(const std::string& file) {
        auto r = public_client()->get(media(file));
        return r.status == 200 ? parse_hls_playlist(r.body) : HlsPlaylist{};
    }
    // The first video PTS of a segment file (90 kHz), as ffprobe reads it.
    std::string probed_pts(const std::string& segment) {
        auto r = run_command({"ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "packet=pts",
                              "-read_intervals", "%+#1", "-of", "csv=p=0",
                              (data_.path() / "media" / std::to_string(id_) / segment).string()});
        return r.out.substr(0, r.out.find_first_of("\n,"));
    }
};

}  // namespace

TEST_F(SubtitleRenditionTest, ALiveLineIsInTheSegmentItWasSaidInAndTheReplayKeepsItsCorrection) {
    id_ = staff_->post("/api/v1/events", event_body("新闻发布会：冬季供暖", "press_conference")).json()["id"].get<int>();
    ASSERT_EQ(staff_->request("PUT", path("/stream"), R"({"source":"test"})").status, 200);
    staff_->post(path("/status"), {{"status", "scheduled"}});
    staff_->post(path("/status"), {{"status", "live"}});
    ASSERT_TRUE(wait_until(15s, [&] { return playlist("index.m3u8").segments.size() >= 2; })) << server_->log();
    auto captioner = client_as(Role::Captioner);
    auto sent = captioner->post(path("/captions"), {{"text", "会议现在开始"}});
    ASSERT_EQ(sent.status, 201) << sent.body;
    const double said_at = sent.json()["start_s"];
    EXPECT_GT(said_at, 0.5) << "placed on the recording, not at its start";

    // The segment it was said in gets its WebVTT segment when it is listed.
    std::string cue_file, vtt;
    ASSERT_TRUE(wait_until(15s, [&] {
        for (const auto& s : playlist("subtitles.m3u8").segments) {
            auto r = public_client()->get(media(s.uri));
            if (r.status == 200 && r.body.find("会议现在开始") != std::string::npos) {
                cue_file = s.uri;
                vtt = r.body;
                return true;
            }
        }
        return false;
    })) << playlist("subtitles.m3u8").text;
    EXPECT_EQ(public_client()->get(media(cue_file)).header("content-type"), "text/vtt; charset=utf-8");
    std::smatch map;
    ASSERT_TRUE(std::regex_search(vtt, map, std::regex("^WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:(\\d+),LOCAL:(\\d\\d:\\d\\d:\\d\\d\\.\\d{3})\n")))
        << vtt;
    const auto sequence = cue_file.substr(3, 5);
    EXPECT_EQ(map[1].str(), probed_pts("seg" + sequence + ".ts")) << "tied to the video segment's first frame";

    // The subtitles playlist is the video playlist, segment for segment.
    auto video = playlist("index.m3u8");
    auto subtitles = playlist("subtitles.m3u8");
    EXPECT_EQ(subtitles.media_sequence, video.media_sequence);
    EXPECT_EQ(subtitles.target_duration, video.target_duration);
    const auto shared = std::min(video.segments.size(), subtitles.segments.size());
    ASSERT_GE(shared, 3u);
    for (std::size_t i = 0; i < shared; ++i) {
        EXPECT_EQ(subtitles.segments[i].uri, "sub" + video.segments[i].uri.substr(3, 5) + ".vtt");
        EXPECT_EQ(subtitles.segments[i].duration, video.segments[i].duration);
        EXPECT_EQ(subtitles.segments[i].discontinuity, video.segments[i].discontinuity);
    }
    auto master = public_client()->get(media("master.m3u8"));
    ASSERT_EQ(master.status, 200);
    EXPECT_NE(master.body.find("#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"captions\",NAME=\"中文字幕\",LANGUAGE=\"zh\""),
              std::string::npos)
        << master.body;
    EXPECT_NE(master.body.find("SUBTITLES=\"captions\"\nindex.m3u8"), std::string::npos) << master.body;
    EXPECT_EQ(public_client()->get(path()).json()["stream"]["master_url"], media("master.m3u8"));

    // Corrected after its segment was written; the replay's segments carry the correction.
    ASSERT_EQ(captioner->request("PUT", path("/captions/newest"), R"({"text":"会议现在开始。"})").status, 200);
    // A recording longer than a cue's reach (below: an edit rewrites only the segments near its line).
    auto recorded_s = [&] {
        double total = 0;
        for (const auto& s : playlist("index.m3u8").segments) total += s.duration;
        return total;
    };
    ASSERT_TRUE(wait_until(30s, [&] { return recorded_s() > 14.0; })) << playlist("index.m3u8").text;
    ASSERT_EQ(staff_->post(path("/status"), {{"status", "ended"}}).status, 200);
    ASSERT_TRUE(wait_until(15s, [&] { return playlist("subtitles.m3u8").ended; })) << server_->log();
    EXPECT_NE(public_client()->get(media(cue_file)).body.find("会议现在开始。"), std::string::npos);
    EXPECT_EQ(playlist("subtitles.m3u8").segments.size(), playlist("index.m3u8").segments.size());

    // ffprobe reads the replay's rendition (it lists subtitle renditions only with -strict experimental).
    auto probe = run_command({"ffprobe", "-v", "error", "-strict", "experimental", "-show_entries",
                              "stream=codec_type,codec_name", "-of", "csv=p=0", server_->base_url() + media("master.m3u8")});
    EXPECT_NE(probe.out.find("webvtt,subtitle"), std::string::npos) << probe.out << probe.err;
    EXPECT_NE(probe.out.find("h264,video"), std::string::npos) << probe.out;

    // A transcript imported afterwards replaces the live lines in the replay's segments.
    auto editor = client_as(Role::Editor);
    ASSERT_EQ(editor->request("PUT", path("/transcript"), "1\r\n00:00:01,000 --> 00:00:02,500\r\n导入的字幕\r\n").status, 200);
    int imported = 0, live_left = 0;
    for (const auto& segment : playlist("subtitles.m3u8").segments) {
        const auto body = public_client()->get(media(segment.uri)).body;
        imported += body.find("导入的字幕") != std::string::npos;
        live_left += body.find("会议现在开始") != std::string::npos;
    }
    EXPECT_GE(imported, 1);
    EXPECT_EQ(live_left, 0);
    EXPECT_NE(playlist("subtitles.m3u8").text.find("#EXT-X-ENDLIST"), std::string::npos);

    // An editor's correction of that line reaches the replay too, and only the segments near it are written again.
    // A file written again is a new file renamed into place (write_file_atomically): a new inode.
    const auto folder = data_.path() / "media" / std::to_string(id_);
    auto inode = [&](const std::string& uri) {
        struct stat st {};
        return ::stat((folder / uri).c_str(), &st) == 0 ? st.st_ino : 0;
    };
    std::map<std::string, ino_t> written;
    for (const auto& segment : playlist("subtitles.m3u8").segments) written[segment.uri] = inode(segment.uri);
    const auto line = public_client()->get(path("/transcript")).json()["lines"][0];
    ASSERT_EQ(editor->request("PUT", path("/transcript/lines/" + std::to_string(line["id"].get<int>())),
                              R"({"text":"校对后的字幕","revision":1})").status, 200);
    int corrected = 0, near_rewritten = 0, near = 0, far_rewritten = 0, far = 0;
    double start = 0;
    for (const auto& segment : playlist("subtitles.m3u8").segments) {
        corrected += public_client()->get(media(segment.uri)).body.find("校对后的字幕") != std::string::npos;
        const bool again = inode(segment.uri) != written[segment.uri];
        // The line is on screen 1–2.5 s: segments starting after 2.5 s + 7 s (a cue's longest) cannot change; those
        // that start by then are written again.
        if (start > 9.5) {
            ++far;
            far_rewritten += again;
        } else {
            ++near;
            near_rewritten += again;
        }
        start += segment.duration;
    }
    EXPECT_GE(corrected, 1);
    EXPECT_EQ(near_rewritten, near);
    EXPECT_GE(far, 1) << "the recording reaches beyond the line's segments";
    EXPECT_EQ(far_rewritten, 0) << "segments far from the line were not written again";
}
