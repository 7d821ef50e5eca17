#include "openhall/core/after_meeting/topic.hpp"

#include "openhall/core/store/stored_time.hpp"

namespace openhall::core {

nlohmann::json to_json(const Topic& t, const UtcOffsetAt& offset_at) {
    auto ids = nlohmann::json::array();
    for (auto q : t.question_ids) ids.push_back(q.value);
    return {{"id", t.id.value},
            {"event_id", t.event_id.value},
            {"title", t.title},
            {"question_ids", std::move(ids)},
            {"created_by", t.created_by},
            {"created_at", format_rfc3339(t.created_at, offset_at ? offset_at(t.created_at) : std::chrono::seconds{0})}};
}

TopicId TopicRepository::insert(EventId event, std::string_view title, std::string_view created_by, Timestamp now) {
    auto st = db_.prepare(
        "INSERT INTO topics(event_id, title, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?)");
    st.bind(1, event.value);
    st.bind(2, std::string(title));
    st.bind(3, std::string(created_by));
    st.bind(4, seconds_of(now));
    st.bind(5, seconds_of(now));
    st.exec();
    return TopicId{db_.handle().getLastInsertRowid()};
}

void TopicRepository::update_title(TopicId id, std::string_view title, Timestamp now) {
    auto st = db_.prepare("UPDATE topics SET title = ?, updated_at = ? WHERE id = ?");
    st.bind(1, std::string(title));
    st.bind(2, seconds_of(now));
    st.bind(3, id.value);
    st.exec();
}

void TopicRepository::set_questions(TopicId id, const std::vector<QuestionId>& questions) {
    {
        auto clear = db_.prepare("DELETE FROM topic_questions WHERE topic_id = ?");
        clear.bind(1, id.value);
        clear.exec();
    }
    for (auto q : questions) {
        auto add = db_.prepare("INSERT INTO topic_questions(topic_id, question_id) VALUES (?, ?)");
        add.bind(1, id.value);
        add.bind(2, q.value);
        add.exec();
    }
}

void TopicRepository::remove(TopicId id) {
    auto st = db_.prepare("DELETE FROM topics WHERE id = ?");
    st.bind(1, id.value);
    st.exec();
}

std::optional<Topic> TopicRepository::find(TopicId id) {
    Topic t;
    {
        auto st = db_.prepare("SELECT id, event_id, title, created_by, created_at FROM topics WHERE id = ?");
        st.bind(1, id.value);
        if (!st.executeStep()) return std::nullopt;
        t = Topic{TopicId{st.getColumn(0).getInt64()}, EventId{st.getColumn(1).getInt64()}, st.getColumn(2).getString(),
                  {}, st.getColumn(3).getString(), Timestamp{std::chrono::seconds{st.getColumn(4).getInt64()}}};
    }
    auto st = db_.prepare("SELECT question_id FROM topic_questions WHERE topic_id = ? ORDER BY question_id");
    st.bind(1, id.value);
    while (st.executeStep()) t.question_ids.push_back(QuestionId{st.getColumn(0).getInt64()});
    return t;
}

std::vector<Topic> TopicRepository::list(EventId event) {
    std::vector<TopicId> ids;
    {
        auto st = db_.prepare("SELECT id FROM topics WHERE event_id = ? ORDER BY id");
        st.bind(1, event.value);
        while (st.executeStep()) ids.push_back(TopicId{st.getColumn(0).getInt64()});
    }
    std::vector<Topic> out;
    for (auto id : ids)
        if (auto t = find(id)) out.push_back(std::move(*t));
    return out;
}

std::optional<TopicId> TopicRepository::topic_of(QuestionId question) {
    auto st = db_.prepare("SELECT topic_id FROM topic_questions WHERE question_id = ?");
    st.bind(1, question.value);
    if (!st.executeStep()) return std::nullopt;
    return TopicId{st.getColumn(0).getInt64()};
}

bool TopicRepository::is_assigned(TopicId id) {
    auto st = db_.prepare("SELECT 1 FROM assignments WHERE topic_id = ? LIMIT 1");
    st.bind(1, id.value);
    return st.executeStep();
}

}  // namespace openhall::core
