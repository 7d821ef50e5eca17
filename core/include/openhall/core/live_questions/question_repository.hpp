// Questions and their votes in SQLite. No rules here (QuestionService has them); callers hold the transaction.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "openhall/core/live_questions/question.hpp"
#include "openhall/core/store/database.hpp"

namespace openhall::core {

// A question to store; the repository gives it its id and ticket unless they were given already (through
// Redis, a question is numbered and acknowledged before the server stores it).
struct NewQuestion {
    EventId event_id;
    std::string client_id;
    std::string text;
    std::string name;
    QuestionSource source = QuestionSource::Online;
    QuestionStatus status = QuestionStatus::Pending;
    std::string flag_reason;  // non-empty: flagged
    WallMillis asked_at;
    std::optional<double> media_offset_s;
    std::string viewer;  // hashed viewer token
    std::string address;
    std::string entered_by;
    std::optional<QuestionId> id;  // given: stored under this id
    std::string ticket;            // given: stored with this ticket (another only if it is taken, 1 in 10^12)
};

class QuestionRepository {
public:
    explicit QuestionRepository(Database& db) : db_(db) {}

    // Stores the question with a fresh ticket, or returns the one this event already has under the same client
    // id (second: false).
    std::pair<Question, bool> insert_or_find(const NewQuestion& q);

    std::optional<Question> find(QuestionId id);
    std::optional<Question> find_by_ticket(const std::string& ticket);
    // An event's questions, pinned first, then by votes, then oldest first; all statuses when `statuses` is empty.
    std::vector<Question> list(EventId event, const std::vector<QuestionStatus>& statuses = {});

    // Marks `id` as looking like `other` (the live look-alike; it never changes afterwards).
    void set_looks_like(QuestionId id, QuestionId other);

    // Writes the moderation fields (status, pinned, merged_into, reject_reason).
    void update_moderation(const Question& q, WallMillis now);

    // Counts the viewer's vote once: the question's new vote count, or nullopt when this viewer's vote was
    // counted already.
    std::optional<std::int64_t> add_vote(QuestionId question, const std::string& viewer);
    // Moves the votes of `from` to `to` (a viewer who voted for both counts once) and returns the new count.
    std::int64_t carry_votes(QuestionId from, QuestionId to);
    // Every (question, viewer) vote of an event, for a gateway starting up.
    std::vector<std::pair<QuestionId, std::string>> votes_of(EventId event);

private:
    Database& db_;
};

}  // namespace openhall::core
