// Departments and the work assigned to them: assigning a topic or a question with a due date, a responder's
// answer, and the escalation timer's walk over overdue work. Each change is stored and audited in one
// transaction; each escalation step happens once and queues its message in the outbox in the same transaction.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "openhall/core/accounts/audit_log.hpp"
#include "openhall/core/accounts/department.hpp"
#include "openhall/core/accounts/user.hpp"
#include "openhall/core/accounts/user_repository.hpp"
#include "openhall/core/after_meeting/assignment_repository.hpp"
#include "openhall/core/after_meeting/topic.hpp"
#include "openhall/core/base/result.hpp"
#include "openhall/core/events/event_repository.hpp"
#include "openhall/core/live_questions/question_repository.hpp"
#include "openhall/core/notifications/mail_catalogue.hpp"
#include "openhall/core/notifications/outbox.hpp"

namespace openhall::core {

struct AssignmentInput {
    std::optional<TopicId> topic_id;
    std::optional<QuestionId> question_id;
    std::string department;  // a department's name
    Timestamp due_at;
};

class AssignmentService {
public:
    // `site`: where the e-mails' links point and which zone their times are in (outlives the service).
    AssignmentService(Database& db, const Clock& clock, EscalationPolicy policy, const MailSite& site)
        : db_(db), clock_(clock), policy_(policy), site_(site), assignments_(db), departments_(db), topics_(db),
          questions_(db), events_(db), users_(db), outbox_(db), audit_(db) {}

    Result<Department> create_department(const Actor& actor, Department input);  // contacts folded (fold_contact)
    std::vector<Department> departments() { return departments_.list(); }
    // Makes a staff user a responder of the department (or of none).
    Result<StaffUser> set_user_department(const Actor& actor, std::string_view user, std::optional<std::string> department);

    // An assignment already past its due date escalates at once.
    Result<Assignment> assign(const Actor& actor, const AssignmentInput& input);
    // A responder answers for their own department only; admins for any.
    Result<Assignment> respond(const StaffUser& user, AssignmentId id, std::string_view response);

    // What `user` may see: responders their department's work, everyone else all of it.
    std::vector<Assignment> list(const StaffUser& user, bool overdue_only);
    std::optional<Assignment> find(AssignmentId id) { return assignments_.find(id); }
    std::vector<Assignment> for_event(EventId event);

    // Takes every escalation step that is due and not yet taken; returns how many it took. Idempotent.
    int escalate();

    const EscalationPolicy& policy() const { return policy_; }
    // What escalation queued, newest first.
    std::vector<OutboxMessage> outbox(std::size_t limit) { return outbox_.list(limit); }

private:
    int escalate_due(const std::vector<Assignment>& overdue, Timestamp now);
    OutboxMessage escalation_message(const Assignment& a, const Department& d, EscalationLevel level, Timestamp now);

    Database& db_;
    const Clock& clock_;
    EscalationPolicy policy_;
    const MailSite& site_;
    AssignmentRepository assignments_;
    DepartmentRepository departments_;
    TopicRepository topics_;
    QuestionRepository questions_;
    EventRepository events_;
    UserRepository users_;
    OutboxRepository outbox_;
    AuditLog audit_;
};

}  // namespace openhall::core
