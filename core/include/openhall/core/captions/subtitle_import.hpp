// Reading subtitle files made elsewhere (issue 17; docs/captions.md, "Import"): SubRip (.srt) and WebVTT (.vtt) as
// real tools write them. Pure functions; any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "openhall/core/base/result.hpp"

namespace openhall::core {

struct ImportedCue {
    std::int64_t start_ms = 0;
    std::int64_t end_ms = 0;
    std::string text;  // one line: the cue's lines joined, markup removed, entities decoded, trimmed
    bool operator==(const ImportedCue&) const = default;
};

// The file's text as UTF-8: a UTF-8, UTF-16LE or UTF-16BE byte order mark decides, then valid UTF-8 is taken as is,
// and anything else is read as GB18030 (what Chinese Windows tools save, a superset of GBK and GB2312).
// InvalidInput when it is none of these.
Result<std::string> subtitle_text_as_utf8(std::string_view bytes);

// The cues of a WebVTT file (it starts with "WEBVTT") or else a SubRip file, in file order:
// - line ends CRLF, LF or CR; blank lines between cues may hold spaces; numbers and cue ids are optional;
// - timings "[hh:]mm:ss.mmm" or "hh:mm:ss,mmm" (either separator in either format, 1–3 fraction digits), with cue
//   settings or SRT coordinates after the end time ignored;
// - WebVTT NOTE, STYLE and REGION blocks skipped; tags (<i>, <b>, <font …>, <v Speaker>, <c.x>, <00:00:01.000>)
//   and ASS overrides ({\an8}) removed; &amp; &lt; &gt; &nbsp; &lrm; &rlm; decoded;
// - a cue's lines joined with a space (none between two Han characters), cues left empty by this dropped.
// InvalidInput naming the line: a timing that cannot be read, an end before its start, a cue longer than
// `max_chars` code points, or no cue at all.
Result<std::vector<ImportedCue>> parse_subtitles(std::string_view utf8, std::size_t max_chars);

}  // namespace openhall::core
