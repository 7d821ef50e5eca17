// Writes an event's HLS media playlist (type EVENT, with program dates and discontinuities) from its segments.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "openhall/core/events/media_timeline.hpp"

namespace openhall::streamer {

// EXT-X-TARGETDURATION of every playlist, in seconds. RFC 8216 §4.3.3.1: it must not change while the playlist is
// live, and every EXTINF rounded to the nearest integer must be at most it. Segments end at keyframes, so it bounds
// the keyframe interval that can be passed through: 2 s takes the usual encoder setting (OBS, hardware encoders)
// without re-encoding; longer intervals are transcoded (OutputTimeline::Settings::max_gop).
inline constexpr int kTargetDurationSeconds = 2;

// The playlist text; `ended` adds EXT-X-ENDLIST, which turns the live playlist into the replay.
std::string render_hls_playlist(const std::vector<core::MediaSegment>& segments, bool ended);

// Writes the file through a temporary and a rename, so a viewer never reads half a playlist.
void write_file_atomically(const std::filesystem::path& file, const std::string& content);

}  // namespace openhall::streamer
