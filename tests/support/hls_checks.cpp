#include "support/hls_checks.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "openhall/core/base/time.hpp"
#include "support/http_client.hpp"
#include "support/subprocess.hpp"

namespace openhall::testing {
namespace {

using Clock = std::chrono::system_clock;

std::optional<std::string> after(const std::string& line, const std::string& tag) {
    if (line.rfind(tag, 0) != 0) return std::nullopt;
    return line.substr(tag.size());
}

// RFC 3339 with a fraction of a second ("2026-12-01T03:29:46.963Z"), which core's parser (whole seconds) drops.
std::optional<Clock::time_point> parse_program_date(const std::string& text) {
    const auto dot = text.find('.');
    if (dot == std::string::npos) {
        auto t = core::parse_rfc3339(text);
        return t ? std::optional<Clock::time_point>(*t) : std::nullopt;
    }
    const auto zone = text.find_first_of("Z+-", dot);
    auto whole = core::parse_rfc3339(text.substr(0, dot) + (zone == std::string::npos ? "Z" : text.substr(zone)));
    if (!whole) return std::nullopt;
    const auto digits = text.substr(dot + 1, (zone == std::string::npos ? text.size() : zone) - dot - 1);
    const double fraction = std::stod("0." + digits);
    return Clock::time_point(*whole) + std::chrono::microseconds(std::lround(fraction * 1e6));
}

}  // namespace

double HlsPlaylist::total_seconds() const {
    double total = 0;
    for (const auto& s : segments) total += s.duration;
    return total;
}

int HlsPlaylist::discontinuities() const {
    return static_cast<int>(std::count_if(segments.begin(), segments.end(), [](const auto& s) { return s.discontinuity; }));
}

HlsPlaylist parse_hls_playlist(const std::string& text) {
    HlsPlaylist p;
    p.text = text;
    std::istringstream lines(text);
    HlsSegment next;
    for (std::string line; std::getline(lines, line);) {
        if (auto v = after(line, "#EXT-X-TARGETDURATION:")) p.target_duration = std::stoi(*v);
        else if (auto v = after(line, "#EXT-X-MEDIA-SEQUENCE:")) p.media_sequence = std::stol(*v);
        else if (auto v = after(line, "#EXT-X-PLAYLIST-TYPE:")) p.playlist_type = *v;
        else if (line == "#EXT-X-ENDLIST") p.ended = true;
        else if (line == "#EXT-X-DISCONTINUITY") next.discontinuity = true;
        else if (auto v = after(line, "#EXT-X-PROGRAM-DATE-TIME:")) {
            next.program_date_time = parse_program_date(*v);
        } else if (auto v = after(line, "#EXTINF:")) {
            next.duration = std::stod(*v);
        } else if (!line.empty() && line[0] != '#') {
            next.uri = line;
            p.segments.push_back(next);
            next = HlsSegment{};
        }
    }
    return p;
}

std::vector<std::string> playlist_problems(const HlsPlaylist& p) {
    std::vector<std::string> problems;
    if (!p.target_duration) problems.push_back("no EXT-X-TARGETDURATION");
    for (const auto& s : p.segments) {
        if (p.target_duration && std::lround(s.duration) > *p.target_duration)
            problems.push_back(fmt::format("{} lasts {:.3f} s, over the target duration {}", s.uri, s.duration, *p.target_duration));
        if (!s.program_date_time) problems.push_back(s.uri + " has no EXT-X-PROGRAM-DATE-TIME");
        if (s.duration <= 0) problems.push_back(s.uri + " has no duration");
    }
    return problems;
}

std::vector<std::string> append_problems(const HlsPlaylist& before, const HlsPlaylist& after) {
    std::vector<std::string> problems;
    if (before.target_duration != after.target_duration)
        problems.push_back(fmt::format("EXT-X-TARGETDURATION changed from {} to {}", before.target_duration.value_or(-1),
                                       after.target_duration.value_or(-1)));
    if (before.media_sequence != after.media_sequence) problems.push_back("EXT-X-MEDIA-SEQUENCE changed");
    if (before.ended && !after.ended) problems.push_back("EXT-X-ENDLIST was removed");
    if (after.segments.size() < before.segments.size()) {
        problems.push_back("segments were removed");
        return problems;
    }
    for (std::size_t i = 0; i < before.segments.size(); ++i) {
        const auto& a = before.segments[i];
        const auto& b = after.segments[i];
        if (a.uri != b.uri || a.duration != b.duration || a.discontinuity != b.discontinuity ||
            a.program_date_time != b.program_date_time)
            problems.push_back(fmt::format("segment {} ({}) changed after it was listed", i, a.uri));
    }
    return problems;
}

PlaylistWatcher::PlaylistWatcher(std::string base_url, std::string path)
    : base_url_(std::move(base_url)), path_(std::move(path)), thread_([this] { run(); }) {}

PlaylistWatcher::~PlaylistWatcher() {
    stop_ = true;
    thread_.join();
}

void PlaylistWatcher::run() {
    HttpClient client(base_url_);
    while (!stop_) {
        auto r = client.get(path_);
        const auto now = Clock::now();
        if (r.status == 200) {
            auto next = parse_hls_playlist(r.body);
            std::lock_guard lock(mutex_);
            for (auto& p : playlist_problems(next)) problems_.push_back(p);
            if (!latest_.text.empty())
                for (auto& p : append_problems(latest_, next)) problems_.push_back(p);
            for (const auto& s : next.segments)
                if (std::none_of(listed_.begin(), listed_.end(), [&](const auto& l) { return l.first == s.uri; }))
                    listed_.emplace_back(s.uri, now);
            latest_ = std::move(next);
        }
        struct timespec pause {0, 100'000'000};
        nanosleep(&pause, nullptr);
    }
}

HlsPlaylist PlaylistWatcher::latest() {
    std::lock_guard lock(mutex_);
    return latest_;
}

std::vector<std::string> PlaylistWatcher::problems() {
    std::lock_guard lock(mutex_);
    // The same problem is seen at every poll; report each once.
    std::vector<std::string> unique;
    for (const auto& p : problems_)
        if (std::find(unique.begin(), unique.end(), p) == unique.end()) unique.push_back(p);
    return unique;
}

std::optional<Clock::time_point> PlaylistWatcher::first_listed(const std::string& uri) {
    std::lock_guard lock(mutex_);
    for (const auto& [u, t] : listed_)
        if (u == uri) return t;
    return std::nullopt;
}

HealthzProbe::HealthzProbe(std::string base_url)
    : base_url_(std::move(base_url)), thread_([this] {
          HttpClient client(base_url_);
          while (!stop_) {
              const auto start = std::chrono::steady_clock::now();
              auto r = client.get("/healthz");
              const std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - start;
              if (r.status == 200) {
                  std::lock_guard lock(mutex_);
                  latencies_.push_back(took.count());
              }
              struct timespec pause {0, 20'000'000};
              nanosleep(&pause, nullptr);
          }
      }) {}

HealthzProbe::~HealthzProbe() {
    stop_ = true;
    thread_.join();
}

double HealthzProbe::percentile_ms(double q) {
    std::lock_guard lock(mutex_);
    if (latencies_.empty()) return 0;
    auto sorted = latencies_;
    std::sort(sorted.begin(), sorted.end());
    const auto index = static_cast<std::size_t>(std::ceil(q * static_cast<double>(sorted.size()))) ;
    return sorted[std::min(sorted.size() - 1, index == 0 ? 0 : index - 1)];
}

std::size_t HealthzProbe::answers() {
    std::lock_guard lock(mutex_);
    return latencies_.size();
}

std::optional<VideoFacts> first_video_frame(const std::filesystem::path& file) {
    auto r = run_command({"ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                          "stream=codec_name,width,height:frame=pts_time,key_frame", "-read_intervals", "%+#1", "-of",
                          "json", file.string()});
    if (r.exit_code != 0) return std::nullopt;
    auto json = nlohmann::json::parse(r.out, nullptr, false);
    if (json.is_discarded() || json["streams"].empty() || json["frames"].empty()) return std::nullopt;
    VideoFacts facts;
    facts.codec = json["streams"][0].value("codec_name", "");
    facts.width = json["streams"][0].value("width", 0);
    facts.height = json["streams"][0].value("height", 0);
    const auto& frame = json["frames"][0];
    facts.starts_with_keyframe = frame.value("key_frame", 0) == 1;
    facts.first_pts = std::stod(frame.value("pts_time", "0"));
    return facts;
}

std::string decode_errors(const std::filesystem::path& file) {
    return run_command({"ffmpeg", "-hide_banner", "-v", "error", "-i", file.string(), "-f", "null", "-"}).err;
}

std::vector<std::string> segment_problems(const std::filesystem::path& folder, const HlsPlaylist& playlist) {
    std::vector<std::string> problems;
    std::optional<VideoFacts> previous;
    double previous_duration = 0;
    for (const auto& s : playlist.segments) {
        const auto file = folder / s.uri;
        auto facts = first_video_frame(file);
        if (!facts) {
            problems.push_back(s.uri + ": no video frame");
            previous.reset();
            continue;
        }
        if (!facts->starts_with_keyframe) problems.push_back(s.uri + ": does not start with a keyframe");
        if (auto errors = decode_errors(file); !errors.empty()) problems.push_back(s.uri + ": " + errors);
        if (previous && !s.discontinuity) {
            if (std::abs(facts->first_pts - (previous->first_pts + previous_duration)) > 0.1)
                problems.push_back(fmt::format("{}: starts at {:.3f} s, not where the previous segment ended ({:.3f} s), "
                                               "without a discontinuity",
                                               s.uri, facts->first_pts, previous->first_pts + previous_duration));
            if (facts->width != previous->width || facts->height != previous->height)
                problems.push_back(fmt::format("{}: the picture size changes to {}×{} without a discontinuity", s.uri,
                                               facts->width, facts->height));
        }
        previous = facts;
        previous_duration = s.duration;
    }
    return problems;
}

std::string probe_codecs(const std::filesystem::path& file) {
    auto r = run_command({"ffprobe", "-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0", file.string()});
    std::vector<std::string> seen;
    std::istringstream lines(r.out);
    for (std::string line; std::getline(lines, line);)
        if (!line.empty() && std::find(seen.begin(), seen.end(), line) == seen.end()) seen.push_back(line);
    std::string out;
    for (const auto& codec : seen) out += (out.empty() ? "" : " ") + codec;
    return out;
}

double probe_duration(const std::string& target) {
    auto r = run_command({"ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", target});
    return r.exit_code == 0 && !r.out.empty() ? std::stod(r.out) : -1;
}

}  // namespace openhall::testing
