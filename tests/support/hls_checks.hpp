// What a conforming live stream looks like from outside, checked as a viewer and ffprobe see it: the HLS playlist's
// rules (RFC 8216), its growth (the server only appends), each segment on its own, the MP4 after the end, and the
// HTTP loop staying responsive meanwhile. Each check returns the problems it found; empty means conforming.
#pragma once

#include <atomic>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace openhall::testing {

struct HlsSegment {
    std::string uri;
    double duration = 0;  // EXTINF, seconds
    bool discontinuity = false;
    std::optional<std::chrono::system_clock::time_point> program_date_time;
};

struct HlsPlaylist {
    std::string text;
    std::optional<int> target_duration;
    std::optional<long> media_sequence;
    std::string playlist_type;
    bool ended = false;
    std::vector<HlsSegment> segments;

    double total_seconds() const;
    int discontinuities() const;
};

HlsPlaylist parse_hls_playlist(const std::string& text);

// RFC 8216 §4.3.3.1 and §4.3.2.6: a target duration that every EXTINF, rounded to the nearest integer, stays within;
// a program date on every segment.
std::vector<std::string> playlist_problems(const HlsPlaylist& playlist);
// §6.2.1: a playlist only grows: the same target duration and media sequence, the earlier segments unchanged.
std::vector<std::string> append_problems(const HlsPlaylist& before, const HlsPlaylist& after);

// Fetches a playlist every 100 ms on its own thread and checks every version it sees, and when each segment was
// first listed (for the program dates).
class PlaylistWatcher {
public:
    PlaylistWatcher(std::string base_url, std::string path);
    ~PlaylistWatcher();
    HlsPlaylist latest();
    std::vector<std::string> problems();
    // When each segment (by URI) was first seen listed.
    std::optional<std::chrono::system_clock::time_point> first_listed(const std::string& uri);

private:
    void run();
    std::string base_url_, path_;
    std::mutex mutex_;
    HlsPlaylist latest_;
    std::vector<std::string> problems_;
    std::vector<std::pair<std::string, std::chrono::system_clock::time_point>> listed_;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

// Asks /healthz every 20 ms on its own thread and keeps how long each answer took.
class HealthzProbe {
public:
    explicit HealthzProbe(std::string base_url);
    ~HealthzProbe();
    // Milliseconds; `q` in [0, 1].
    double percentile_ms(double q);
    double max_ms() { return percentile_ms(1.0); }
    std::size_t answers();

private:
    std::string base_url_;
    std::mutex mutex_;
    std::vector<double> latencies_;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

// Each listed segment decodes on its own with `ffmpeg -v error` silent and starts with a video keyframe; a segment
// without a DISCONTINUITY continues the previous one's timestamps (within 0.1 s) and picture size.
std::vector<std::string> segment_problems(const std::filesystem::path& folder, const HlsPlaylist& playlist);

struct VideoFacts {
    int width = 0, height = 0;
    double first_pts = 0;   // seconds
    bool starts_with_keyframe = false;
    std::string codec;
};
std::optional<VideoFacts> first_video_frame(const std::filesystem::path& file);

// The codecs of a media file, in order and without repeats ("h264 aac").
std::string probe_codecs(const std::filesystem::path& file);
// The container's duration in seconds, or -1.
double probe_duration(const std::string& file_or_url);
// What `ffmpeg -v error -i FILE -f null -` prints (empty for a file that decodes cleanly).
std::string decode_errors(const std::filesystem::path& file);

}  // namespace openhall::testing
