// Assignments and their escalation steps in SQLite. No rules here (AssignmentService has them).
#pragma once

#include <optional>
#include <vector>

#include "openhall/core/after_meeting/assignment.hpp"
#include "openhall/core/store/database.hpp"

namespace openhall::core {

struct NewAssignment {
    EventId event_id;
    std::optional<TopicId> topic_id;
    std::optional<QuestionId> question_id;
    DepartmentId department_id;
    Timestamp due_at;
    std::string created_by;
    Timestamp created_at;
};

struct AssignmentFilter {
    std::optional<AssignmentId> id;
    std::optional<DepartmentId> department;
    std::optional<EventId> event;
    std::optional<Timestamp> overdue_at;  // only open ones due before this instant
};

class AssignmentRepository {
public:
    explicit AssignmentRepository(Database& db) : db_(db) {}

    AssignmentId insert(const NewAssignment& a);
    std::optional<Assignment> find(AssignmentId id);
    // Oldest due first.
    std::vector<Assignment> list(const AssignmentFilter& filter);
    // Records a step once; false when it had been taken before.
    bool add_step(AssignmentId id, EscalationLevel level, Timestamp at);
    void set_response(AssignmentId id, std::string_view response, std::string_view by, Timestamp at);

private:
    Database& db_;
};

}  // namespace openhall::core
