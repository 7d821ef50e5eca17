#include "openhall/gateway/event_room.hpp"

#include <algorithm>

namespace openhall::gateway {
namespace {

using core::Question;
using core::QuestionStatus;

Payload payload_of(const nlohmann::json& message) {
    return std::make_shared<const std::string>(message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

// Pins first, then votes, then the oldest: the order viewers see.
bool shown_before(const Question& a, const Question& b) {
    if (a.pinned != b.pinned) return a.pinned;
    if (a.votes != b.votes) return a.votes > b.votes;
    if (a.asked_at != b.asked_at) return a.asked_at < b.asked_at;
    return a.id < b.id;
}

}  // namespace

EventRoom::EventRoom(core::EventId event, core::EventStatus status, core::Timestamp status_changed_at,
                     const std::vector<Question>& questions,
                     const std::vector<std::pair<core::QuestionId, std::string>>& votes, core::UtcOffsetAt offset_at,
                     RoomSettings settings, std::uint64_t first_seq)
    : event_(event), status_(status), status_changed_at_(status_changed_at), offset_at_(std::move(offset_at)),
      settings_(settings), seq_(first_seq) {
    for (const auto& q : questions) {
        if (q.status == QuestionStatus::Merged && q.merged_into) merged_[q.id] = *q.merged_into;
        else if (q.status != QuestionStatus::Rejected) questions_[q.id] = q;
    }
    for (const auto& [question, viewer] : votes) voters_[question.value].insert(viewer);
    for (auto& [id, q] : questions_)
        if (auto v = voters_.find(id.value); v != voters_.end()) q.votes = static_cast<std::int64_t>(v->second.size());
}

std::vector<Question> EventRoom::public_questions() const {
    std::vector<Question> out;
    for (const auto& [id, q] : questions_)
        if (core::is_public(q.status)) out.push_back(q);
    std::sort(out.begin(), out.end(), shown_before);
    return out;
}

nlohmann::json EventRoom::hello() const {
    auto list = nlohmann::json::array();
    for (const auto& q : public_questions()) list.push_back(core::to_json(q, offset_at_));
    return {{"type", "hello"}, {"event", event_.value}, {"seq", seq_}, {"viewers", subscribers_.size()},
            {"questions", std::move(list)}};
}

void EventRoom::join(Subscriber* s, std::optional<std::uint64_t> since) {
    subscribers_.insert(s);
    if (s->is_staff()) staff_.insert(s);
    // Resumable when every broadcast after `since` is still in the backlog (nothing missed: nothing to send).
    const bool resumable = since && *since <= seq_ &&
                           (*since == seq_ || (!backlog_.empty() && backlog_.front().first <= *since + 1));
    if (resumable) {
        for (const auto& [seq, message] : backlog_)
            if (seq > *since) s->send(message);
    } else {
        s->send(payload_of(hello()));
    }
    if (s->is_staff())
        for (const auto& [id, q] : questions_)
            if (q.status == QuestionStatus::Pending)
                s->send(payload_of({{"type", "pending"}, {"question", core::to_json(q, offset_at_, true)}}));
}

void EventRoom::leave(Subscriber* s) {
    subscribers_.erase(s);
    staff_.erase(s);
}

void EventRoom::set_status(core::EventStatus status, core::Timestamp changed_at) {
    const bool changed = status != status_;
    status_ = status;
    status_changed_at_ = changed_at;
    // Pages open the question box and start the player when the event goes live.
    if (changed) broadcast({{"type", "status"}, {"status", core::wire_name(status)}}, false);
}

bool EventRoom::accepts_questions(core::Timestamp now) const {
    if (status_ == core::EventStatus::Live) return true;
    return status_ == core::EventStatus::Ended && now - status_changed_at_ < settings_.ask_after_end;
}

void EventRoom::question_changed(const Question& changed) {
    // The voters seen here are the count (the store may not have written the latest votes yet).
    Question q = changed;
    if (auto v = voters_.find(q.id.value); v != voters_.end()) q.votes = static_cast<std::int64_t>(v->second.size());
    const auto known = questions_.find(q.id);
    const bool was_public = known != questions_.end() && core::is_public(known->second.status);
    if (q.status == QuestionStatus::Merged && q.merged_into) {
        merged_[q.id] = *q.merged_into;
        // The target counts every viewer who voted for either.
        auto& target_voters = voters_[q.merged_into->value];
        for (const auto& v : voters_[q.id.value]) target_voters.insert(v);
        voters_.erase(q.id.value);
        if (auto target = questions_.find(*q.merged_into); target != questions_.end()) {
            target->second.votes = static_cast<std::int64_t>(target_voters.size());
            votes_changed_.insert(target->first);
        }
    }
    if (q.status == QuestionStatus::Rejected || q.status == QuestionStatus::Merged) questions_.erase(q.id);
    else questions_[q.id] = q;

    if (q.status == QuestionStatus::Pending) {
        broadcast({{"type", "pending"}, {"question", core::to_json(q, offset_at_, true)}}, false, true);
        return;
    }
    if (was_public || core::is_public(q.status)) broadcast({{"type", "question"}, {"question", core::to_json(q, offset_at_)}}, true);
    else broadcast({{"type", "question"}, {"question", core::to_json(q, offset_at_, true)}}, false, true);
}

std::optional<core::QuestionId> EventRoom::vote_target(core::QuestionId question) const {
    for (int hops = 0; hops < 16; ++hops) {
        auto m = merged_.find(question);
        if (m == merged_.end()) break;
        question = m->second;
    }
    auto q = questions_.find(question);
    if (q == questions_.end() || !core::is_public(q->second.status)) return std::nullopt;
    return question;
}

VoteResult EventRoom::vote(core::QuestionId question, const std::string& viewer) {
    auto target = vote_target(question);
    if (!target) return VoteResult::NotOpen;
    if (!voters_[target->value].insert(viewer).second) return VoteResult::AlreadyVoted;
    questions_[*target].votes = static_cast<std::int64_t>(voters_[target->value].size());
    votes_changed_.insert(*target);
    return VoteResult::Counted;
}

void EventRoom::flush_votes() {
    if (votes_changed_.empty()) return;
    nlohmann::json counts = nlohmann::json::object();
    for (auto id : votes_changed_)
        if (auto q = questions_.find(id); q != questions_.end()) counts[std::to_string(id.value)] = q->second.votes;
    votes_changed_.clear();
    broadcast({{"type", "votes"}, {"votes", std::move(counts)}}, true);
}

void EventRoom::flush_viewers() {
    if (subscribers_.size() == last_viewers_sent_) return;
    last_viewers_sent_ = subscribers_.size();
    broadcast({{"type", "viewers"}, {"count", subscribers_.size()}}, false);
}

void EventRoom::broadcast(const nlohmann::json& message, bool numbered, bool staff_only) {
    Payload out;
    if (numbered) {
        auto with_seq = message;
        with_seq["seq"] = ++seq_;
        out = payload_of(with_seq);
        backlog_.emplace_back(seq_, out);
        while (backlog_.size() > settings_.backlog) backlog_.pop_front();
    } else {
        out = payload_of(message);
    }
    for (auto* s : staff_only ? staff_ : subscribers_) s->send(out);
}

}  // namespace openhall::gateway
