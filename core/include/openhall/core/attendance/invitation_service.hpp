// Invitations of stakeholder representatives: the directory (with CSV import and export), invitations with an
// unguessable RSVP link, answers, withdrawal and attendance; candidates for a seat ranked by rotation and
// reliability; agenda submissions from reporting units. Changes are validated, stored and audited (without
// contacts) in one transaction, with their messages queued in the outbox.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "openhall/core/accounts/audit_log.hpp"
#include "openhall/core/accounts/user.hpp"
#include "openhall/core/attendance/invitation_repository.hpp"
#include "openhall/core/base/result.hpp"
#include "openhall/core/events/event_service.hpp"
#include "openhall/core/notifications/mail_catalogue.hpp"
#include "openhall/core/notifications/outbox.hpp"
#include "openhall/core/text/script_folder.hpp"

namespace openhall::core {

struct InviteePatch {
    std::optional<std::string> name, category, affiliation, contact, notes;
};

struct CsvImport {
    int imported = 0;
    std::vector<std::string> errors;  // "line 3: category ... is not configured"; any error: nothing imported
};

enum class RsvpResponse { Accept, Decline };

class InvitationService {
public:
    // `site`: where the e-mails' links point and which zone their times are in (outlives the service).
    InvitationService(Database& db, const Clock& clock, const ScriptFolder& folder, const MailSite& site)
        : db_(db), clock_(clock), folder_(folder), site_(site), invitations_(db), events_(db), outbox_(db), audit_(db) {}

    std::vector<std::string> categories();
    Result<std::vector<std::string>> set_categories(const Actor& actor, std::vector<std::string> categories);

    Result<Invitee> add_invitee(const Actor& actor, Invitee input);
    Result<Invitee> update_invitee(const Actor& actor, InviteeId id, const InviteePatch& patch);
    std::optional<Invitee> invitee(InviteeId id) { return invitations_.find_invitee(id); }
    std::vector<std::pair<Invitee, InviteeRecord>> search(std::string_view query, std::optional<std::string> category,
                                                          std::size_t limit);
    InviteeRecord record_of(InviteeId id) { return invitations_.record_of(id, clock_.now()); }
    std::vector<Invitation> history(InviteeId id) { return invitations_.invitations_of_invitee(id); }

    // Columns: name,category,affiliation,contact,notes (a header line first). All rows or none.
    CsvImport import_csv(const Actor& actor, std::string_view csv);
    std::string export_csv();

    // Mails the invitee the invitation with its RSVP link (MailSite's address) and its iTIP REQUEST.
    Result<Invitation> invite(const Actor& actor, EventId event, InviteeId invitee, std::optional<AgendaItemId> item);
    std::optional<Invitation> by_token(std::string_view token) { return invitations_.find_by_token(token); }
    // Until the event starts; answering the same again changes nothing.
    Result<Invitation> respond(std::string_view token, RsvpResponse response, std::string_view note);
    Result<Invitation> withdraw(const Actor& actor, InvitationId id);
    Result<Invitation> record_attendance(const Actor& actor, InvitationId id, Attendance attendance);
    std::vector<Invitation> of_event(EventId event) { return invitations_.invitations_of_event(event); }
    std::optional<Invitation> find(InvitationId id) { return invitations_.find_invitation(id); }

    // Invitees of the categories (all when empty) not invited to the event yet: no no-shows first, then the fewest
    // invitations in the last year, then who was invited longest ago.
    std::vector<Candidate> suggestions(EventId event, const std::vector<std::string>& categories, std::size_t limit);
    // For a declined seat: the first suggestion of the same category.
    std::optional<Candidate> replacement_for(const Invitation& declined);

    Result<AgendaSubmission> submit(const Actor& actor, AgendaSubmission input);
    std::vector<AgendaSubmission> submissions(EventId event) { return invitations_.submissions_of_event(event); }
    // Accepting adds the item to the event's agenda (through `events`, so the agenda's own rules apply).
    Result<AgendaSubmission> decide(const Actor& actor, SubmissionId id, bool accept, EventService& events);

private:
    Result<std::string> configured_category(std::string_view category);
    Status check_invitee(Invitee& i);  // folds the contact (fold_contact_into)
    // Queues the message invitation.<kind> (invited, withdrawn) to the invitee, in Simplified Chinese (the
    // directory does not know an invitee's language).
    void tell(const Invitation& v, const Event& event, std::string_view kind);

    Database& db_;
    const Clock& clock_;
    const ScriptFolder& folder_;
    const MailSite& site_;
    InvitationRepository invitations_;
    EventRepository events_;
    OutboxRepository outbox_;
    AuditLog audit_;
};

}  // namespace openhall::core
