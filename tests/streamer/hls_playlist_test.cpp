#include <gtest/gtest.h>

#include "openhall/core/base/time.hpp"
#include "openhall/streamer/hls_playlist.hpp"

using namespace openhall;
using namespace std::chrono;

namespace {

core::WallMillis at(const char* rfc3339, int millis = 0) {
    return time_point_cast<milliseconds>(*core::parse_rfc3339(rfc3339)) + milliseconds{millis};
}

}  // namespace

TEST(HlsPlaylist, LivePlaylistIsAnEventPlaylistWithProgramDatesAndNoEndTag) {
    std::vector<core::MediaSegment> segments{
        {0, "seg00000.ts", 0ms, 1000ms, at("2026-12-07T01:00:00Z"), false},
        {1, "seg00001.ts", 1000ms, 1040ms, at("2026-12-07T01:00:01Z"), false},
    };
    EXPECT_EQ(streamer::render_hls_playlist(segments, false),
              "#EXTM3U\n"
              "#EXT-X-VERSION:3\n"
              "#EXT-X-TARGETDURATION:2\n"
              "#EXT-X-MEDIA-SEQUENCE:0\n"
              "#EXT-X-PLAYLIST-TYPE:EVENT\n"
              "#EXT-X-INDEPENDENT-SEGMENTS\n"
              "#EXT-X-PROGRAM-DATE-TIME:2026-12-07T01:00:00.000Z\n"
              "#EXTINF:1.000,\nseg00000.ts\n"
              "#EXT-X-PROGRAM-DATE-TIME:2026-12-07T01:00:01.000Z\n"
              "#EXTINF:1.040,\nseg00001.ts\n");
}

TEST(HlsPlaylist, DiscontinuityIsMarkedBeforeTheSegmentAndEndTagMakesTheReplay) {
    std::vector<core::MediaSegment> segments{
        {0, "seg00000.ts", 0ms, 1000ms, at("2026-12-07T01:00:00Z"), false},
        {1, "seg00001.ts", 1000ms, 1000ms, at("2026-12-07T01:00:01Z", 250), true},
    };
    auto text = streamer::render_hls_playlist(segments, true);
    EXPECT_NE(text.find("#EXT-X-DISCONTINUITY\n#EXT-X-PROGRAM-DATE-TIME:2026-12-07T01:00:01.250Z\n#EXTINF:1.000,\nseg00001.ts\n"),
              std::string::npos)
        << text;
    EXPECT_TRUE(text.ends_with("#EXT-X-ENDLIST\n"));
}

// RFC 8216 §4.3.3.1: the target duration never changes while the playlist grows, and bounds every EXTINF.
TEST(HlsPlaylist, TargetDurationIsTheSameWhateverTheSegmentsAre) {
    std::vector<core::MediaSegment> segments{{0, "seg00000.ts", 0ms, 1000ms, at("2026-12-07T01:00:00Z"), false}};
    const auto first = streamer::render_hls_playlist(segments, false);
    segments.push_back({1, "seg00001.ts", 1000ms, 2001ms, at("2026-12-07T01:00:01Z"), true});
    segments.push_back({2, "seg00002.ts", 3001ms, 40ms, at("2026-12-07T01:00:03Z"), false});
    const auto later = streamer::render_hls_playlist(segments, false);
    for (const auto* text : {&first, &later})
        EXPECT_NE(text->find("#EXT-X-TARGETDURATION:2\n"), std::string::npos) << *text;
    EXPECT_EQ(streamer::kTargetDurationSeconds, 2);
}

TEST(HlsPlaylist, EmptyPlaylistIsStillValid) {
    auto text = streamer::render_hls_playlist({}, false);
    EXPECT_TRUE(text.starts_with("#EXTM3U\n"));
    EXPECT_EQ(text.find("#EXTINF"), std::string::npos);
}
