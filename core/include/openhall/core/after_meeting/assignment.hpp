// Assignments of a topic or a question to a department, with a due date and the escalation that follows when it
// passes: a reminder (提醒) at the due date, a notice to supervisors (通報) after a further delay, an
// accountability record (追責) after another.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "openhall/core/base/ids.hpp"
#include "openhall/core/base/time.hpp"
#include "openhall/core/live_questions/question.hpp"

namespace openhall::core {

enum class EscalationLevel { None, Reminder, Notice, Accountability };
enum class AssignmentStatus { Open, Answered };

std::string_view wire_name(EscalationLevel level);
std::string_view wire_name(AssignmentStatus status);
std::optional<EscalationLevel> parse_escalation_level(std::string_view name);

struct EscalationPolicy {
    std::chrono::seconds notice_after{std::chrono::hours{48}};          // after the due date
    std::chrono::seconds accountability_after{std::chrono::hours{72}};  // after the notice
};

// The level an open assignment has reached at `now`.
EscalationLevel escalation_level_at(Timestamp due, Timestamp now, const EscalationPolicy& policy);

struct EscalationStep {
    EscalationLevel level = EscalationLevel::None;
    Timestamp at;
    bool operator==(const EscalationStep&) const = default;
};

struct Assignment {
    AssignmentId id;
    EventId event_id;
    std::optional<TopicId> topic_id;
    std::optional<QuestionId> question_id;
    DepartmentId department_id;
    std::string department;  // its name
    Timestamp due_at;
    AssignmentStatus status = AssignmentStatus::Open;
    std::string response;
    std::string responded_by;
    std::optional<Timestamp> responded_at;
    std::string created_by;
    Timestamp created_at;
    std::vector<EscalationStep> steps;  // in the order they happened

    // The highest step taken.
    EscalationLevel escalation() const;
    bool operator==(const Assignment&) const = default;
};

nlohmann::json to_json(const Assignment& a, const UtcOffsetAt& offset_at = {});

}  // namespace openhall::core
