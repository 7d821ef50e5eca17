// The interpretation workflow: drafting with versions, review (預審), pre-publication with a comment window
// (預公開), publication, withdrawal, and what the public sees of it (tickets' answers, search, statistics).
// Every change is validated, stored and audited in one transaction.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "openhall/core/accounts/audit_log.hpp"
#include "openhall/core/accounts/user.hpp"
#include "openhall/core/after_meeting/interpretation_repository.hpp"
#include "openhall/core/after_meeting/topic.hpp"
#include "openhall/core/base/result.hpp"
#include "openhall/core/events/event_repository.hpp"
#include "openhall/core/live_questions/question_repository.hpp"
#include "openhall/core/store/search_index.hpp"

namespace openhall::core {

struct InterpretationInput {
    EventId event_id;  // on create; a save keeps the interpretation's event
    std::string title;
    std::string body_md;
    InterpretationLinks links;
};

struct NewComment {
    std::string name;
    std::string contact;
    std::string text;
    std::string address;
};

// The published interpretation that answers a question (directly or through its topic).
struct AnswerLink {
    InterpretationId interpretation;
    EventId event;
    std::string title;
    std::string short_answer;  // the editor's answer for this question, may be empty
    Timestamp published_at;
};

struct AnswerStatistics {
    std::int64_t questions = 0;  // public questions
    std::int64_t answered = 0;   // of those, answered by a published interpretation
    std::optional<double> median_hours_to_answer;
};

class InterpretationService {
public:
    InterpretationService(Database& db, const Clock& clock)
        : db_(db), clock_(clock), interpretations_(db), questions_(db), topics_(db), events_(db), search_(db), audit_(db) {}

    Result<Interpretation> create(const Actor& actor, const InterpretationInput& input);
    // Saves a new version (nothing when it equals the latest). A pre-published text that changes goes back to
    // review; a published one keeps its public version until the revision is approved and published.
    Result<Interpretation> save(const Actor& actor, InterpretationId id, const InterpretationInput& input);
    Result<Interpretation> review(const Actor& actor, InterpretationId id, ReviewDecision decision, std::string_view comment);
    // `comment_until` is required for pre_published and refused otherwise.
    Result<Interpretation> change_status(const Actor& actor, InterpretationId id, InterpretationStatus to,
                                         std::optional<Timestamp> comment_until);

    std::optional<Interpretation> find(InterpretationId id) { return interpretations_.find(id); }
    std::vector<Interpretation> list(std::optional<EventId> event, const std::vector<InterpretationStatus>& statuses) {
        return interpretations_.list(event, statuses);
    }
    std::optional<InterpretationVersion> version(InterpretationId id, int number) {
        return interpretations_.version(id, number);
    }
    std::vector<InterpretationVersion> versions(InterpretationId id) { return interpretations_.versions(id); }
    std::vector<Review> reviews(InterpretationId id) { return interpretations_.reviews(id); }

    // Only while pre-published and before the window closes.
    Result<Comment> add_comment(InterpretationId id, const NewComment& comment);
    Result<Comment> moderate_comment(const Actor& actor, CommentId id, CommentStatus to, std::string_view reply);
    std::vector<Comment> comments(InterpretationId id, const std::vector<CommentStatus>& statuses = {}) {
        return interpretations_.comments(id, statuses);
    }

    // `question` is the one that counts (a merged question's target).
    std::optional<AnswerLink> answer_for(const Question& question);
    // Over the public questions of the given events: each event's, and all of them together (index 0 of the
    // result is the whole; then one per event, in order).
    std::vector<AnswerStatistics> statistics(const std::vector<EventId>& events);

private:
    Status check_input(EventId event, const InterpretationInput& input);
    InterpretationVersion make_version(int number, const InterpretationInput& input, const Actor& actor);
    // Question id → the published interpretation answering it, earliest publication first.
    std::map<std::int64_t, AnswerLink> answers_of_event(EventId event);

    Database& db_;
    const Clock& clock_;
    InterpretationRepository interpretations_;
    QuestionRepository questions_;
    TopicRepository topics_;
    EventRepository events_;
    SearchIndex search_;
    AuditLog audit_;
};

}  // namespace openhall::core
