// Live questions: asking, voting, moderation rules, room questions entered by staff, and the asker's ticket view.
// Every call is atomic (a savepoint), so it may run alone or inside the batching writer's transaction; every
// change is audited in the same savepoint.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "openhall/core/accounts/audit_log.hpp"
#include "openhall/core/accounts/user.hpp"
#include "openhall/core/base/result.hpp"
#include "openhall/core/events/event_repository.hpp"
#include "openhall/core/events/media_timeline.hpp"
#include "openhall/core/live_questions/grouping_decisions.hpp"
#include "openhall/core/live_questions/look_alikes.hpp"
#include "openhall/core/live_questions/question_repository.hpp"

namespace openhall::core {

struct AskOutcome {
    Question question;
    bool created = false;  // false: the same client id had already asked it
};

struct ModerationOutcome {
    Question question;
    bool changed = false;              // false: it already was so (nothing written, nothing audited)
    std::optional<Question> merged_into;  // a merge's target, with the votes it gained
};

struct VoteOutcome {
    QuestionId question;  // where the vote went: a merged question's votes count for its target
    bool counted = false;
    std::int64_t votes = 0;  // the question's count after a counted vote
};

struct TicketView {
    std::string ticket;
    Question question;  // the asker's question, or the one it was merged into
    bool merged = false;
};

class QuestionService {
public:
    // With `look_alikes`, an online question is marked with the pending or published question it looks like
    // (Question::looks_like); the questions' writer gives one, other users of the service need none.
    QuestionService(Database& db, const Clock& clock, LookAlikes* look_alikes = nullptr)
        : db_(db), clock_(clock), questions_(db), events_(db), media_(db), audit_(db), decisions_(db),
          look_alikes_(look_alikes) {}

    // Stores a checked question (see check_question); its position in the stream is found from the recording
    // when not given. A client id already used for this event returns that question instead.
    AskOutcome ask(const NewQuestion& q);

    Result<ModerationOutcome> moderate(const Actor& actor, QuestionId id, ModerationAction action,
                                       std::optional<QuestionId> into = std::nullopt, std::string_view reason = {});

    // A question raised by an attendee in the room, typed in by staff: approved at once, its source recorded.
    // Possible while the event is live or ended.
    Result<Question> enter_room_question(const Actor& actor, EventId event, std::string_view text,
                                         std::string_view name, WallMillis at);

    // Counts once per viewer; only public questions take votes.
    Result<VoteOutcome> vote(QuestionId id, const std::string& viewer);

    std::optional<TicketView> ticket(std::string_view typed);
    // After a failed batch: the look-alikes read the events' questions again (nothing rolled back is named).
    void forget_look_alikes() {
        if (look_alikes_) look_alikes_->forget_all();
    }
    std::optional<Question> find(QuestionId id) { return questions_.find(id); }
    // Where new questions without an id get theirs (through Redis: from the counter asks are numbered by, so
    // that a room question never takes a number an acknowledged ask holds). It may throw; the ask then fails.
    void use_question_ids(std::function<QuestionId()> next) { next_id_ = std::move(next); }
    std::vector<Question> list(EventId event, const std::vector<QuestionStatus>& statuses = {}) {
        return questions_.list(event, statuses);
    }

private:
    Database& db_;
    const Clock& clock_;
    QuestionRepository questions_;
    EventRepository events_;
    MediaSegmentRepository media_;
    AuditLog audit_;
    GroupingDecisionRepository decisions_;
    LookAlikes* look_alikes_;
    std::function<QuestionId()> next_id_;
};

}  // namespace openhall::core
