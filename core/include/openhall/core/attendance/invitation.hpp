// Invitations of stakeholder representatives as plain values: the invitee directory, invitations with their
// answers and attendance, candidates for a seat, and agenda submissions from reporting units.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "openhall/core/base/ids.hpp"
#include "openhall/core/base/time.hpp"

namespace openhall::core {

using InviteeId = StrongId<struct InviteeIdTag>;
using InvitationId = StrongId<struct InvitationIdTag>;
using SubmissionId = StrongId<struct SubmissionIdTag>;

// The categories every deployment has (the practice's list); admins may add others.
inline const std::vector<std::string> kDefaultInviteeCategories = {"人大代表", "政协委员", "群众代表",
                                                                   "企业代表", "专家学者", "媒体记者"};

enum class InvitationStatus { Invited, Accepted, Declined, Withdrawn };
enum class Attendance { Attended, NoShow };

std::string_view wire_name(InvitationStatus status);
std::string_view wire_name(Attendance attendance);
std::optional<InvitationStatus> parse_invitation_status(std::string_view name);
std::optional<Attendance> parse_attendance(std::string_view name);

struct Invitee {
    InviteeId id;
    std::string name;
    std::string category;
    std::string affiliation;
    std::string contact;  // staff only
    std::string notes;
    bool operator==(const Invitee&) const = default;
};

// How an invitee has answered before, for choosing whom to invite.
struct InviteeRecord {
    int invited_last_year = 0;
    int accepted = 0;
    int attended = 0;
    int no_shows = 0;
    std::optional<Timestamp> last_invited_at;
};

struct Invitation {
    InvitationId id;
    EventId event_id;
    std::optional<AgendaItemId> agenda_item_id;
    InviteeId invitee_id;
    std::string invitee_name;
    std::string invitee_category;
    std::string token;
    InvitationStatus status = InvitationStatus::Invited;
    std::string note;
    std::optional<Attendance> attendance;
    std::optional<Timestamp> responded_at;
    Timestamp created_at;
    bool operator==(const Invitation&) const = default;
};

struct Candidate {
    Invitee invitee;
    InviteeRecord record;
    std::string reason;  // one line: why here in the ranking
};

struct AgendaSubmission {
    SubmissionId id;
    EventId event_id;
    std::string title;
    std::string reporting_unit;
    std::string summary;
    std::vector<std::string> suggested_categories;
    std::vector<InviteeId> suggested_invitees;
    std::string status;  // pending | accepted | rejected
    std::optional<AgendaItemId> agenda_item_id;
    std::string submitted_by;
    Timestamp created_at;
};

nlohmann::json to_json(const Invitee& i, const InviteeRecord* record = nullptr);
// `rsvp_base` (e.g. "http://host") makes rsvp_url absolute; the token itself is staff-only, as is the link.
nlohmann::json to_json(const Invitation& i, const UtcOffsetAt& offset_at, std::string_view rsvp_base);
nlohmann::json to_json(const AgendaSubmission& s, const UtcOffsetAt& offset_at);

// The UID of an invitation's calendar entry: one per event and invitee (RFC 5545 §3.8.4.7: globally unique, the
// same for every message about that entry), so the invitee's calendar updates the entry rather than adding one.
std::string itip_uid(EventId event, InviteeId invitee);

}  // namespace openhall::core
