// The words said at a moment of a recording (issue 17): what an interpretation's linked moment shows beside its
// link, so a reader sees what was said there without playing the replay. Pure; any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "openhall/core/captions/caption_line.hpp"

namespace openhall::core {

// How much of the transcript a moment shows: the time after it (ms) and the most lines. Half a minute is a
// speaker's answer to one question at a press conference; six lines keep the page readable.
inline constexpr std::int64_t kMomentSpanMs = 30000;
inline constexpr std::size_t kMomentMaxLines = 6;

// The line on screen at `at_ms` (cue_end_ms: a line stays until the next or its reading time), then the lines that
// start before `at_ms` + `span_ms`, at most `max_lines`, in time order. `lines`: the event's transcript in time
// order (CaptionService::transcript). Empty when nothing was said there or the event has no transcript.
std::vector<CaptionLine> transcript_excerpt(const std::vector<CaptionLine>& lines, std::int64_t at_ms,
                                            std::int64_t span_ms = kMomentSpanMs, std::size_t max_lines = kMomentMaxLines);

}  // namespace openhall::core
