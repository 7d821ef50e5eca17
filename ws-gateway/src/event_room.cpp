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

EventRoom::EventRoom(core::EventId event, const core::RoomSnapshot& snapshot, core::UtcOffsetAt offset_at,
                     RoomSettings settings)
    : event_(event), offset_at_(std::move(offset_at)), settings_(settings) {
    load(snapshot);
}

void EventRoom::load(const core::RoomSnapshot& snapshot) {
    status_ = snapshot.status;
    status_changed_at_ = snapshot.status_changed_at;
    seq_ = snapshot.seq;
    questions_.clear();
    merged_.clear();
    backlog_.clear();
    caption_ = snapshot.caption;
    for (const auto& q : snapshot.questions) {
        if (q.status == QuestionStatus::Merged && q.merged_into) merged_[q.id] = *q.merged_into;
        else if (q.status != QuestionStatus::Rejected) questions_[q.id] = q;
    }
    for (const auto& u : snapshot.recent) {
        if (u.seq == 0 || u.seq > seq_) continue;
        if (u.kind == core::RoomUpdate::Kind::Question && u.question) {
            auto [message, staff_only] = question_message(*u.question, !u.staff_only);
            message["seq"] = u.seq;
            keep(u.seq, payload_of(message), staff_only);
        } else if (u.kind == core::RoomUpdate::Kind::Votes) {
            nlohmann::json counts = nlohmann::json::object();
            for (const auto& [id, count] : u.votes) counts[std::to_string(id.value)] = count;
            keep(u.seq, payload_of({{"type", "votes"}, {"votes", std::move(counts)}, {"seq", u.seq}}), false);
        } else if (u.kind == core::RoomUpdate::Kind::Caption && u.caption) {
            auto message = caption_message(*u.caption);
            message["seq"] = u.seq;
            keep(u.seq, payload_of(message), false);
        }
    }
}

void EventRoom::reload(const core::RoomSnapshot& snapshot) {
    load(snapshot);
    const auto fresh = payload_of(hello());
    for (auto* s : subscribers_) {
        s->send(fresh);
        if (s->is_staff()) send_pending(s);
    }
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
    // The count on every gateway as last heard, or this gateway's own when it is more (a room just opened).
    const auto viewers = last_viewers_sent_ == static_cast<std::size_t>(-1)
                             ? subscribers_.size()
                             : std::max(last_viewers_sent_, subscribers_.size());
    // The line on screen when the page opens: only while the event is live (an old line would read as said now).
    const bool captioning = caption_ && status_ == core::EventStatus::Live;
    return {{"type", "hello"}, {"event", event_.value}, {"seq", seq_}, {"viewers", viewers},
            {"questions", std::move(list)}, {"caption", captioning ? core::to_json(*caption_) : nlohmann::json()}};
}

void EventRoom::join(Subscriber* s, std::optional<std::uint64_t> since) {
    subscribers_.insert(s);
    if (s->is_staff()) staff_.insert(s);
    // Resumable when every broadcast after `since` is still in the backlog (nothing missed: nothing to send).
    const bool resumable = since && *since <= seq_ &&
                           (*since == seq_ || (!backlog_.empty() && backlog_.front().seq <= *since + 1));
    if (resumable) {
        for (const auto& numbered : backlog_)
            if (numbered.seq > *since && (!numbered.staff_only || s->is_staff())) s->send(numbered.message);
    } else {
        s->send(payload_of(hello()));
    }
    if (s->is_staff()) send_pending(s);
}

void EventRoom::send_pending(Subscriber* s) {
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
    if (changed) broadcast({{"type", "status"}, {"status", core::wire_name(status)}}, 0);
}

bool EventRoom::accepts_questions(core::Timestamp now) const {
    if (status_ == core::EventStatus::Live) return true;
    return status_ == core::EventStatus::Ended && now - status_changed_at_ < settings_.ask_after_end;
}

