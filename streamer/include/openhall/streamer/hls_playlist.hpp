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

// The playlist text; `ended` adds EXT-X-ENDLIST (RFC 8216 §4.3.3.4), which turns the live playlist into the
// replay. Segment durations (ms) become EXTINF seconds with three decimals, hence EXT-X-VERSION 3 (RFC 8216 §7);
// EXT-X-MEDIA-SEQUENCE is the first segment's number (§4.3.3.2), 0 when there is none. Never throws. Any thread.
std::string render_hls_playlist(const std::vector<core::MediaSegment>& segments, bool ended);

// Writes the file through a temporary (`file` + ".tmp") and a rename, so a viewer never reads half a playlist.
// Throws std::runtime_error when the temporary cannot be opened or written whole (a full disk: the old file stays),
// std::filesystem::filesystem_error when the rename fails. Nothing is fsynced: a playlist is rewritten with every
// segment and from the store at the next start. Blocks on the disk; any thread (the stream manager calls it on the
// main loop).
void write_file_atomically(const std::filesystem::path& file, const std::string& content);

}  // namespace openhall::streamer
