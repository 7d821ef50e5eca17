#include "openhall/core/after_meeting/topic_service.hpp"

#include <algorithm>

#include <SQLiteCpp/Transaction.h>
#include <fmt/format.h>

#include "openhall/core/text/text.hpp"

namespace openhall::core {
namespace {

constexpr std::size_t kTitleMax = 200;
constexpr std::size_t kQuestionsMax = 500;

Error no_such_topic(TopicId id) { return make_error(ErrorCode::NotFound, fmt::format("topic {} does not exist", id.value)); }

}  // namespace

Status TopicService::check_questions(EventId event, std::vector<QuestionId>& questions, std::optional<TopicId> own) {
    std::sort(questions.begin(), questions.end());
    questions.erase(std::unique(questions.begin(), questions.end()), questions.end());
    if (questions.empty()) return make_error(ErrorCode::InvalidInput, "question_ids needs at least one question");
    if (questions.size() > kQuestionsMax)
        return make_error(ErrorCode::InvalidInput, fmt::format("a topic holds at most {} questions", kQuestionsMax));
    for (auto id : questions) {
        auto q = questions_.find(id);
        if (!q || q->event_id != event)
            return make_error(ErrorCode::InvalidInput, fmt::format("question {} is not a question of this event", id.value));
        if (q->status == QuestionStatus::Rejected || q->status == QuestionStatus::Merged)
            return make_error(ErrorCode::InvalidInput,
                              fmt::format("question {} is {} and cannot be part of a topic", id.value, wire_name(q->status)));
        if (auto other = topics_.topic_of(id); other && other != own)
            return make_error(ErrorCode::Conflict, fmt::format("question {} is already in topic {}; take it out there first",
                                                               id.value, other->value));
    }
    return Ok{};
}

std::vector<std::string> TopicService::texts(const std::vector<QuestionId>& questions) {
    std::vector<std::string> out;
    for (auto id : questions)
        if (auto q = questions_.find(id)) out.push_back(q->text);
    return out;
}

Result<Topic> TopicService::create(const Actor& actor, EventId event, std::string_view title,
                                   std::vector<QuestionId> questions, const std::vector<QuestionId>& declined) {
    if (!events_.find(event)) return make_error(ErrorCode::NotFound, fmt::format("event {} does not exist", event.value));
    if (auto s = check_text("title", title, 1, kTitleMax); !s) return s.error();
    SQLite::Transaction tx(db_.handle());
    if (auto s = check_questions(event, questions, std::nullopt); !s) return s.error();
    for (auto id : declined) {
        auto q = questions_.find(id);
        if (!q || q->event_id != event)
            return make_error(ErrorCode::InvalidInput, fmt::format("declined question {} is not a question of this event", id.value));
        if (std::binary_search(questions.begin(), questions.end(), id))
            return make_error(ErrorCode::InvalidInput, fmt::format("question {} cannot be both in the topic and declined", id.value));
    }
    const auto id = topics_.insert(event, title, actor.name, clock_.now());
    topics_.set_questions(id, questions);
    decisions_.record_together(texts(questions), event, actor.name, clock_.now());
    decisions_.record_apart(texts(declined), texts(questions), event, actor.name, clock_.now());
    auto created = *topics_.find(id);
    audit_.record(clock_.now(), actor, "topic.create", "topic", id.value, nullptr, to_json(created));
    tx.commit();
    return created;
}

Result<Topic> TopicService::update(const Actor& actor, TopicId id, const TopicPatch& patch) {
    SQLite::Transaction tx(db_.handle());
    auto current = topics_.find(id);
    if (!current) return no_such_topic(id);
    if (patch.title) {
        if (auto s = check_text("title", *patch.title, 1, kTitleMax); !s) return s.error();
        topics_.update_title(id, *patch.title, clock_.now());
    }
    if (patch.question_ids) {
        auto questions = *patch.question_ids;
        if (auto s = check_questions(current->event_id, questions, id); !s) return s.error();
        topics_.set_questions(id, questions);
        std::vector<QuestionId> taken_out;
        for (auto q : current->question_ids)
            if (!std::binary_search(questions.begin(), questions.end(), q)) taken_out.push_back(q);
        decisions_.record_together(texts(questions), current->event_id, actor.name, clock_.now());
        decisions_.record_apart(texts(taken_out), texts(questions), current->event_id, actor.name, clock_.now());
    }
    auto changed = *topics_.find(id);
    if (changed == *current) return changed;
    audit_.record(clock_.now(), actor, "topic.update", "topic", id.value, to_json(*current), to_json(changed));
    tx.commit();
    return changed;
}

Status TopicService::remove(const Actor& actor, TopicId id) {
    SQLite::Transaction tx(db_.handle());
    auto current = topics_.find(id);
    if (!current) return no_such_topic(id);
    if (topics_.is_assigned(id))
        return make_error(ErrorCode::Conflict, fmt::format("topic {} has been assigned and is kept with its assignment", id.value));
    topics_.remove(id);
    audit_.record(clock_.now(), actor, "topic.delete", "topic", id.value, to_json(*current), nullptr);
    tx.commit();
    return Ok{};
}

Result<Topic> TopicService::merge(const Actor& actor, TopicId into, TopicId from) {
    if (into == from) return make_error(ErrorCode::InvalidInput, "a topic cannot be merged into itself");
    SQLite::Transaction tx(db_.handle());
    auto target = topics_.find(into);
    if (!target) return no_such_topic(into);
    auto source = topics_.find(from);
    if (!source) return no_such_topic(from);
    if (source->event_id != target->event_id)
        return make_error(ErrorCode::InvalidInput, "topics of different events cannot be merged");
    if (topics_.is_assigned(from))
        return make_error(ErrorCode::Conflict, fmt::format("topic {} has been assigned and is kept with its assignment", from.value));
    auto questions = target->question_ids;
    questions.insert(questions.end(), source->question_ids.begin(), source->question_ids.end());
    topics_.remove(from);
    if (auto s = check_questions(target->event_id, questions, into); !s) return s.error();
    topics_.set_questions(into, questions);
    decisions_.record_together(texts(questions), target->event_id, actor.name, clock_.now());
    auto merged = *topics_.find(into);
    audit_.record(clock_.now(), actor, "topic.delete", "topic", from.value, to_json(*source), nullptr);
    audit_.record(clock_.now(), actor, "topic.merge", "topic", into.value, to_json(*target), to_json(merged));
    tx.commit();
    return merged;
}

}  // namespace openhall::core
