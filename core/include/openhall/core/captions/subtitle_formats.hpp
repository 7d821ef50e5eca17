// A transcript as subtitle files: WebVTT (W3C WebVTT, the HTML <track> and HLS format) and SubRip (SRT, what
// editing tools and video platforms import). Pure functions; any thread.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "openhall/core/captions/caption_line.hpp"

namespace openhall::core {

// When a cue leaves the screen: its own end when it has one (an imported cue); otherwise when the next line starts, but not later than a reading time for its own length
// (2 s, plus 0.25 s per code point over 2, up to 7 s: about four Chinese characters a second, the pace subtitle
// guides give for adults), and never before 0.5 s (a next line sent at once overlaps it rather than flashing).
std::chrono::milliseconds cue_end_ms(const CaptionLine& line, const CaptionLine* next);
// The longest a cue without its own end stays on screen, in milliseconds.
inline constexpr std::int64_t kCueMaxMs = 7000;

// "WEBVTT", a blank line, then one cue per line: its id (the line's id, stable across files), its timing
// "hh:mm:ss.ttt --> hh:mm:ss.ttt" and its text with &, < and > as entities (WebVTT §4.2.2 forbids them raw).
// `lines` in time order (CaptionService::transcript).
std::string to_webvtt(const std::vector<CaptionLine>& lines);

// One WebVTT segment of an HLS subtitles rendition (RFC 8216 §3.5): the header with
// "X-TIMESTAMP-MAP=MPEGTS:<mpegts>,LOCAL:<from>" tying the video segment's first PTS (90 kHz) to its position on
// the recording, then every cue of `lines` (all of the event's, in time order) that is on screen during
// [from_ms, to_ms), cut to nothing: a cue over several segments is repeated whole in each, with the same id, as
// players expect. Times are positions on the recording, like the transcript's.
std::string to_webvtt_segment(const std::vector<CaptionLine>& lines, std::int64_t from_ms, std::int64_t to_ms,
                              std::uint64_t mpegts);

// SubRip: cues numbered from 1, timing "hh:mm:ss,ttt --> hh:mm:ss,ttt", the text as is, a blank line after
// each; CRLF line ends, as Windows tools write and expect.
std::string to_srt(const std::vector<CaptionLine>& lines);

}  // namespace openhall::core
