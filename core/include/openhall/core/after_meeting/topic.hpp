// Topics: questions of one event that ask the same thing, grouped by an editor after the meeting.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "openhall/core/base/time.hpp"
#include "openhall/core/live_questions/question.hpp"
#include "openhall/core/store/database.hpp"

namespace openhall::core {

struct Topic {
    TopicId id;
    EventId event_id;
    std::string title;
    std::vector<QuestionId> question_ids;  // in ascending order
    std::string created_by;
    Timestamp created_at;
    bool operator==(const Topic&) const = default;
};

nlohmann::json to_json(const Topic& t, const UtcOffsetAt& offset_at = {});

// No rules here (TopicService has them); callers hold the transaction.
class TopicRepository {
public:
    explicit TopicRepository(Database& db) : db_(db) {}

    TopicId insert(EventId event, std::string_view title, std::string_view created_by, Timestamp now);
    void update_title(TopicId id, std::string_view title, Timestamp now);
    // Replaces the topic's questions.
    void set_questions(TopicId id, const std::vector<QuestionId>& questions);
    void remove(TopicId id);

    std::optional<Topic> find(TopicId id);
    std::vector<Topic> list(EventId event);
    // The topic a question belongs to, if any.
    std::optional<TopicId> topic_of(QuestionId question);
    bool is_assigned(TopicId id);

private:
    Database& db_;
};

}  // namespace openhall::core
