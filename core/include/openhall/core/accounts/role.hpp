// Staff roles and what each may do; the one place a route asks "may this role do that".
#pragma once

#include <optional>
#include <string_view>

namespace openhall::core {

enum class Role { Admin, Scheduler, Moderator, Editor, Reviewer, Responder, Captioner };

inline constexpr Role kAllRoles[] = {Role::Admin,  Role::Scheduler, Role::Moderator, Role::Editor,
                                     Role::Reviewer, Role::Responder, Role::Captioner};

std::string_view wire_name(Role role);
std::optional<Role> parse_role(std::string_view name);

enum class Permission {
    ManageEvents,     // create and edit events and agenda items, change their status
    ViewDraftEvents,  // see drafts in lists and by id
    ManageUsers,
    ModerateQuestions,   // approve, reject, pin, merge, mark answered; see pending questions
    EnterRoomQuestions,  // type in a question an attendee raised in the room
    OrganizeQuestions,   // after the meeting: see every question, group them into topics, assign them
    ManageDepartments,   // create departments, make staff responders of one
    ViewAssignments,     // responders see their department's, the others all
    RespondToAssignments,
    WriteInterpretations,   // draft, save versions, change status, moderate comments
    ReviewInterpretations,  // approve or request changes (預審)
    ReadInterpretationDrafts,
    ViewOutbox,
    ExportArchives,  // the archive bundle (立卷歸檔)
    HandleRegistrations,  // see registrations with contacts, set windows, draw lots, check in at the door
    ManageInvitations,    // the invitee directory, invitations, attendance, accepting agenda submissions
    SendCaptions,         // type live caption lines and correct the newest (issue 17)
    EditTranscripts,      // after the meeting: import a transcript (SRT, WebVTT) for the replay
};

bool role_may(Role role, Permission permission);

}  // namespace openhall::core
