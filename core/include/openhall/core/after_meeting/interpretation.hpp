// Interpretations (解讀): an editor's plain-language answer to an event's questions, with every save kept as a
// version, a reviewer's approval (預審), an optional pre-publication with a comment window (預公開), publication
// and withdrawal. The legal status changes are a table, checked by one function.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "openhall/core/base/ids.hpp"
#include "openhall/core/base/result.hpp"
#include "openhall/core/base/time.hpp"
#include "openhall/core/live_questions/question.hpp"

namespace openhall::core {

enum class InterpretationStatus { Draft, InReview, PrePublished, Published, Withdrawn };
enum class ReviewDecision { Approve, ChangesRequested };
enum class CommentStatus { Pending, Approved, Rejected };

std::string_view wire_name(InterpretationStatus status);
std::string_view wire_name(ReviewDecision decision);
std::string_view wire_name(CommentStatus status);
std::optional<InterpretationStatus> parse_interpretation_status(std::string_view name);
std::optional<ReviewDecision> parse_review_decision(std::string_view name);

// A moment of the recording the text explains, linked as the event page at ?t=offset.
struct Moment {
    double offset_s = 0;
    std::string label;
    bool operator==(const Moment&) const = default;
};

// What a version answers and explains. `answers` are short answers per question id, shown on the tickets.
struct InterpretationLinks {
    std::vector<QuestionId> questions;
    std::vector<TopicId> topics;
    std::vector<AgendaItemId> agenda_items;
    std::vector<Moment> moments;
    std::map<std::int64_t, std::string> answers;
    bool operator==(const InterpretationLinks&) const = default;
};

nlohmann::json to_json(const InterpretationLinks& links);
InterpretationLinks links_from_json(const nlohmann::json& j);

struct InterpretationVersion {
    int number = 0;
    std::string title;
    std::string body_md;
    std::string body_html;  // rendered once when saved, raw HTML removed
    InterpretationLinks links;
    std::string author;
    Timestamp saved_at;
    bool operator==(const InterpretationVersion&) const = default;
};

struct Interpretation {
    InterpretationId id;
    EventId event_id;
    InterpretationStatus status = InterpretationStatus::Draft;
    int head_version = 1;                 // the latest save
    std::optional<int> approved_version;  // the version a reviewer approved last
    std::optional<int> public_version;    // what the public reads (pre-published or published)
    std::optional<Timestamp> comment_until;
    std::string created_by;
    Timestamp created_at;
    Timestamp updated_at;
    std::optional<Timestamp> first_published_at;
    std::optional<Timestamp> withdrawn_at;

    bool head_approved() const { return approved_version == head_version; }
    bool operator==(const Interpretation&) const = default;
};

struct Review {
    std::int64_t id = 0;
    int version = 0;
    std::string reviewer;
    ReviewDecision decision = ReviewDecision::Approve;
    std::string comment;
    Timestamp at;
    bool operator==(const Review&) const = default;
};

struct Comment {
    CommentId id;
    InterpretationId interpretation_id;
    std::string name;
    std::string contact;  // staff only
    std::string text;
    CommentStatus status = CommentStatus::Pending;
    std::string reply;
    std::string replied_by;
    std::string address;  // staff only
    Timestamp created_at;
    bool operator==(const Comment&) const = default;
};

// One row of the transition table.
struct InterpretationTransition {
    InterpretationStatus from;
    InterpretationStatus to;
    bool needs_approval;  // the head version must be the approved one
};
const std::vector<InterpretationTransition>& interpretation_transitions();

// Ok when `to` may follow the interpretation's state; IllegalTransition naming the current state (and the
// missing approval) otherwise. Publishing again while published is a revision: legal only for an approved
// version newer than the public one.
Status check_transition(const Interpretation& i, InterpretationStatus to);

// Saving a new version: possible in every state but withdrawn.
bool accepts_new_versions(InterpretationStatus status);
// A review: in review, or for an unpublished revision of a published interpretation.
bool accepts_review(const Interpretation& i);

// Staff JSON of the interpretation with its head version (and links); the public form is made by the routes.
nlohmann::json to_json(const Interpretation& i, const UtcOffsetAt& offset_at = {});
nlohmann::json to_json(const InterpretationVersion& v, const UtcOffsetAt& offset_at = {});
nlohmann::json to_json(const Review& r, const UtcOffsetAt& offset_at = {});
// `staff` adds the contact, address and status of the comment.
nlohmann::json to_json(const Comment& c, const UtcOffsetAt& offset_at, bool staff);

}  // namespace openhall::core
