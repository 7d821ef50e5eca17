#include "openhall/streamer/subtitle_rendition.hpp"

#include <fmt/format.h>

#include "openhall/core/captions/subtitle_formats.hpp"
#include "openhall/streamer/hls_playlist.hpp"
#include "openhall/streamer/ts_packets.hpp"

namespace openhall::streamer {

std::string subtitle_segment_name(std::int64_t sequence) { return fmt::format("sub{:05}.vtt", sequence); }

std::string render_multivariant_playlist(std::uint64_t bandwidth_bps, const std::string& language) {
    // One rendition, in the language of the meetings; its NAME is what players list in their captions menu.
    const char* name = language == "en" ? "English" : language == "zh-Hant" ? "中文字幕（繁體）" : "中文字幕";
    return fmt::format(
        "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-INDEPENDENT-SEGMENTS\n"
        "#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"captions\",NAME=\"{}\",LANGUAGE=\"{}\",DEFAULT=YES,"
        "AUTOSELECT=YES,FORCED=NO,URI=\"{}\"\n"
        "#EXT-X-STREAM-INF:BANDWIDTH={},SUBTITLES=\"captions\"\nindex.m3u8\n",
        name, language, kSubtitlePlaylist, std::max<std::uint64_t>(bandwidth_bps, 1));
}

std::string render_subtitle_playlist(const std::vector<core::MediaSegment>& segments, bool ended) {
    auto subtitles = segments;
    for (auto& s : subtitles) s.uri = subtitle_segment_name(s.sequence);
    return render_hls_playlist(subtitles, ended);
}

void write_subtitle_segment(const std::filesystem::path& folder, const core::MediaSegment& segment,
                            const std::vector<core::CaptionLine>& lines) {
    const auto pts = ts::first_pts(folder / segment.uri);
    const auto from = segment.media_start.count();
    write_file_atomically(folder / subtitle_segment_name(segment.sequence),
                          pts ? core::to_webvtt_segment(lines, from, from + segment.duration.count(), *pts)
                              : std::string("WEBVTT\n"));
}

std::uint64_t segment_bit_rate(const std::filesystem::path& folder, const core::MediaSegment& segment) {
    std::error_code ec;
    const auto bytes = std::filesystem::file_size(folder / segment.uri, ec);
    if (ec || segment.duration.count() <= 0) return 0;
    return bytes * 8 * 1000 / static_cast<std::uint64_t>(segment.duration.count());
}

}  // namespace openhall::streamer
