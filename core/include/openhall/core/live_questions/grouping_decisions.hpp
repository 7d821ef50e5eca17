// Editors' decisions about which questions ask the same thing, kept in SQLite for the office's later events
// (question_grouping.hpp applies them). Recorded by the topic service (accept, split, merge) and by the live
// merge; callers hold the transaction. One OpenHall installation serves one office (docs/decisions.md).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "openhall/core/base/ids.hpp"
#include "openhall/core/base/time.hpp"
#include "openhall/core/live_questions/question_grouping.hpp"
#include "openhall/core/store/database.hpp"

namespace openhall::core {

class GroupingDecisionRepository {
public:
    // At most this many questions of one decision are recorded (one action writes at most 2 × 200 rows).
    static constexpr std::size_t kQuestionsPerDecision = 200;
    // suggest_groups is given the newest this many decisions.
    static constexpr std::size_t kRecalled = 5000;

    explicit GroupingDecisionRepository(Database& db) : db_(db) {}

    // Two questions' texts as asked; the same text twice records nothing. Replaces an older decision about them.
    void record(const std::string& a, const std::string& b, bool together, std::optional<EventId> event,
                const std::string& decided_by, Timestamp at);
    // That `texts` ask one thing: each is recorded with the first (togetherness is transitive).
    void record_together(const std::vector<std::string>& texts, std::optional<EventId> event,
                         const std::string& decided_by, Timestamp at);
    // That each of `texts` does not ask what `others` ask (one row each, with the first of `others`: they are
    // together, so apart from the first is apart from the group). A text equal to one of `others` is skipped.
    void record_apart(const std::vector<std::string>& texts, const std::vector<std::string>& others,
                      std::optional<EventId> event, const std::string& decided_by, Timestamp at);

    // The newest `limit` decisions, oldest first.
    std::vector<GroupingDecision> recent(std::size_t limit = kRecalled);

private:
    Database& db_;
};

}  // namespace openhall::core
