#include "openhall/core/live_questions/look_alikes.hpp"

namespace openhall::core {

std::size_t LookAlikes::count(EventQuestions& e, QuestionId id, const QuestionTerms& terms) {
    const auto slot = e.vectors.add(terms);
    e.id_of_slot.push_back(id);
    e.slot_of_id[id.value] = slot;
    return slot;
}

LookAlikes::EventQuestions& LookAlikes::load(QuestionRepository& questions, EventId event) {
    if (!events_.contains(event.value) && events_.size() >= kEventsKept) {
        auto oldest = events_.begin();
        for (auto e = events_.begin(); e != events_.end(); ++e)
            if (e->second.last_used < oldest->second.last_used) oldest = e;
        events_.erase(oldest);
    }
    auto [it, fresh] = events_.try_emplace(event.value);
    it->second.last_used = ++uses_;
    if (fresh)
        for (const auto& q : questions.list(event, {QuestionStatus::Pending, QuestionStatus::Approved, QuestionStatus::Answered}))
            count(it->second, q.id, analyzer_.terms(q.text));
    return it->second;
}

std::optional<QuestionId> LookAlikes::add(QuestionRepository& questions, EventId event, QuestionId id, std::string_view text) {
    auto& e = load(questions, event);
    // Loading may already have read this question (it was stored before the first call).
    auto known = e.slot_of_id.find(id.value);
    const auto slot = known != e.slot_of_id.end() ? known->second : count(e, id, analyzer_.terms(text));
    for (const auto& match : e.vectors.similar_to(slot, threshold_))
        if (e.id_of_slot[match.slot] != id) return e.id_of_slot[match.slot];
    return std::nullopt;
}

void LookAlikes::remove(EventId event, QuestionId id) {
    auto e = events_.find(event.value);
    if (e == events_.end()) return;
    auto slot = e->second.slot_of_id.find(id.value);
    if (slot == e->second.slot_of_id.end()) return;
    e->second.vectors.remove(slot->second);
    e->second.slot_of_id.erase(slot);
}

}  // namespace openhall::core
