#include "openhall/core/after_meeting/assignment_repository.hpp"

#include <algorithm>

#include "openhall/core/store/stored_time.hpp"

namespace openhall::core {
namespace {

// Every filter is optional: a NULL parameter matches all rows.
constexpr const char* kSelect =
    "SELECT a.id, a.event_id, a.topic_id, a.question_id, a.department_id, d.name, a.due_at, a.status, a.response,"
    " a.responded_by, a.responded_at, a.created_by, a.created_at"
    " FROM assignments a JOIN departments d ON d.id = a.department_id"
    " WHERE (?1 IS NULL OR a.department_id = ?1) AND (?2 IS NULL OR a.event_id = ?2)"
    "   AND (?3 IS NULL OR (a.status = 'open' AND a.due_at <= ?3)) AND (?4 IS NULL OR a.id = ?4)"
    " ORDER BY a.due_at, a.id";

}  // namespace

AssignmentId AssignmentRepository::insert(const NewAssignment& a) {
    auto st = db_.prepare(
        "INSERT INTO assignments(event_id, topic_id, question_id, department_id, due_at, status, created_by, created_at)"
        " VALUES (?, ?, ?, ?, ?, 'open', ?, ?)");
    st.bind(1, a.event_id.value);
    if (a.topic_id) st.bind(2, a.topic_id->value);
    if (a.question_id) st.bind(3, a.question_id->value);
    st.bind(4, a.department_id.value);
    st.bind(5, seconds_of(a.due_at));
    st.bind(6, a.created_by);
    st.bind(7, seconds_of(a.created_at));
    st.exec();
    return AssignmentId{db_.handle().getLastInsertRowid()};
}

std::optional<Assignment> AssignmentRepository::find(AssignmentId id) {
    AssignmentFilter filter;
    filter.id = id;
    auto found = list(filter);
    if (found.empty()) return std::nullopt;
    return std::move(found.front());
}

std::vector<Assignment> AssignmentRepository::list(const AssignmentFilter& filter) {
    std::vector<Assignment> out;
    {
        auto st = db_.prepare(kSelect);
        if (filter.department) st.bind(1, filter.department->value);
        if (filter.event) st.bind(2, filter.event->value);
        if (filter.overdue_at) st.bind(3, seconds_of(*filter.overdue_at));
        if (filter.id) st.bind(4, filter.id->value);
        while (st.executeStep()) {
            Assignment a;
            a.id = AssignmentId{st.getColumn(0).getInt64()};
            a.event_id = EventId{st.getColumn(1).getInt64()};
            if (!st.getColumn(2).isNull()) a.topic_id = TopicId{st.getColumn(2).getInt64()};
            if (!st.getColumn(3).isNull()) a.question_id = QuestionId{st.getColumn(3).getInt64()};
            a.department_id = DepartmentId{st.getColumn(4).getInt64()};
            a.department = st.getColumn(5).getString();
            a.due_at = timestamp_of(st.getColumn(6));
            a.status = st.getColumn(7).getString() == "answered" ? AssignmentStatus::Answered : AssignmentStatus::Open;
            a.response = st.getColumn(8).getString();
            a.responded_by = st.getColumn(9).getString();
            if (!st.getColumn(10).isNull()) a.responded_at = timestamp_of(st.getColumn(10));
            a.created_by = st.getColumn(11).getString();
            a.created_at = timestamp_of(st.getColumn(12));
            out.push_back(std::move(a));
        }
    }
    for (auto& a : out) {
        auto st = db_.prepare("SELECT level, at FROM escalation_steps WHERE assignment_id = ? ORDER BY at, level");
        st.bind(1, a.id.value);
        while (st.executeStep())
            a.steps.push_back({parse_escalation_level(st.getColumn(0).getString()).value_or(EscalationLevel::None),
                               timestamp_of(st.getColumn(1))});
        std::stable_sort(a.steps.begin(), a.steps.end(),
                         [](const auto& x, const auto& y) { return x.at == y.at ? x.level < y.level : x.at < y.at; });
    }
    return out;
}

bool AssignmentRepository::add_step(AssignmentId id, EscalationLevel level, Timestamp at) {
    auto st = db_.prepare(
        "INSERT INTO escalation_steps(assignment_id, level, at) VALUES (?, ?, ?)"
        " ON CONFLICT(assignment_id, level) DO NOTHING");
    st.bind(1, id.value);
    st.bind(2, std::string(wire_name(level)));
    st.bind(3, seconds_of(at));
    return st.exec() > 0;
}

void AssignmentRepository::set_response(AssignmentId id, std::string_view response, std::string_view by, Timestamp at) {
    auto st = db_.prepare(
        "UPDATE assignments SET status = 'answered', response = ?, responded_by = ?, responded_at = ? WHERE id = ?");
    st.bind(1, std::string(response));
    st.bind(2, std::string(by));
    st.bind(3, seconds_of(at));
    st.bind(4, id.value);
    st.exec();
}

}  // namespace openhall::core
