// Live captions from people (issue 17; docs/captions.md): a captioner sends a line, a correction rewrites the
// newest line, and the transcript is every line in time order. Runs on the caller's thread with the caller's
// connection (the HTTP loop's); each change is one transaction with its audit entry.
#pragma once

#include <string_view>
#include <vector>

#include "openhall/core/accounts/audit_log.hpp"
#include "openhall/core/accounts/user.hpp"
#include "openhall/core/base/result.hpp"
#include "openhall/core/captions/caption_repository.hpp"
#include "openhall/core/events/event_repository.hpp"

namespace openhall::core {

// The longest line, in code points: two lines of a player's caption area at a readable size, with room for a
// captioner who types a sentence in one go.
inline constexpr std::size_t kCaptionMaxChars = 300;

// How near a person's line must be to an engine's utterance for the person's to win (docs/captions.md, "Priority").
inline constexpr std::int64_t kPersonWinsMs = 5000;

struct CaptionCorrection {
    CaptionLine line;
    bool changed = false;  // false: it already said that (nothing written, nothing to send)
};

class CaptionService {
public:
    CaptionService(Database& db, const Clock& clock)
        : db_(db), clock_(clock), lines_(db), events_(db), media_(db), audit_(db) {}

    // A captioner's line for a live event, placed on the media timeline at `sent_at` (the recording's position
    // then; 0 before its first segment, and never before the newest line). The engine's lines within
    // kPersonWinsMs of it are removed (a person's line always wins, whichever came first). Errors: not_found (no such event),
    // illegal_transition (the event is not live), invalid_input (blank, a control character, over
    // kCaptionMaxChars after trimming).
    Result<CaptionLine> send(const Actor& actor, EventId event, std::string_view text, WallMillis sent_at);

    // Rewrites the event's newest line typed by a person (a typing slip seen after Enter) and raises its revision;
    // the same text changes nothing. `expected`: the line the captioner meant; conflict when a newer person's line
    // has come since (another captioner's). Errors: as send(), and not_found when no person has sent a line yet.
    Result<CaptionCorrection> correct_newest(const Actor& actor, EventId event, std::string_view text,
                                             std::optional<CaptionLineId> expected = std::nullopt);

    // A speech engine's utterance, [start_ms, end_ms) on the recording, by `engine` (its name): stored as a line of
    // source "engine" unless a person's line lies within kPersonWinsMs of it (a person's line always wins), or the
    // event is neither live nor ended (the engine's last result comes just after the end). Returns the stored line,
    // nullopt when it was left out. Errors: not_found; invalid_input for text check_text refuses.
    Result<std::optional<CaptionLine>> add_engine_line(EventId event, std::int64_t start_ms, std::int64_t end_ms,
                                                       std::string_view text, std::string_view engine);

    // Whether an engine's words heard over [start_ms, end_ms) may be shown live (a partial result): the event is live
    // and no person's line lies within kPersonWinsMs of them. Errors: none (false for an unknown event).
    bool engine_may_caption(EventId event, std::int64_t start_ms, std::int64_t end_ms);

    // Replaces the transcript of an ended event with the cues of an SRT or WebVTT file (`bytes` as uploaded: UTF-8,
    // UTF-16 with a byte order mark, or GB18030; subtitle_import.hpp), each a line of source "import" keeping its
    // own end. The lines replaced are kept in the audit entry ("transcript.import" on the event). Returns how many
    // lines it made. Errors: not_found; event_locked (archived or cancelled); illegal_transition (not ended yet:
    // live captions are being made); invalid_input naming the line of the file.
    Result<std::size_t> import_transcript(const Actor& actor, EventId event, std::string_view bytes);

    // An editor's correction of any line of an ended event's transcript (after the meeting; live, the newest line
    // is corrected with correct_newest): the text replaced and the revision raised; the earlier text is kept
    // (revisions()) and audited ("caption.edit"). `revision`: the one the editor saw; conflict when the line has
    // changed since (another editor saved first). The same text changes nothing. Errors: not_found (no such event,
    // or the line is not the event's), event_locked (archived, cancelled), illegal_transition (not ended yet),
    // conflict, invalid_input (as send()).
    Result<CaptionCorrection> edit_line(const Actor& actor, EventId event, CaptionLineId id, std::string_view text,
                                        int revision);
    // Removes a line that should not be there (an engine's mishearing of noise, a line sent twice); the audit entry
    // ("caption.remove") keeps it with its earlier texts. Returns the removed line. Errors: as edit_line().
    Result<CaptionLine> remove_line(const Actor& actor, EventId event, CaptionLineId id, int revision);
    // The texts the line had before, oldest first (empty for a line never corrected).
    std::vector<CaptionRevision> revisions(CaptionLineId id) { return lines_.revisions(id); }
    // The line in staff form with "revisions" (its earlier texts, times at `offset_at`): what an audit entry and
    // the archive keep of a line that leaves or is replaced.
    nlohmann::json with_revisions(const CaptionLine& line, const UtcOffsetAt& offset_at = {});
    // The event's line `id`; nullopt when there is none or it is another event's.
    std::optional<CaptionLine> find_in(EventId event, CaptionLineId id);

    // Every line of the event by time (any status; callers decide who may read it).
    std::vector<CaptionLine> transcript(EventId event) { return lines_.list(event); }
    std::optional<CaptionLine> find(CaptionLineId id) { return lines_.find(id); }

private:
    Result<std::string> checked_text(std::string_view text) const;
    Status live(EventId event);
    // Ok when the event has ended (its transcript may be imported or corrected: `what`, for the message).
    Status ended(EventId event, std::string_view what);
    // Gives `line` the text `text` (revision + 1, written by `actor`), audited as `action`; the same text changes
    // nothing. Inside the caller's transaction.
    CaptionCorrection rewrite(const Actor& actor, const CaptionLine& line, std::string text, std::string_view action);
    // The event's line `id`, when it is still at `revision`.
    Result<CaptionLine> line_of(EventId event, CaptionLineId id, int revision);

    Database& db_;
    const Clock& clock_;
    CaptionRepository lines_;
    EventRepository events_;
    MediaSegmentRepository media_;
    AuditLog audit_;
};

}  // namespace openhall::core
