#include "openhall/core/live_questions/grouping_decisions.hpp"

#include <algorithm>

#include "openhall/core/store/stored_time.hpp"

namespace openhall::core {

void GroupingDecisionRepository::record(const std::string& a, const std::string& b, bool together,
                                        std::optional<EventId> event, const std::string& decided_by, Timestamp at) {
    if (a == b) return;
    // REPLACE deletes the older row and inserts a new one, so the row's id orders decisions (seconds cannot).
    auto st = db_.prepare(
        "INSERT OR REPLACE INTO grouping_decisions(text_a, text_b, together, event_id, decided_by, decided_at) "
        "VALUES (?, ?, ?, ?, ?, ?)");
    st.bind(1, std::min(a, b));
    st.bind(2, std::max(a, b));
    st.bind(3, together ? 1 : 0);
    if (event) st.bind(4, event->value);
    else st.bind(4);
    st.bind(5, decided_by);
    st.bind(6, seconds_of(at));
    st.exec();
}

void GroupingDecisionRepository::record_together(const std::vector<std::string>& texts, std::optional<EventId> event,
                                                 const std::string& decided_by, Timestamp at) {
    for (std::size_t i = 1; i < std::min(texts.size(), kQuestionsPerDecision); ++i)
        record(texts[0], texts[i], true, event, decided_by, at);
}

void GroupingDecisionRepository::record_apart(const std::vector<std::string>& texts, const std::vector<std::string>& others,
                                              std::optional<EventId> event, const std::string& decided_by, Timestamp at) {
    if (others.empty()) return;
    for (std::size_t i = 0; i < std::min(texts.size(), kQuestionsPerDecision); ++i) {
        // A question left out with the very words of one kept in: the words were kept, not refused.
        if (std::find(others.begin(), others.end(), texts[i]) != others.end()) continue;
        record(texts[i], others[0], false, event, decided_by, at);
    }
}

std::vector<GroupingDecision> GroupingDecisionRepository::recent(std::size_t limit) {
    auto st = db_.prepare(
        "SELECT text_a, text_b, together FROM grouping_decisions ORDER BY id DESC LIMIT ?");
    st.bind(1, static_cast<std::int64_t>(limit));
    std::vector<GroupingDecision> out;
    while (st.executeStep())
        out.push_back({st.getColumn(0).getString(), st.getColumn(1).getString(), st.getColumn(2).getInt() != 0});
    std::reverse(out.begin(), out.end());
    return out;
}

}  // namespace openhall::core
