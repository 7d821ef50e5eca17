// Topics after the meeting: an editor accepts, splits or merges suggested groups into topics. Every change is
// validated, stored and audited in one transaction.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "openhall/core/accounts/audit_log.hpp"
#include "openhall/core/accounts/user.hpp"
#include "openhall/core/after_meeting/topic.hpp"
#include "openhall/core/base/result.hpp"
#include "openhall/core/events/event_repository.hpp"
#include "openhall/core/live_questions/grouping_decisions.hpp"
#include "openhall/core/live_questions/question_repository.hpp"

namespace openhall::core {

struct TopicPatch {
    std::optional<std::string> title;
    std::optional<std::vector<QuestionId>> question_ids;
};

class TopicService {
public:
    TopicService(Database& db, const Clock& clock)
        : db_(db), clock_(clock), topics_(db), questions_(db), events_(db), audit_(db), decisions_(db) {}

    // The questions must be of the event, not rejected or merged, and in no other topic (conflict otherwise).
    // `declined`: questions of the event the editor left out of a suggested group (invalid input if one is not of
    // the event or is also in `questions`). Every change here is also kept as a grouping decision (together:
    // a topic's questions, a merge; apart: declined or taken-out questions) for the office's later events.
    Result<Topic> create(const Actor& actor, EventId event, std::string_view title, std::vector<QuestionId> questions,
                         const std::vector<QuestionId>& declined = {});
    Result<Topic> update(const Actor& actor, TopicId id, const TopicPatch& patch);
    // A topic that has been assigned stays (conflict): its assignment's history refers to it.
    Status remove(const Actor& actor, TopicId id);
    // Moves the questions of `from` into `into` and removes `from`, in one transaction; both of one event, and
    // `from` not assigned.
    Result<Topic> merge(const Actor& actor, TopicId into, TopicId from);

    std::optional<Topic> find(TopicId id) { return topics_.find(id); }
    std::vector<Topic> list(EventId event) { return topics_.list(event); }

private:
    Status check_questions(EventId event, std::vector<QuestionId>& questions, std::optional<TopicId> own);
    std::vector<std::string> texts(const std::vector<QuestionId>& questions);

    Database& db_;
    const Clock& clock_;
    TopicRepository topics_;
    QuestionRepository questions_;
    EventRepository events_;
    AuditLog audit_;
    GroupingDecisionRepository decisions_;
};

}  // namespace openhall::core
