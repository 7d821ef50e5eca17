// One event's live state in the gateway: who is connected, the questions viewers see with their votes, and the
// numbered broadcasts with a bounded backlog for clients that reconnect. The state is a replica: it starts from
// the bus's snapshot and follows its RoomUpdates, numbered by the hub (core/live_questions/question_bus.hpp), so
// every gateway sends the same numbers. No sockets here: a connection is a Subscriber, so the fan-out rules are
// tested without a network. Runs on the gateway thread only.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "openhall/core/events/event.hpp"
#include "openhall/core/live_questions/question.hpp"
#include "openhall/core/live_questions/question_bus.hpp"

namespace openhall::gateway {

using Payload = std::shared_ptr<const std::string>;

class Subscriber {
public:
    virtual ~Subscriber() = default;
    virtual void send(const Payload& message) = 0;
    virtual bool is_staff() const = 0;
};

struct RoomSettings {
    std::size_t backlog = 1024;                    // numbered broadcasts kept for `since`
    std::chrono::seconds ask_after_end{10 * 60};   // asking stays open this long after the event ends
};

class EventRoom {
public:
    // The room as of `snapshot.seq`; updates numbered up to it are already in it and are skipped when they come.
    // The snapshot's recent updates start the backlog, so a viewer resumes here from another gateway.
    EventRoom(core::EventId event, const core::RoomSnapshot& snapshot, core::UtcOffsetAt offset_at,
              RoomSettings settings);

    core::EventId event() const { return event_; }

    // Starts again from a newer snapshot (the room missed a change: its numbers jumped) and sends every
    // subscriber a fresh hello, and staff the pending questions.
    void reload(const core::RoomSnapshot& snapshot);

    // Sends what the subscriber needs first: the broadcasts after `since` when the backlog still has them all,
    // else a hello with the public questions; staff also get every pending question.
    void join(Subscriber* s, std::optional<std::uint64_t> since);
    void leave(Subscriber* s);
    std::size_t viewers() const { return subscribers_.size(); }
    bool empty() const { return subscribers_.empty(); }

    void set_status(core::EventStatus status, core::Timestamp changed_at);
    // Live, or ended for less than ask_after_end.
    bool accepts_questions(core::Timestamp now) const;

    // An update from the bus, for this room's event: a changed question (viewers hear of it when it is or was
    // public, staff of everything), vote counts, a status, a caption line (everyone).
    void apply(const core::RoomUpdate& update);

    // The question a vote for `question` counts for (a merged one's target), when it is public.
    std::optional<core::QuestionId> vote_target(core::QuestionId question) const;

    // Called every second with the viewers of the event on every gateway (`now`: the gateway's steady clock).
    // Sent when it changed by 1% or more, or changed at all and the last was sent 5 s ago or more: a small room
    // sees every change at once, and a room of 50,000 is not sent a count every second while people come and go
    // (each count is a message to every viewer).
    void flush_viewers(std::size_t total, std::chrono::steady_clock::time_point now);

    std::uint64_t seq() const { return seq_; }

private:
    void load(const core::RoomSnapshot& snapshot);
    void send_pending(Subscriber* s);
    void question_changed(const core::Question& q, std::uint64_t seq);
    // The message for a changed question and whether it goes to staff only: pending ones to staff as
    // "pending"; a change viewers must hear of (it is or was public) to everyone; the rest to staff.
    std::pair<nlohmann::json, bool> question_message(const core::Question& q, bool was_public) const;
    void keep(std::uint64_t seq, const Payload& message, bool staff_only);
    void votes_changed(const std::map<core::QuestionId, std::int64_t>& votes, std::uint64_t seq);
    static nlohmann::json caption_message(const core::CaptionLine& line);
    // seq 0: not numbered (status, viewer counts), nor kept for resuming.
    void broadcast(const nlohmann::json& message, std::uint64_t seq, bool staff_only = false);
    nlohmann::json hello() const;
    std::vector<core::Question> public_questions() const;

    core::EventId event_;
    core::EventStatus status_;
    core::Timestamp status_changed_at_;
    core::UtcOffsetAt offset_at_;
    RoomSettings settings_;
    std::unordered_set<Subscriber*> subscribers_;
    std::unordered_set<Subscriber*> staff_;  // also in subscribers_: staff-only messages skip the viewers
    std::map<core::QuestionId, core::Question> questions_;  // every question but the rejected and merged
    std::map<core::QuestionId, core::QuestionId> merged_;   // merged → target, for votes sent to old ids
    std::optional<core::CaptionLine> caption_;               // the newest line, for the hello of a live event
    struct Numbered {
        std::uint64_t seq;
        Payload message;
        bool staff_only;
    };
    std::deque<Numbered> backlog_;
    std::uint64_t seq_ = 0;
    std::size_t last_viewers_sent_ = static_cast<std::size_t>(-1);
    std::chrono::steady_clock::time_point last_viewers_sent_at_{};
};

}  // namespace openhall::gateway
