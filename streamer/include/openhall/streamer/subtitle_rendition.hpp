// The HLS subtitles rendition of an event's recording (issue 17; docs/captions.md): beside the video playlist
// index.m3u8, a multivariant playlist master.m3u8 naming it with a SUBTITLES group (RFC 8216 §4.3.4.1,
// §4.3.4.2), and subtitles.m3u8 listing one WebVTT segment per video segment, with the same numbers, durations and
// discontinuities, so players that follow the video follow the captions (Safari, iOS and WeChat natively; hls.js
// as a text track). Each WebVTT segment ties its cues to the video segment's first PTS with X-TIMESTAMP-MAP.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "openhall/core/captions/caption_line.hpp"
#include "openhall/core/events/media_timeline.hpp"

namespace openhall::streamer {

inline constexpr const char* kMultivariantPlaylist = "master.m3u8";
inline constexpr const char* kSubtitlePlaylist = "subtitles.m3u8";

// "sub00012.vtt": the WebVTT segment beside video segment 12.
std::string subtitle_segment_name(std::int64_t sequence);

// The multivariant playlist: one variant (index.m3u8) of `bandwidth_bps` (its peak segment bit rate, §4.3.4.2)
// with the subtitles group, whose one rendition (default, autoselect) is subtitles.m3u8, in `language` (a BCP 47
// tag: zh, zh-Hans, zh-Hant or en; its NAME is what players list, in that language). Any thread.
std::string render_multivariant_playlist(std::uint64_t bandwidth_bps, const std::string& language = "zh");

// The subtitles media playlist for the video's `segments`: the same tags as render_hls_playlist, each segment's
// URI its WebVTT segment's. Any thread.
std::string render_subtitle_playlist(const std::vector<core::MediaSegment>& segments, bool ended);

// Writes the WebVTT segment of `segment` (in `folder`, beside its .ts file) from the event's `lines`, in time
// order: X-TIMESTAMP-MAP ties the first PTS read from the .ts file to the segment's media_start; a segment whose
// PTS cannot be read gets a header alone (no cue could be placed). Throws as write_file_atomically. Blocks on the
// disk; the main loop (StreamManager).
void write_subtitle_segment(const std::filesystem::path& folder, const core::MediaSegment& segment,
                            const std::vector<core::CaptionLine>& lines);

// The peak bit rate of a segment file over its duration, in bits per second; 0 when unknown.
std::uint64_t segment_bit_rate(const std::filesystem::path& folder, const core::MediaSegment& segment);

}  // namespace openhall::streamer
