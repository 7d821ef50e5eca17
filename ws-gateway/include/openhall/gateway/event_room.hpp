// One event's live state in the gateway: who is connected, the questions viewers see, votes, and the numbered
// broadcasts with a bounded backlog for clients that reconnect. No sockets here: a connection is a Subscriber,
// so the fan-out rules are tested without a network. Runs on the gateway thread only.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "openhall/core/events/event.hpp"
#include "openhall/core/live_questions/question.hpp"

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

enum class VoteResult { Counted, AlreadyVoted, NotOpen };

class EventRoom {
public:
    // `questions`: the event's questions; `votes`: (question, viewer) pairs. Numbered broadcasts start after
    // `first_seq`: the gateway passes the time in microseconds, so a room opened later (after a restart, or once
    // it emptied) never reuses a number and a client's old `since` gets a fresh hello.
    EventRoom(core::EventId event, core::EventStatus status, core::Timestamp status_changed_at,
              const std::vector<core::Question>& questions,
              const std::vector<std::pair<core::QuestionId, std::string>>& votes, core::UtcOffsetAt offset_at,
              RoomSettings settings, std::uint64_t first_seq = 0);

    core::EventId event() const { return event_; }

    // Sends what the subscriber needs first: the broadcasts after `since` when the backlog still has them all,
    // else a hello with the public questions; staff also get every pending question.
    void join(Subscriber* s, std::optional<std::uint64_t> since);
    void leave(Subscriber* s);
    std::size_t viewers() const { return subscribers_.size(); }
    bool empty() const { return subscribers_.empty(); }

    void set_status(core::EventStatus status, core::Timestamp changed_at);
    // Live, or ended for less than ask_after_end.
    bool accepts_questions(core::Timestamp now) const;

    // A new or changed question: viewers hear of it when it is (or was) public, staff of everything.
    void question_changed(const core::Question& q);

    // Counts a viewer's vote in memory (the caller stores it); the broadcast comes with flush_votes.
    VoteResult vote(core::QuestionId question, const std::string& viewer);
    std::optional<core::QuestionId> vote_target(core::QuestionId question) const;

    // The coalesced broadcasts, called on timers: vote counts that changed, and the viewer count.
    void flush_votes();
    void flush_viewers();

    std::uint64_t seq() const { return seq_; }

private:
    void broadcast(const nlohmann::json& message, bool numbered, bool staff_only = false);
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
    std::unordered_map<std::int64_t, std::unordered_set<std::string>> voters_;
    std::set<core::QuestionId> votes_changed_;
    std::deque<std::pair<std::uint64_t, Payload>> backlog_;
    std::uint64_t seq_ = 0;
    std::size_t last_viewers_sent_ = static_cast<std::size_t>(-1);
};

}  // namespace openhall::gateway
