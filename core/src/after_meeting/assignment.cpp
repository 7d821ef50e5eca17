#include "openhall/core/after_meeting/assignment.hpp"

#include "openhall/core/base/wire_names.hpp"

namespace openhall::core {
namespace {

constexpr std::pair<EscalationLevel, std::string_view> kLevelNames[] = {
    {EscalationLevel::None, "none"},
    {EscalationLevel::Reminder, "reminder"},
    {EscalationLevel::Notice, "notice"},
    {EscalationLevel::Accountability, "accountability"},
};

nlohmann::json time_json(Timestamp t, const UtcOffsetAt& offset_at) {
    return format_rfc3339(t, offset_at ? offset_at(t) : std::chrono::seconds{0});
}

}  // namespace

std::string_view wire_name(EscalationLevel level) { return name_in(kLevelNames, level); }
std::string_view wire_name(AssignmentStatus status) { return status == AssignmentStatus::Open ? "open" : "answered"; }
std::optional<EscalationLevel> parse_escalation_level(std::string_view name) { return value_in(kLevelNames, name); }

EscalationLevel escalation_level_at(Timestamp due, Timestamp now, const EscalationPolicy& policy) {
    if (now < due) return EscalationLevel::None;
    if (now < due + policy.notice_after) return EscalationLevel::Reminder;
    if (now < due + policy.notice_after + policy.accountability_after) return EscalationLevel::Notice;
    return EscalationLevel::Accountability;
}

EscalationLevel Assignment::escalation() const {
    EscalationLevel highest = EscalationLevel::None;
    for (const auto& step : steps) highest = std::max(highest, step.level);
    return highest;
}

nlohmann::json to_json(const Assignment& a, const UtcOffsetAt& offset_at) {
    auto steps = nlohmann::json::array();
    for (const auto& s : a.steps) steps.push_back({{"level", wire_name(s.level)}, {"at", time_json(s.at, offset_at)}});
    return {{"id", a.id.value},
            {"event_id", a.event_id.value},
            {"topic_id", a.topic_id ? nlohmann::json(a.topic_id->value) : nlohmann::json()},
            {"question_id", a.question_id ? nlohmann::json(a.question_id->value) : nlohmann::json()},
            {"department", a.department},
            {"department_id", a.department_id.value},
            {"due_at", time_json(a.due_at, offset_at)},
            {"status", wire_name(a.status)},
            {"escalation", wire_name(a.escalation())},
            {"escalation_history", std::move(steps)},
            {"response", a.response},
            {"responded_by", a.responded_by},
            {"responded_at", a.responded_at ? time_json(*a.responded_at, offset_at) : nlohmann::json()},
            {"created_by", a.created_by},
            {"created_at", time_json(a.created_at, offset_at)}};
}

}  // namespace openhall::core
