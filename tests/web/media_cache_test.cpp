// Issue 16: HLS behind a cache. Debian's nginx with proxy_cache and the repository's own locations
// (deploy/nginx/openhall-locations.conf) in front of the real server: segments are kept, a live playlist stays
// fresh within half a segment, a replay playlist is kept, a file not yet there is not remembered as missing.
#include <fstream>

#include <gtest/gtest.h>

#include "support/http_client.hpp"
#include "support/nginx_process.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

using namespace openhall::testing;

namespace {

// What the streamer writes while live: a playlist of 2 s segments without #EXT-X-ENDLIST.
std::string playlist(int segments, bool ended) {
    std::string out = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:0\n"
                      "#EXT-X-PLAYLIST-TYPE:EVENT\n#EXT-X-INDEPENDENT-SEGMENTS\n";
    for (int i = 0; i < segments; ++i) out += "#EXTINF:2.000,\nseg0000" + std::to_string(i) + ".ts\n";
    if (ended) out += "#EXT-X-ENDLIST\n";
    return out;
}

void write(const std::filesystem::path& file, const std::string& content) {
    auto temporary = file;
    temporary += ".tmp";
    std::ofstream(temporary, std::ios::binary) << content;
    std::filesystem::rename(temporary, file);  // as the streamer replaces its playlist
}

class MediaCacheTest : public ::testing::Test {
protected:
    TempDir data;
    std::filesystem::path folder = data.path() / "media" / "7";
    std::unique_ptr<ServerProcess> server;
    std::unique_ptr<NginxProcess> nginx;
    std::unique_ptr<HttpClient> viewer;

    void SetUp() override {
        std::filesystem::create_directories(folder);
        server = std::make_unique<ServerProcess>(data.path());
        nginx = std::make_unique<NginxProcess>(server->http_port(), server->ws_port());
        viewer = std::make_unique<HttpClient>(nginx->base_url());
    }
};

}  // namespace

TEST_F(MediaCacheTest, SegmentsAreServedFromTheCacheForAYear) {
    const std::string bytes(188 * 40, '\x47');
    write(folder / "seg00000.ts", bytes);

    auto first = viewer->get("/media/7/seg00000.ts");
    ASSERT_EQ(first.status, 200) << nginx->log();
    EXPECT_EQ(first.header("cache-control"), "public, max-age=31536000, immutable");
    EXPECT_EQ(first.header("x-cache-status"), "MISS");
    EXPECT_EQ(first.body, bytes);

    // The origin's copy gone: the cache still serves it (it never changes once listed).
    std::filesystem::remove(folder / "seg00000.ts");
    auto second = viewer->get("/media/7/seg00000.ts");
    EXPECT_EQ(second.status, 200);
    EXPECT_EQ(second.header("x-cache-status"), "HIT");
    EXPECT_EQ(second.body, bytes);
}

TEST_F(MediaCacheTest, ALivePlaylistIsCachedForHalfASegmentAndThenRefreshed) {
    write(folder / "index.m3u8", playlist(3, false));
    auto first = viewer->get("/media/7/index.m3u8");
    ASSERT_EQ(first.status, 200) << nginx->log();
    EXPECT_EQ(first.header("cache-control"), "public, max-age=1");
    EXPECT_EQ(first.header("content-type"), "application/vnd.apple.mpegurl");

    // Viewers asking at once share one copy: of requests sent one after another, some are answered by the cache
    // (all of them would miss only if each took longer than the playlist's second of freshness).
    int hits = 0;
    for (int i = 0; i < 20; ++i) hits += viewer->get("/media/7/index.m3u8").header("x-cache-status") == "HIT";
    EXPECT_GT(hits, 0);

    // A new segment is listed: viewers behind the cache see it once the second of freshness has passed.
    write(folder / "index.m3u8", playlist(4, false));
    EXPECT_TRUE(wait_until(std::chrono::seconds(10), [&] {
        return viewer->get("/media/7/index.m3u8").body == playlist(4, false);
    })) << nginx->log();
}

TEST_F(MediaCacheTest, AReplayPlaylistIsKeptLonger) {
    write(folder / "index.m3u8", playlist(5, true));
    auto first = viewer->get("/media/7/index.m3u8");
    ASSERT_EQ(first.status, 200) << nginx->log();
    EXPECT_EQ(first.header("cache-control"), "public, max-age=600");
    EXPECT_EQ(first.header("x-cache-status"), "MISS");

    write(folder / "index.m3u8", playlist(5, true) + "# edited at the origin\n");
    auto second = viewer->get("/media/7/index.m3u8");
    EXPECT_EQ(second.header("x-cache-status"), "HIT");
    EXPECT_EQ(second.body, playlist(5, true));
}

TEST_F(MediaCacheTest, AFileNotYetWrittenIsNotRememberedAsMissing) {
    // A player that asks for the next segment a moment early gets 404, and the segment once it exists.
    EXPECT_EQ(viewer->get("/media/7/seg00001.ts").status, 404);
    write(folder / "seg00001.ts", std::string(188, '\x47'));
    auto later = viewer->get("/media/7/seg00001.ts");
    EXPECT_EQ(later.status, 200);
    EXPECT_EQ(later.header("x-cache-status"), "MISS");
}

TEST_F(MediaCacheTest, PagesAndTheApiAreNotCached) {
    auto health = viewer->get("/healthz");
    EXPECT_EQ(health.status, 200);
    EXPECT_EQ(health.header("x-cache-status"), "");
    EXPECT_EQ(viewer->get("/api/v1/events").status, 200);
}
