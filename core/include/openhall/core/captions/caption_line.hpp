// Caption lines as plain values (issue 17; docs/captions.md): one line of what was said, placed on the event's
// media timeline so that the live player, the replay and the transcript files agree.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "openhall/core/base/ids.hpp"
#include "openhall/core/base/time.hpp"
#include "openhall/core/events/media_timeline.hpp"

namespace openhall::core {

using CaptionLineId = StrongId<struct CaptionLineIdTag>;

// Where a line came from. A person's line always wins over an engine's (docs/captions.md, "Priority").
enum class CaptionSource { Person, Engine, Import };

std::string_view wire_name(CaptionSource source);
std::optional<CaptionSource> parse_caption_source(std::string_view name);

struct CaptionLine {
    CaptionLineId id;
    EventId event_id;
    std::int64_t start_ms = 0;  // from the start of the recording: the replay's and the transcript's timeline
    std::string text;
    CaptionSource source = CaptionSource::Person;
    std::string author;  // the captioner's user name, or the engine's name
    int revision = 1;    // 1 when sent; each live correction adds one
    WallMillis sent_at;
    std::optional<std::int64_t> end_ms;  // an imported cue's own end; none: until the next line (cue_end_ms)
    std::optional<std::string> revised_by;  // who wrote the current text, once corrected
    bool operator==(const CaptionLine&) const = default;
};

// A text a line had before it was corrected (caption_line_revisions, migration 014).
struct CaptionRevision {
    int revision = 1;
    std::string text;
    std::string written_by;  // the user (or engine) who wrote this text
    WallMillis written_at;
    bool operator==(const CaptionRevision&) const = default;
};

// {"id","event_id","start_s" (seconds, 3 decimals),"end_s" (null unless imported),"text","source","revision"};
// `staff` adds "author" and "revised_by" (null until corrected).
nlohmann::json to_json(const CaptionLine& line, bool staff = false);
// {"revision","text","written_by","written_at"} (RFC 3339 at the offset `offset_at` gives, UTC when empty).
nlohmann::json to_json(const CaptionRevision& revision, const UtcOffsetAt& offset_at);

}  // namespace openhall::core
