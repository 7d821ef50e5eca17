#include "openhall/core/live_questions/question_service.hpp"

#include <fmt/format.h>

#include "openhall/core/base/ticket_code.hpp"
#include "openhall/core/live_questions/question_text.hpp"
#include "openhall/core/store/savepoint.hpp"
#include "openhall/core/text/text.hpp"

namespace openhall::core {
namespace {

constexpr std::size_t kReasonMaxChars = 500;

Error no_such_question(QuestionId id) {
    return make_error(ErrorCode::NotFound, fmt::format("question {} does not exist", id.value));
}

Error cannot(ModerationAction action, const Question& q) {
    return make_error(ErrorCode::IllegalTransition, fmt::format("a question that is {} cannot be given \"{}\"",
                                                                wire_name(q.status), wire_name(action)));
}

nlohmann::json audited(const Question& q) { return to_json(q, {}, true); }

WallMillis to_millis(Timestamp t) { return std::chrono::time_point_cast<std::chrono::milliseconds>(t); }

}  // namespace

AskOutcome QuestionService::ask(const NewQuestion& input) {
    Savepoint sp(db_, kAskSavepoint);
    NewQuestion q = input;
    if (!q.media_offset_s) q.media_offset_s = media_.offset_at(q.event_id, q.asked_at);
    if (!q.id && next_id_) q.id = next_id_();
    auto [question, created] = questions_.insert_or_find(q);
    if (created) {
        const Actor actor{q.source == QuestionSource::Room ? q.entered_by : "citizen"};
        audit_.record(clock_.now(), actor, "question.ask", "question", question.id.value, nullptr, audited(question));
        // Last, so that nothing after it can fail: a question counted here is one stored (unless the batch's
        // commit fails, when the writer has the look-alikes forget).
        if (look_alikes_) {
            std::optional<QuestionId> like;
            try {
                like = look_alikes_->add(questions_, question.event_id, question.id, question.text);
            } catch (const std::exception&) {
                look_alikes_->forget_all();  // a mark is a help: never a reason to refuse the question
            }
            if (like && question.status == QuestionStatus::Pending) {
                questions_.set_looks_like(question.id, *like);
                question.looks_like = like;
            }
        }
    }
    sp.release();
    return {std::move(question), created};
}

Result<ModerationOutcome> QuestionService::moderate(const Actor& actor, QuestionId id, ModerationAction action,
                                                    std::optional<QuestionId> into, std::string_view reason) {
    auto current = questions_.find(id);
    if (!current) return no_such_question(id);
    if (!is_valid_utf8(reason) || *utf8_length(reason) > kReasonMaxChars)
        return make_error(ErrorCode::InvalidInput, fmt::format("reason must be UTF-8 text of at most {} characters", kReasonMaxChars));
    if (current->status == QuestionStatus::Merged)
        return make_error(ErrorCode::IllegalTransition, fmt::format("question {} was merged into question {} and is "
                                                                    "moderated there", id.value, current->merged_into->value));
    Question next = *current;
    std::optional<Question> target;
    using S = QuestionStatus;
    switch (action) {
        case ModerationAction::Approve:
            next.status = S::Approved;
            break;
        case ModerationAction::Reject:
            next.status = S::Rejected;
            next.pinned = false;
            next.reject_reason = normalize_text(reason);
            break;
        case ModerationAction::Pin:
        case ModerationAction::Unpin:
            if (!is_public(current->status)) return cannot(action, *current);
            next.pinned = action == ModerationAction::Pin;
            break;
        case ModerationAction::Answered:
            if (current->status == S::Rejected) return cannot(action, *current);
            next.status = S::Answered;
            break;
        case ModerationAction::Merge: {
            if (!into) return make_error(ErrorCode::InvalidInput, "merge needs \"into\": the question to merge into");
            if (*into == id) return make_error(ErrorCode::InvalidInput, "a question cannot be merged into itself");
            target = questions_.find(*into);
            if (!target || target->event_id != current->event_id)
                return make_error(ErrorCode::InvalidInput,
                                  fmt::format("question {} is not a question of the same event", into->value));
            if (target->status == S::Merged || target->status == S::Rejected)
                return make_error(ErrorCode::IllegalTransition,
                                  fmt::format("question {} is {}; merge into the question it stands for",
                                              into->value, wire_name(target->status)));
            next.status = S::Merged;
            next.pinned = false;
            next.merged_into = *into;
            break;
        }
    }
    if (next == *current) return ModerationOutcome{std::move(next), false, std::nullopt};

    Savepoint sp(db_, kModerateSavepoint);
    const auto now = to_millis(clock_.now());
    questions_.update_moderation(next, now);
    audit_.record(clock_.now(), actor, fmt::format("question.{}", wire_name(action)), "question", id.value,
                  audited(*current), audited(next));
    if (target) {
        // A moderator's merge says the two ask the same thing: kept for grouping the office's later events.
        decisions_.record(current->text, target->text, true, current->event_id, actor.name, clock_.now());
        const auto before = *target;
        target->votes = questions_.carry_votes(id, target->id);
        audit_.record(clock_.now(), actor, "question.merge_target", "question", target->id.value, audited(before),
                      audited(*target));
    }
    sp.release();
    if (look_alikes_) {
        const bool gone = next.status == S::Rejected || next.status == S::Merged;
        if (gone) look_alikes_->remove(next.event_id, id);
        else if (current->status == S::Rejected) look_alikes_->forget_all();  // back in play: read again
    }
    return ModerationOutcome{std::move(next), true, std::move(target)};
}

Result<Question> QuestionService::enter_room_question(const Actor& actor, EventId event, std::string_view text,
                                                      std::string_view name, WallMillis at) {
    auto e = events_.find(event);
    if (!e) return make_error(ErrorCode::NotFound, fmt::format("event {} does not exist", event.value));
    if (e->status != EventStatus::Live && e->status != EventStatus::Ended)
        return make_error(ErrorCode::EventLocked, fmt::format("the event is {}; room questions are entered while it "
                                                              "is live or after it ended", wire_name(e->status)));
    auto checked = check_question(text, name);
    if (auto* problem = std::get_if<QuestionProblem>(&checked)) return make_error(ErrorCode::InvalidInput, problem->message);
    auto& ok = std::get<QuestionText>(checked);
    NewQuestion q{event, "room:" + make_ticket_code(), ok.text, ok.name, QuestionSource::Room, QuestionStatus::Approved,
                  "", at, std::nullopt, "", "", actor.name, std::nullopt, ""};
    return ask(q).question;
}

Result<VoteOutcome> QuestionService::vote(QuestionId id, const std::string& viewer) {
    auto q = questions_.find(id);
    if (!q) return no_such_question(id);
    if (q->status == QuestionStatus::Merged && q->merged_into) return vote(*q->merged_into, viewer);
    if (!is_public(q->status))
        return make_error(ErrorCode::IllegalTransition, fmt::format("question {} is not open for votes", id.value));
    const auto votes = questions_.add_vote(id, viewer);
    return VoteOutcome{id, votes.has_value(), votes.value_or(q->votes)};
}

std::optional<TicketView> QuestionService::ticket(std::string_view typed) {
    auto code = canonical_ticket_code(typed);
    if (!code) return std::nullopt;
    auto q = questions_.find_by_ticket(*code);
    if (!q) return std::nullopt;
    TicketView view{*code, *q, false};
    // A merged question's ticket follows its target (merges may chain; a few steps at most).
    for (int hops = 0; view.question.status == QuestionStatus::Merged && view.question.merged_into && hops < 16; ++hops) {
        auto target = questions_.find(*view.question.merged_into);
        if (!target) break;
        view.question = std::move(*target);
        view.merged = true;
    }
    return view;
}

}  // namespace openhall::core
