#include "openhall/core/after_meeting/interpretation_service.hpp"

#include <algorithm>
#include <set>

#include <SQLiteCpp/Transaction.h>
#include <fmt/format.h>

#include "openhall/core/text/markdown.hpp"
#include "openhall/core/text/contact.hpp"
#include "openhall/core/text/text.hpp"

namespace openhall::core {
namespace {

constexpr std::size_t kTitleMax = 200;
constexpr std::size_t kBodyMax = 100'000;
constexpr std::size_t kLinksMax = 500;
constexpr std::size_t kShortAnswerMax = 1000;
constexpr std::size_t kMomentLabelMax = 100;
constexpr std::size_t kCommentMax = 2000;
constexpr std::size_t kCommentNameMax = 40;
constexpr std::size_t kContactMax = 200;
constexpr auto kLongestWindow = std::chrono::days{90};

Error no_such_interpretation(InterpretationId id) {
    return make_error(ErrorCode::NotFound, fmt::format("interpretation {} does not exist", id.value));
}

nlohmann::json state_json(const Interpretation& i) { return to_json(i); }

}  // namespace

Status InterpretationService::check_input(EventId event, const InterpretationInput& input) {
    if (auto s = check_text("title", input.title, 1, kTitleMax); !s) return s;
    if (auto s = check_text("body_md", input.body_md, 1, kBodyMax, TextShape::Lines); !s) return s;
    const auto& links = input.links;
    if (links.questions.size() + links.topics.size() + links.agenda_items.size() + links.moments.size() > kLinksMax)
        return make_error(ErrorCode::InvalidInput, fmt::format("an interpretation links at most {} things", kLinksMax));
    std::set<std::int64_t> answerable;
    for (auto id : links.questions) {
        auto q = questions_.find(id);
        if (!q || q->event_id != event)
            return make_error(ErrorCode::InvalidInput, fmt::format("question {} is not a question of this event", id.value));
        if (q->status == QuestionStatus::Rejected || q->status == QuestionStatus::Merged)
            return make_error(ErrorCode::InvalidInput,
                              fmt::format("question {} is {}; link the question that stands for it", id.value,
                                          wire_name(q->status)));
        answerable.insert(id.value);
    }
    for (auto id : links.topics) {
        auto t = topics_.find(id);
        if (!t || t->event_id != event)
            return make_error(ErrorCode::InvalidInput, fmt::format("topic {} is not a topic of this event", id.value));
        for (auto q : t->question_ids) answerable.insert(q.value);
    }
    for (auto id : links.agenda_items)
        if (!events_.find_agenda_item(event, id))
            return make_error(ErrorCode::InvalidInput, fmt::format("agenda item {} is not on this event's agenda", id.value));
    for (const auto& m : links.moments) {
        if (!(m.offset_s >= 0 && m.offset_s <= 14 * 24 * 3600.0))
            return make_error(ErrorCode::InvalidInput, "a moment's offset_s must be between 0 and the length of the recording");
        if (auto s = check_text("a moment's label", m.label, 0, kMomentLabelMax); !s) return s;
    }
    for (const auto& [question, text] : links.answers) {
        if (!answerable.contains(question))
            return make_error(ErrorCode::InvalidInput,
                              fmt::format("the answer to question {} needs the question linked (itself or in a linked topic)", question));
        if (auto s = check_text(fmt::format("the answer to question {}", question), text, 1, kShortAnswerMax, TextShape::Lines); !s) return s;
    }
    return Ok{};
}

InterpretationVersion InterpretationService::make_version(int number, const InterpretationInput& input, const Actor& actor) {
    auto links = input.links;
    // Stored in a canonical order, so saving the same links twice is no change.
    auto canonical = [](auto& ids) {
        std::sort(ids.begin(), ids.end());
        ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    };
    canonical(links.questions);
    canonical(links.topics);
    canonical(links.agenda_items);
    return InterpretationVersion{number, input.title, input.body_md, render_markdown(input.body_md), std::move(links),
                                 actor.name, clock_.now()};
}

Result<Interpretation> InterpretationService::create(const Actor& actor, const InterpretationInput& input) {
    if (!events_.find(input.event_id))
        return make_error(ErrorCode::InvalidInput, fmt::format("event {} does not exist", input.event_id.value));
    SQLite::Transaction tx(db_.handle());
    if (auto s = check_input(input.event_id, input); !s) return s.error();
    const auto id = interpretations_.insert(input.event_id, actor.name, clock_.now());
    const auto version = make_version(1, input, actor);
    interpretations_.add_version(id, version);
    auto created = *interpretations_.find(id);
    auto after = state_json(created);
    after["title"] = version.title;
    audit_.record(clock_.now(), actor, "interpretation.create", "interpretation", id.value, nullptr, after);
    tx.commit();
    return created;
}

Result<Interpretation> InterpretationService::save(const Actor& actor, InterpretationId id, const InterpretationInput& input) {
    SQLite::Transaction tx(db_.handle());
    auto current = interpretations_.find(id);
    if (!current) return no_such_interpretation(id);
    if (!accepts_new_versions(current->status))
        return make_error(ErrorCode::IllegalTransition, "a withdrawn interpretation can no longer be changed");
    if (auto s = check_input(current->event_id, input); !s) return s.error();
    const auto head = *interpretations_.version(id, current->head_version);
    auto next = make_version(current->head_version + 1, input, actor);
    if (next.title == head.title && next.body_md == head.body_md && next.links == head.links) return *current;
    interpretations_.add_version(id, next);
    Interpretation changed = *current;
    changed.head_version = next.number;
    changed.updated_at = clock_.now();
    // The text under consultation changed: it needs a reviewer again before the public reads it.
    if (changed.status == InterpretationStatus::PrePublished) changed.status = InterpretationStatus::InReview;
    interpretations_.update_state(changed);
    audit_.record(clock_.now(), actor, "interpretation.save", "interpretation", id.value, state_json(*current),
                  state_json(changed));
    tx.commit();
    return changed;
}

Result<Interpretation> InterpretationService::review(const Actor& actor, InterpretationId id, ReviewDecision decision,
                                                     std::string_view comment) {
    const std::size_t comment_min = decision == ReviewDecision::ChangesRequested ? 1 : 0;
    if (auto s = check_text("comment", comment, comment_min, kCommentMax, TextShape::Lines); !s)
        return decision == ReviewDecision::ChangesRequested && comment.empty()
                   ? make_error(ErrorCode::InvalidInput, "say what should change: a comment is required")
                   : s.error();
    SQLite::Transaction tx(db_.handle());
    auto current = interpretations_.find(id);
    if (!current) return no_such_interpretation(id);
    if (!accepts_review(*current))
        return make_error(ErrorCode::IllegalTransition,
                          fmt::format("the interpretation is {}; only one in review (or an unpublished revision of a "
                                      "published one) can be reviewed",
                                      wire_name(current->status)));
    Interpretation changed = *current;
    if (decision == ReviewDecision::Approve) {
        changed.approved_version = current->head_version;
    } else {
        changed.approved_version.reset();
        if (changed.status == InterpretationStatus::InReview) changed.status = InterpretationStatus::Draft;
    }
    changed.updated_at = clock_.now();
    interpretations_.add_review(id, Review{0, current->head_version, actor.name, decision, std::string(comment), clock_.now()});
    interpretations_.update_state(changed);
    auto after = state_json(changed);
    after["decision"] = wire_name(decision);
    after["comment"] = comment;
    audit_.record(clock_.now(), actor, "interpretation.review", "interpretation", id.value, state_json(*current), after);
    tx.commit();
    return changed;
}

Result<Interpretation> InterpretationService::change_status(const Actor& actor, InterpretationId id,
                                                            InterpretationStatus to,
                                                            std::optional<Timestamp> comment_until) {
    const auto now = clock_.now();
    if (to == InterpretationStatus::PrePublished) {
        if (!comment_until)
            return make_error(ErrorCode::InvalidInput, "comment_until is required: when does the comment window close?");
        if (*comment_until <= now) return make_error(ErrorCode::InvalidInput, "comment_until must be in the future");
        if (*comment_until > now + kLongestWindow)
            return make_error(ErrorCode::InvalidInput, "a comment window lasts at most 90 days");
    } else if (comment_until) {
        return make_error(ErrorCode::InvalidInput, "comment_until is only for pre_published");
    }
    SQLite::Transaction tx(db_.handle());
    auto current = interpretations_.find(id);
    if (!current) return no_such_interpretation(id);
    if (auto s = check_transition(*current, to); !s) return s.error();
    Interpretation changed = *current;
    changed.status = to;
    changed.updated_at = now;
    switch (to) {
        case InterpretationStatus::PrePublished:
            changed.public_version = current->head_version;
            changed.comment_until = comment_until;
            break;
        case InterpretationStatus::Published: {
            changed.public_version = current->head_version;
            if (!changed.first_published_at) changed.first_published_at = now;
            const auto v = *interpretations_.version(id, current->head_version);
            search_.put_interpretation(id, v.title, v.body_md);
            break;
        }
        case InterpretationStatus::Withdrawn:
            changed.withdrawn_at = now;
            search_.remove_interpretation(id);
            break;
        case InterpretationStatus::Draft:
        case InterpretationStatus::InReview:
            break;
    }
    interpretations_.update_state(changed);
    audit_.record(now, actor, "interpretation.status", "interpretation", id.value, state_json(*current), state_json(changed));
    tx.commit();
    return changed;
}

Result<Comment> InterpretationService::add_comment(InterpretationId id, const NewComment& input) {
    if (auto s = check_text("text", input.text, 1, kCommentMax, TextShape::Lines); !s) return s.error();
    if (auto s = check_text("name", input.name, 0, kCommentNameMax); !s) return s.error();
    if (auto s = check_text("contact", input.contact, 0, kContactMax); !s) return s.error();
    std::string contact = input.contact;
    if (auto s = fold_contact_into("contact", contact, false); !s) return s.error();
    SQLite::Transaction tx(db_.handle());
    auto i = interpretations_.find(id);
    if (!i || !i->public_version) return no_such_interpretation(id);
    if (i->status != InterpretationStatus::PrePublished || !i->comment_until || clock_.now() >= *i->comment_until)
        return make_error(ErrorCode::Conflict, "comments are closed for this interpretation");
    Comment c;
    c.interpretation_id = id;
    c.name = trim(input.name);
    c.contact = contact;
    c.text = input.text;
    c.address = input.address;
    c.created_at = clock_.now();
    c.id = interpretations_.add_comment(c);
    tx.commit();
    return c;
}

Result<Comment> InterpretationService::moderate_comment(const Actor& actor, CommentId id, CommentStatus to,
                                                        std::string_view reply) {
    if (to == CommentStatus::Pending) return make_error(ErrorCode::InvalidInput, "action must be approve or reject");
    if (auto s = check_text("reply", reply, 0, kCommentMax, TextShape::Lines); !s) return s.error();
    SQLite::Transaction tx(db_.handle());
    auto current = interpretations_.find_comment(id);
    if (!current) return make_error(ErrorCode::NotFound, fmt::format("comment {} does not exist", id.value));
    Comment changed = *current;
    changed.status = to;
    if (!reply.empty()) {
        changed.reply = reply;
        changed.replied_by = actor.name;
    }
    if (changed == *current) return changed;
    interpretations_.update_comment(changed, clock_.now());
    audit_.record(clock_.now(), actor, "interpretation.comment", "interpretation", current->interpretation_id.value,
                  to_json(*current, {}, true), to_json(changed, {}, true));
    tx.commit();
    return changed;
}

std::map<std::int64_t, AnswerLink> InterpretationService::answers_of_event(EventId event) {
    std::map<std::int64_t, AnswerLink> answers;
    auto published = interpretations_.list(event, {InterpretationStatus::Published});
    // Earliest publication first: the first interpretation to answer a question is its answer.
    std::sort(published.begin(), published.end(),
              [](const auto& a, const auto& b) { return *a.first_published_at < *b.first_published_at; });
    for (const auto& i : published) {
        const auto v = interpretations_.version(i.id, *i.public_version);
        if (!v) continue;
        std::vector<QuestionId> answered = v->links.questions;
        for (auto t : v->links.topics)
            if (auto topic = topics_.find(t)) answered.insert(answered.end(), topic->question_ids.begin(), topic->question_ids.end());
        for (auto q : answered) {
            auto short_answer = v->links.answers.find(q.value);
            answers.try_emplace(q.value, AnswerLink{i.id, i.event_id, v->title,
                                                    short_answer == v->links.answers.end() ? "" : short_answer->second,
                                                    *i.first_published_at});
        }
    }
    return answers;
}

std::optional<AnswerLink> InterpretationService::answer_for(const Question& question) {
    auto answers = answers_of_event(question.event_id);
    auto it = answers.find(question.id.value);
    if (it == answers.end()) return std::nullopt;
    return it->second;
}

std::vector<AnswerStatistics> InterpretationService::statistics(const std::vector<EventId>& events) {
    auto median = [](std::vector<double> hours) -> std::optional<double> {
        if (hours.empty()) return std::nullopt;
        std::sort(hours.begin(), hours.end());
        const auto n = hours.size();
        return n % 2 ? hours[n / 2] : (hours[n / 2 - 1] + hours[n / 2]) / 2;
    };
    std::vector<AnswerStatistics> out(1);
    std::vector<double> all_hours;
    for (auto event : events) {
        AnswerStatistics stats;
        std::vector<double> hours;
        const auto answers = answers_of_event(event);
        for (const auto& q : questions_.list(event, {QuestionStatus::Approved, QuestionStatus::Answered})) {
            ++stats.questions;
            auto it = answers.find(q.id.value);
            if (it == answers.end()) continue;
            ++stats.answered;
            const auto asked = std::chrono::time_point_cast<std::chrono::seconds>(q.asked_at);
            hours.push_back(std::max(0.0, std::chrono::duration<double, std::ratio<3600>>(it->second.published_at - asked).count()));
        }
        stats.median_hours_to_answer = median(hours);
        out[0].questions += stats.questions;
        out[0].answered += stats.answered;
        all_hours.insert(all_hours.end(), hours.begin(), hours.end());
        out.push_back(stats);
    }
    out[0].median_hours_to_answer = median(std::move(all_hours));
    return out;
}

}  // namespace openhall::core
