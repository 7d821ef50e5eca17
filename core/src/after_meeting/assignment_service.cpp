#include "openhall/core/after_meeting/assignment_service.hpp"

#include <SQLiteCpp/Transaction.h>
#include <fmt/format.h>

#include "openhall/core/text/contact.hpp"
#include "openhall/core/text/text.hpp"

namespace openhall::core {
namespace {

constexpr std::size_t kNameMax = 80;
constexpr std::size_t kContactMax = 200;
constexpr std::size_t kResponseMax = 5000;

Error no_such_assignment(AssignmentId id) {
    return make_error(ErrorCode::NotFound, fmt::format("assignment {} does not exist", id.value));
}

// Only when the topic or question cannot be read (neither is ever deleted): its number, in the mail's language.
std::string what_is_assigned(const Assignment& a) {
    return a.topic_id ? fmt::format("议题 {}", a.topic_id->value) : fmt::format("问题 {}", a.question_id->value);
}

}  // namespace

// The message each step sends: a reminder to the department, a notice and an accountability record to its
// supervisors; in Simplified Chinese (departments are the office's own), naming the topic or question in its own
// words, with the due time in the display zone and a link to the dashboard, where responders answer.
OutboxMessage AssignmentService::escalation_message(const Assignment& a, const Department& d, EscalationLevel level,
                                                    Timestamp now) {
    const auto language = Language::SimplifiedChinese;
    std::string what;
    if (a.topic_id) {
        if (auto topic = topics_.find(*a.topic_id)) what = topic->title;
    } else if (a.question_id) {
        if (auto question = questions_.find(*a.question_id)) what = question->text;
    }
    if (what.empty()) what = what_is_assigned(a);
    const auto event = events_.find(a.event_id);
    OutboxMessage m;
    m.kind = fmt::format("escalation.{}", wire_name(level));
    m.recipient = level == EscalationLevel::Reminder ? d.contact : d.supervisor_contact;
    const auto text = compose_mail(m.kind, language,
                                   {{"department", d.name},
                                    {"what", what},
                                    {"what_short", one_line(what, 40)},
                                    {"event", event ? event->title : ""},
                                    {"due_at", site_.local_time(a.due_at, language)},
                                    {"link", site_.link("/staff/dashboard")}});
    m.subject = text.subject;
    m.body = text.body;
    m.language = std::string(wire_name(language));
    m.dedupe_key = fmt::format("escalation:{}:{}", a.id.value, wire_name(level));
    m.created_at = now;
    return m;
}

Result<Department> AssignmentService::create_department(const Actor& actor, Department input) {
    if (auto s = check_text("name", input.name, 1, kNameMax); !s) return s.error();
    if (auto s = check_text("contact", input.contact, 0, kContactMax); !s) return s.error();
    if (auto s = check_text("supervisor_contact", input.supervisor_contact, 0, kContactMax); !s) return s.error();
    if (auto s = fold_contact_into("contact", input.contact, false); !s) return s.error();
    if (auto s = fold_contact_into("supervisor_contact", input.supervisor_contact, false); !s) return s.error();
    SQLite::Transaction tx(db_.handle());
    if (departments_.find_by_name(input.name))
        return make_error(ErrorCode::Conflict, fmt::format("a department named \"{}\" exists already", input.name));
    auto created = departments_.insert(input, clock_.now());
    audit_.record(clock_.now(), actor, "department.create", "department", created.id.value, nullptr, to_json(created));
    tx.commit();
    return created;
}

Result<StaffUser> AssignmentService::set_user_department(const Actor& actor, std::string_view user_name,
                                                         std::optional<std::string> department) {
    SQLite::Transaction tx(db_.handle());
    auto user = users_.find_by_name(user_name);
    if (!user) return make_error(ErrorCode::NotFound, fmt::format("no staff user is named \"{}\"", user_name));
    std::optional<DepartmentId> to;
    if (department) {
        auto d = departments_.find_by_name(*department);
        if (!d) return make_error(ErrorCode::InvalidInput, fmt::format("department \"{}\" does not exist", *department));
        to = d->id;
    }
    if (user->department == to) return *user;
    users_.set_department(user->id, to);
    auto json_of = [](const std::optional<DepartmentId>& d) { return d ? nlohmann::json(d->value) : nlohmann::json(); };
    audit_.record(clock_.now(), actor, "user.department", "user", user->id.value, {{"department_id", json_of(user->department)}},
                  {{"department_id", json_of(to)}});
    tx.commit();
    user->department = to;
    return *user;
}

Result<Assignment> AssignmentService::assign(const Actor& actor, const AssignmentInput& input) {
    if (input.topic_id.has_value() == input.question_id.has_value())
        return make_error(ErrorCode::InvalidInput, "give either topic_id or question_id");
    using namespace std::chrono;
    if (input.due_at < sys_days{year{2000} / 1 / 1} || input.due_at >= sys_days{year{2100} / 1 / 1})
        return make_error(ErrorCode::InvalidInput, "due_at must be between the years 2000 and 2099");
    SQLite::Transaction tx(db_.handle());
    auto department = departments_.find_by_name(input.department);
    if (!department) {
        std::string known;
        for (const auto& d : departments_.list()) known += (known.empty() ? "" : ", ") + d.name;
        return make_error(ErrorCode::InvalidInput,
                          fmt::format("department \"{}\" does not exist (configured: {})", input.department,
                                      known.empty() ? "none yet" : known));
    }
    EventId event;
    if (input.topic_id) {
        auto topic = topics_.find(*input.topic_id);
        if (!topic) return make_error(ErrorCode::InvalidInput, fmt::format("topic {} does not exist", input.topic_id->value));
        event = topic->event_id;
    } else {
        auto question = questions_.find(*input.question_id);
        if (!question)
            return make_error(ErrorCode::InvalidInput, fmt::format("question {} does not exist", input.question_id->value));
        if (question->status == QuestionStatus::Rejected || question->status == QuestionStatus::Merged)
            return make_error(ErrorCode::InvalidInput, fmt::format("question {} is {} and cannot be assigned",
                                                                   question->id.value, wire_name(question->status)));
        event = question->event_id;
    }
    const auto now = clock_.now();
    const auto id = assignments_.insert(
        {event, input.topic_id, input.question_id, department->id, input.due_at, actor.name, now});
    auto created = *assignments_.find(id);
    audit_.record(now, actor, "assignment.create", "assignment", id.value, nullptr, to_json(created));
    escalate_due({created}, now);
    tx.commit();
    return *assignments_.find(id);
}

Result<Assignment> AssignmentService::respond(const StaffUser& user, AssignmentId id, std::string_view response) {
    if (auto s = check_text("response", response, 1, kResponseMax, TextShape::Lines); !s) return s.error();
    SQLite::Transaction tx(db_.handle());
    auto current = assignments_.find(id);
    if (!current) return no_such_assignment(id);
    if (user.role != Role::Admin && user.department != current->department_id)
        return make_error(ErrorCode::Forbidden,
                          fmt::format("assignment {} belongs to {}, not to your department", id.value, current->department));
    assignments_.set_response(id, response, user.name, clock_.now());
    auto changed = *assignments_.find(id);
    audit_.record(clock_.now(), Actor::of(user), "assignment.respond", "assignment", id.value, to_json(*current),
                  to_json(changed));
    tx.commit();
    return changed;
}

std::vector<Assignment> AssignmentService::list(const StaffUser& user, bool overdue_only) {
    AssignmentFilter filter;
    if (user.role == Role::Responder) {
        if (!user.department) return {};
        filter.department = user.department;
    }
    if (overdue_only) filter.overdue_at = clock_.now();
    return assignments_.list(filter);
}

std::vector<Assignment> AssignmentService::for_event(EventId event) {
    AssignmentFilter filter;
    filter.event = event;
    return assignments_.list(filter);
}

int AssignmentService::escalate() {
    const auto now = clock_.now();
    SQLite::Transaction tx(db_.handle());
    AssignmentFilter overdue;
    overdue.overdue_at = now;
    const int taken = escalate_due(assignments_.list(overdue), now);
    tx.commit();
    return taken;
}

int AssignmentService::escalate_due(const std::vector<Assignment>& overdue, Timestamp now) {
    int taken = 0;
    for (const auto& a : overdue) {
        if (a.status != AssignmentStatus::Open) continue;
        const auto reached = escalation_level_at(a.due_at, now, policy_);
        auto department = departments_.find(a.department_id);
        for (auto level : {EscalationLevel::Reminder, EscalationLevel::Notice, EscalationLevel::Accountability}) {
            if (level > reached) break;
            if (!assignments_.add_step(a.id, level, now)) continue;
            ++taken;
            audit_.record(now, Actor::system("escalation"), "assignment.escalate", "assignment", a.id.value, nullptr,
                          {{"level", wire_name(level)}, {"at", format_rfc3339(now)}});
            outbox_.enqueue(escalation_message(a, *department, level, now));
        }
    }
    return taken;
}

}  // namespace openhall::core
