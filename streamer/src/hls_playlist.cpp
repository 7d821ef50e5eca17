#include "openhall/streamer/hls_playlist.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <stdexcept>

#include <fmt/format.h>

namespace openhall::streamer {
namespace {

std::string program_date_time(core::WallMillis t) {
    using namespace std::chrono;
    const auto day = floor<days>(t);
    const year_month_day date{day};
    const hh_mm_ss time{t - day};
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", static_cast<int>(date.year()),
                       static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()), time.hours().count(),
                       time.minutes().count(), time.seconds().count(), time.subseconds().count());
}

}  // namespace

std::string render_hls_playlist(const std::vector<core::MediaSegment>& segments, bool ended) {
    std::string out = "#EXTM3U\n#EXT-X-VERSION:3\n";
    out += fmt::format("#EXT-X-TARGETDURATION:{}\n", kTargetDurationSeconds);
    out += fmt::format("#EXT-X-MEDIA-SEQUENCE:{}\n", segments.empty() ? 0 : segments.front().sequence);
    out += "#EXT-X-PLAYLIST-TYPE:EVENT\n#EXT-X-INDEPENDENT-SEGMENTS\n";
    for (const auto& s : segments) {
        if (s.discontinuity) out += "#EXT-X-DISCONTINUITY\n";
        out += fmt::format("#EXT-X-PROGRAM-DATE-TIME:{}\n", program_date_time(s.program_date_time));
        out += fmt::format("#EXTINF:{:.3f},\n{}\n", s.duration.count() / 1000.0, s.uri);
    }
    if (ended) out += "#EXT-X-ENDLIST\n";
    return out;
}

void write_file_atomically(const std::filesystem::path& file, const std::string& content) {
    auto temporary = file;
    temporary += ".tmp";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        if (!out) throw std::runtime_error("cannot write " + temporary.string());
        out << content;
        out.close();
        // A full disk shows here: the old file stays rather than a cut one replacing it.
        if (!out) {
            std::error_code ec;
            std::filesystem::remove(temporary, ec);
            throw std::runtime_error("cannot write " + temporary.string() + " whole");
        }
    }
    std::filesystem::rename(temporary, file);
}

}  // namespace openhall::streamer
