// Writes an event's HLS media playlist (type EVENT, with program dates and discontinuities) from its segments.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "openhall/core/media_timeline.hpp"

namespace openhall::streamer {

// The playlist text; `ended` adds EXT-X-ENDLIST, which turns the live playlist into the replay.
std::string render_hls_playlist(const std::vector<core::MediaSegment>& segments, bool ended);

// Writes the file through a temporary and a rename, so a viewer never reads half a playlist.
void write_file_atomically(const std::filesystem::path& file, const std::string& content);

}  // namespace openhall::streamer
