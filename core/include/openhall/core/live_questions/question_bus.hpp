// The port between the WebSocket gateway and the rest (shared/DESIGN.md, "Growing past one machine"). The gateway
// holds viewers and talks only to a QuestionBus; two adapters carry it: in one process (LiveQuestionHub, the
// embedded default) and through Redis (a gateway process of its own). Its code is the same in both modes.
//
// Every change viewers or staff see comes back as a RoomUpdate, numbered per event by the one place that decides
// (the hub in the server process): every gateway applies the same updates with the same numbers, so a viewer
// resumes (`since=SEQ`) on any gateway without gaps or duplicates.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "openhall/core/accounts/auth_service.hpp"
#include "openhall/core/captions/caption_line.hpp"
#include "openhall/core/events/event.hpp"
#include "openhall/core/live_questions/question.hpp"
#include "openhall/core/live_questions/question_repository.hpp"

namespace openhall::core {

// The answer to an ask: stored (question id and ticket; the same for a retry with the same client id), or an
// error for the asker ({"type":"error","code"}): `unavailable` when nothing could hold it durably (no ack is
// ever sent then), `server_error` when storing it failed.
struct AskReply {
    std::optional<QuestionId> question;
    std::string ticket;
    std::string error_code;  // "" when stored
    std::string error_message;
    std::string cause;  // for the log, never shown: what failed underneath
};

enum class VoteReply { Counted, AlreadyVoted, NotOpen, Unavailable };

struct ModerationRequest {
    QuestionId question;
    ModerationAction action;
    std::optional<QuestionId> into;
    std::string reason;
};

// "" when done (the changes arrive as RoomUpdates), else the error code and message for the moderator.
struct ModerationReply {
    std::string error_code;
    std::string error_message;
    std::string cause;  // for the log, never shown
};

// One change to an event's room. Question changes, vote counts and caption lines are numbered (seq > 0) and kept
// for resuming; status changes are not (a resuming page learns the status from the event itself).
struct RoomUpdate {
    // CaptionPartial: what a speech engine is hearing now, before its final result (not numbered, not kept: a
    // viewer who missed it gets the final line).
    enum class Kind { Question, Votes, Status, Caption, CaptionPartial };
    Kind kind = Kind::Question;
    EventId event{0};
    std::uint64_t seq = 0;
    std::optional<Question> question;                    // Question
    std::map<QuestionId, std::int64_t> votes;            // Votes: the new count of each question that changed
    std::optional<CaptionLine> caption;                  // Caption: a new line, or the newest one corrected;
                                                         // CaptionPartial: id 0, the engine's words so far
    EventStatus status = EventStatus::Draft;             // Status
    Timestamp status_changed_at{};
    std::uint64_t as_of_seq = 0;  // Status (not numbered itself): the event's number when it changed, so that a
                                  // room first published by its status opens at the right number
    bool staff_only = false;  // in a snapshot's `recent`: the change went to staff only (the question was never public)
};

// What a room needs when it opens: the event's status, every question but the rejected ones (merged ones
// say where they went) and the newest caption line, current as of `seq`: updates numbered above it are still to come. `recent`: the last
// numbered updates up to `seq`, oldest first, so that a viewer who was on another gateway resumes here (empty
// in one process, where the room itself keeps them while it has viewers).
struct RoomSnapshot {
    EventStatus status = EventStatus::Draft;
    Timestamp status_changed_at{};
    std::vector<Question> questions;
    std::uint64_t seq = 0;
    std::vector<RoomUpdate> recent;
    std::optional<CaptionLine> caption;  // the event's newest caption line, for the hello of a live event
};

class QuestionBus {
public:
    virtual ~QuestionBus() = default;

    // Completions run on any thread (the bus's own): they must only hand the result on, never block.

    // A viewer's question, already checked (text rules, limits, sensitive words). `done` once it is held
    // durably: in one process, committed to SQLite; through Redis, in Redis's append-only file.
    virtual void ask(const NewQuestion& question, std::function<void(AskReply)> done) = 0;
    // A viewer's vote (`viewer`: the viewer key); counted once per viewer, a merged question's for its target.
    virtual void vote(EventId event, QuestionId question, const std::string& viewer,
                      std::function<void(VoteReply)> done) = 0;
    // A moderator's change from a staff connection.
    virtual void moderate(const Actor& actor, const ModerationRequest& request,
                          std::function<void(ModerationReply)> done) = 0;

    // Blocking, on the gateway's thread only (each adapter keeps a connection for it):
    // the room of an event that opens; nullopt for a draft or no such event.
    virtual std::optional<RoomSnapshot> snapshot(EventId event) = 0;
    // The staff user a session token belongs to (the staff cookie), nullopt when none or expired.
    virtual std::optional<StaffUser> staff_of(const std::string& session_token) = 0;

    // Every RoomUpdate of every event, each event's in order of seq, called on the bus's thread. Set once,
    // before the gateway starts.
    virtual void listen(std::function<void(const RoomUpdate&)> on_update) = 0;

    // Viewers of `event` on all gateways, given this gateway's own count (refreshed about once a second).
    virtual std::size_t viewers(EventId event, std::size_t here) = 0;
};

}  // namespace openhall::core