void EventRoom::apply(const core::RoomUpdate& update) {
    using Kind = core::RoomUpdate::Kind;
    if (update.kind == Kind::Status) return set_status(update.status, update.status_changed_at);
    if (update.kind == Kind::CaptionPartial) {
        // Shown while live only, to whoever is watching now; never kept (the final line follows, numbered).
        if (update.caption && status_ == core::EventStatus::Live)
            broadcast({{"type", "caption_partial"},
                       {"line", {{"start_s", static_cast<double>(update.caption->start_ms) / 1000.0},
                                 {"text", update.caption->text},
                                 {"source", core::wire_name(update.caption->source)}}}},
                      0);
        return;
    }
    // Numbered updates up to seq_ are in the snapshot the room started from.
    if (update.seq <= seq_) return;
    if (update.kind == Kind::Question && update.question) question_changed(*update.question, update.seq);
    else if (update.kind == Kind::Votes) votes_changed(update.votes, update.seq);
    else if (update.kind == Kind::Caption && update.caption) {
        // A correction of an older line than the newest (sent twice on the way) does not take the screen back.
        if (!caption_ || update.caption->id >= caption_->id) caption_ = update.caption;
        broadcast(caption_message(*update.caption), update.seq);
    }
    seq_ = update.seq;
}

void EventRoom::question_changed(const Question& changed, std::uint64_t seq) {
    Question q = changed;
    const auto known = questions_.find(q.id);
    const bool was_public = known != questions_.end() && core::is_public(known->second.status);
    // Counts only grow (a merge moves a question's votes to its target and removes it): a change read before
    // the latest votes were counted keeps the newer count.
    if (known != questions_.end()) q.votes = std::max(q.votes, known->second.votes);
    if (q.status == QuestionStatus::Merged && q.merged_into) merged_[q.id] = *q.merged_into;
    if (q.status == QuestionStatus::Rejected || q.status == QuestionStatus::Merged) questions_.erase(q.id);
    else questions_[q.id] = q;

    auto [message, staff_only] = question_message(q, was_public);
    broadcast(message, seq, staff_only);
}

std::pair<nlohmann::json, bool> EventRoom::question_message(const Question& q, bool was_public) const {
    if (q.status == QuestionStatus::Pending)
        return {{{"type", "pending"}, {"question", core::to_json(q, offset_at_, true)}}, true};
    if (was_public || core::is_public(q.status))
        return {{{"type", "question"}, {"question", core::to_json(q, offset_at_)}}, false};
    return {{{"type", "question"}, {"question", core::to_json(q, offset_at_, true)}}, true};
}

void EventRoom::votes_changed(const std::map<core::QuestionId, std::int64_t>& votes, std::uint64_t seq) {
    nlohmann::json counts = nlohmann::json::object();
    for (const auto& [id, count] : votes)
        if (auto q = questions_.find(id); q != questions_.end()) {
            q->second.votes = std::max(q->second.votes, count);
            counts[std::to_string(id.value)] = q->second.votes;
        }
    if (!counts.empty()) broadcast({{"type", "votes"}, {"votes", std::move(counts)}}, seq);
}

nlohmann::json EventRoom::caption_message(const core::CaptionLine& line) {
    return {{"type", "caption"}, {"line", core::to_json(line)}};
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

void EventRoom::flush_viewers(std::size_t total, std::chrono::steady_clock::time_point now) {
    constexpr auto kQuietCountFor = std::chrono::seconds{5};
    if (total == last_viewers_sent_) return;
    const bool first = last_viewers_sent_ == static_cast<std::size_t>(-1);
    const std::size_t change = total > last_viewers_sent_ ? total - last_viewers_sent_ : last_viewers_sent_ - total;
    if (!first && change * 100 < last_viewers_sent_ && now - last_viewers_sent_at_ < kQuietCountFor) return;
    last_viewers_sent_ = total;
    last_viewers_sent_at_ = now;
    broadcast({{"type", "viewers"}, {"count", total}}, 0);
}

void EventRoom::broadcast(const nlohmann::json& message, std::uint64_t seq, bool staff_only) {
    Payload out;
    if (seq > 0) {
        auto with_seq = message;
        with_seq["seq"] = seq;
        out = payload_of(with_seq);
        keep(seq, out, staff_only);
    } else {
        out = payload_of(message);
    }
    for (auto* s : staff_only ? staff_ : subscribers_) s->send(out);
}

void EventRoom::keep(std::uint64_t seq, const Payload& message, bool staff_only) {
    if (!backlog_.empty() && seq <= backlog_.back().seq) return;  // sent twice on the way (a resend after a lost reply)
    backlog_.push_back({seq, message, staff_only});
    while (backlog_.size() > settings_.backlog) backlog_.pop_front();
}

}  // namespace openhall::gateway
