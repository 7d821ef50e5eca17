#include "openhall/core/after_meeting/interpretation.hpp"

#include <fmt/format.h>

#include "openhall/core/base/wire_names.hpp"

namespace openhall::core {
namespace {

using S = InterpretationStatus;

constexpr std::pair<S, std::string_view> kStatusNames[] = {
    {S::Draft, "draft"},         {S::InReview, "in_review"}, {S::PrePublished, "pre_published"},
    {S::Published, "published"}, {S::Withdrawn, "withdrawn"},
};
constexpr std::pair<ReviewDecision, std::string_view> kDecisionNames[] = {
    {ReviewDecision::Approve, "approve"},
    {ReviewDecision::ChangesRequested, "changes_requested"},
};
constexpr std::pair<CommentStatus, std::string_view> kCommentNames[] = {
    {CommentStatus::Pending, "pending"}, {CommentStatus::Approved, "approved"}, {CommentStatus::Rejected, "rejected"}};

nlohmann::json time_json(Timestamp t, const UtcOffsetAt& offset_at) {
    return format_rfc3339(t, offset_at ? offset_at(t) : std::chrono::seconds{0});
}
nlohmann::json time_json(const std::optional<Timestamp>& t, const UtcOffsetAt& offset_at) {
    return t ? time_json(*t, offset_at) : nlohmann::json();
}

template <typename Id>
nlohmann::json ids_json(const std::vector<Id>& ids) {
    auto out = nlohmann::json::array();
    for (auto id : ids) out.push_back(id.value);
    return out;
}

template <typename Id>
std::vector<Id> ids_from(const nlohmann::json& j, const char* field) {
    std::vector<Id> out;
    if (j.contains(field))
        for (const auto& v : j.at(field)) out.push_back(Id{v.get<std::int64_t>()});
    return out;
}

}  // namespace

std::string_view wire_name(InterpretationStatus status) { return name_in(kStatusNames, status); }
std::string_view wire_name(ReviewDecision decision) { return name_in(kDecisionNames, decision); }
std::string_view wire_name(CommentStatus status) { return name_in(kCommentNames, status); }
std::optional<InterpretationStatus> parse_interpretation_status(std::string_view name) { return value_in(kStatusNames, name); }
std::optional<ReviewDecision> parse_review_decision(std::string_view name) { return value_in(kDecisionNames, name); }

const std::vector<InterpretationTransition>& interpretation_transitions() {
    static const std::vector<InterpretationTransition> table = {
        {S::Draft, S::InReview, false},         // the editor submits
        {S::InReview, S::Draft, false},         // the editor takes it back
        {S::InReview, S::PrePublished, true},   // consultation on the approved text
        {S::InReview, S::Published, true},
        {S::PrePublished, S::Published, true},  // the window has done its work
        {S::Published, S::Published, true},     // an approved revision replaces the public text
        {S::PrePublished, S::Withdrawn, false},
        {S::Published, S::Withdrawn, false},
    };
    return table;
}

Status check_transition(const Interpretation& i, InterpretationStatus to) {
    for (const auto& t : interpretation_transitions()) {
        if (t.from != i.status || t.to != to) continue;
        if (t.needs_approval && !i.head_approved())
            return make_error(ErrorCode::IllegalTransition,
                              i.approved_version
                                  ? fmt::format("version {} has not been approved (version {} was): a reviewer approves it first",
                                                i.head_version, *i.approved_version)
                                  : fmt::format("version {} has not been approved: a reviewer approves it first", i.head_version));
        if (i.status == S::Published && to == S::Published && i.public_version == i.head_version)
            return make_error(ErrorCode::IllegalTransition, fmt::format("version {} is published already", i.head_version));
        return Ok{};
    }
    return make_error(ErrorCode::IllegalTransition,
                      fmt::format("an interpretation that is {} cannot become {}", wire_name(i.status), wire_name(to)));
}

bool accepts_new_versions(InterpretationStatus status) { return status != S::Withdrawn; }

bool accepts_review(const Interpretation& i) {
    return i.status == S::InReview || (i.status == S::Published && i.public_version != i.head_version);
}

nlohmann::json to_json(const InterpretationLinks& links) {
    auto moments = nlohmann::json::array();
    for (const auto& m : links.moments) moments.push_back({{"offset_s", m.offset_s}, {"label", m.label}});
    auto answers = nlohmann::json::object();
    for (const auto& [question, text] : links.answers) answers[std::to_string(question)] = text;
    return {{"question_ids", ids_json(links.questions)},
            {"topic_ids", ids_json(links.topics)},
            {"agenda_item_ids", ids_json(links.agenda_items)},
            {"moments", std::move(moments)},
            {"answers", std::move(answers)}};
}

InterpretationLinks links_from_json(const nlohmann::json& j) {
    InterpretationLinks links;
    links.questions = ids_from<QuestionId>(j, "question_ids");
    links.topics = ids_from<TopicId>(j, "topic_ids");
    links.agenda_items = ids_from<AgendaItemId>(j, "agenda_item_ids");
    if (j.contains("moments"))
        for (const auto& m : j.at("moments")) links.moments.push_back({m.at("offset_s").get<double>(), m.at("label").get<std::string>()});
    if (j.contains("answers"))
        for (const auto& [key, value] : j.at("answers").items()) links.answers[std::stoll(key)] = value.get<std::string>();
    return links;
}

nlohmann::json to_json(const Interpretation& i, const UtcOffsetAt& offset_at) {
    auto optional_int = [](const std::optional<int>& v) { return v ? nlohmann::json(*v) : nlohmann::json(); };
    return {{"id", i.id.value},
            {"event_id", i.event_id.value},
            {"status", wire_name(i.status)},
            {"version", i.head_version},
            {"approved_version", optional_int(i.approved_version)},
            {"public_version", optional_int(i.public_version)},
            {"comment_until", time_json(i.comment_until, offset_at)},
            {"created_by", i.created_by},
            {"created_at", time_json(i.created_at, offset_at)},
            {"updated_at", time_json(i.updated_at, offset_at)},
            {"published_at", time_json(i.first_published_at, offset_at)},
            {"withdrawn_at", time_json(i.withdrawn_at, offset_at)}};
}

nlohmann::json to_json(const InterpretationVersion& v, const UtcOffsetAt& offset_at) {
    auto j = to_json(v.links);
    j["version"] = v.number;
    j["title"] = v.title;
    j["body_md"] = v.body_md;
    j["body_html"] = v.body_html;
    j["author"] = v.author;
    j["saved_at"] = time_json(v.saved_at, offset_at);
    return j;
}

nlohmann::json to_json(const Review& r, const UtcOffsetAt& offset_at) {
    return {{"id", r.id},
            {"version", r.version},
            {"reviewer", r.reviewer},
            {"decision", wire_name(r.decision)},
            {"comment", r.comment},
            {"at", time_json(r.at, offset_at)}};
}

nlohmann::json to_json(const Comment& c, const UtcOffsetAt& offset_at, bool staff) {
    nlohmann::json j = {{"id", c.id.value},           {"interpretation_id", c.interpretation_id.value},
                        {"name", c.name},             {"text", c.text},
                        {"reply", c.reply},           {"created_at", time_json(c.created_at, offset_at)}};
    if (staff) {
        j["status"] = wire_name(c.status);
        j["contact"] = c.contact;
        j["replied_by"] = c.replied_by;
    }
    return j;
}

}  // namespace openhall::core
