// The invitee directory, invitations and agenda submissions in SQLite. No rules here (InvitationService has
// them); callers hold the transaction.
#pragma once

#include <optional>
#include <vector>

#include "openhall/core/attendance/invitation.hpp"
#include "openhall/core/store/database.hpp"

namespace openhall::core {

class InvitationRepository {
public:
    explicit InvitationRepository(Database& db) : db_(db) {}

    InviteeId insert_invitee(const Invitee& i, Timestamp now);
    void update_invitee(const Invitee& i, Timestamp now);
    std::optional<Invitee> find_invitee(InviteeId id);
    // By name, affiliation or notes containing `query` (all when empty), and by category when given.
    std::vector<Invitee> search_invitees(std::string_view query, std::optional<std::string> category, std::size_t limit);
    InviteeRecord record_of(InviteeId id, Timestamp now);

    // Nullopt when the invitee already has a live invitation to the event.
    std::optional<InvitationId> insert_invitation(EventId event, std::optional<AgendaItemId> item, InviteeId invitee,
                                                  std::string_view token, std::string_view created_by, Timestamp now);
    std::optional<Invitation> find_invitation(InvitationId id);
    // The SEQUENCE of the invitation's calendar entry (RFC 5545 §3.8.7.4): 0 when first sent, or one more than the
    // last invitation of the same invitee to the same event (a re-invitation after a withdrawal keeps its UID).
    int itip_sequence(InvitationId id);
    // Raises it by one for a change about to be sent, and returns the new value. Call inside the change's
    // transaction.
    int next_itip_sequence(InvitationId id);
    std::optional<Invitation> find_by_token(std::string_view token);
    std::vector<Invitation> invitations_of_event(EventId event);
    std::vector<Invitation> invitations_of_invitee(InviteeId invitee);
    void set_response(InvitationId id, InvitationStatus status, std::string_view note, std::optional<Timestamp> at, Timestamp now);
    void set_attendance(InvitationId id, Attendance attendance, Timestamp now);

    SubmissionId insert_submission(const AgendaSubmission& s);
    std::optional<AgendaSubmission> find_submission(SubmissionId id);
    std::vector<AgendaSubmission> submissions_of_event(EventId event);
    void decide_submission(SubmissionId id, std::string_view status, std::optional<AgendaItemId> item, Timestamp now);

private:
    std::vector<Invitation> invitations_where(const char* sql, std::int64_t key);

    Database& db_;
};

}  // namespace openhall::core
