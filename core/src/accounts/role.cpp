#include "openhall/core/accounts/role.hpp"

#include <utility>

namespace openhall::core {
namespace {

constexpr std::pair<Role, std::string_view> kRoleNames[] = {
    {Role::Admin, "admin"},   {Role::Scheduler, "scheduler"}, {Role::Moderator, "moderator"},
    {Role::Editor, "editor"}, {Role::Reviewer, "reviewer"},   {Role::Responder, "responder"},
    {Role::Captioner, "captioner"},
};

}  // namespace

std::string_view wire_name(Role role) {
    for (const auto& [r, name] : kRoleNames)
        if (r == role) return name;
    return "unknown";
}

std::optional<Role> parse_role(std::string_view name) {
    for (const auto& [r, n] : kRoleNames)
        if (n == name) return r;
    return std::nullopt;
}

bool role_may(Role role, Permission permission) {
    switch (permission) {
        case Permission::ManageEvents:
        case Permission::HandleRegistrations:
        case Permission::ManageInvitations:
            return role == Role::Admin || role == Role::Scheduler;
        case Permission::ViewDraftEvents:
            // Every staff member works with events before they are public.
            return true;
        case Permission::ManageUsers:
            return role == Role::Admin;
        case Permission::ModerateQuestions:
            return role == Role::Admin || role == Role::Moderator;
        case Permission::EnterRoomQuestions:
            return role == Role::Admin || role == Role::Moderator || role == Role::Scheduler;
        case Permission::OrganizeQuestions:
        case Permission::WriteInterpretations:
            return role == Role::Admin || role == Role::Editor;
        case Permission::ManageDepartments:
        case Permission::ExportArchives:
            return role == Role::Admin;
        case Permission::ViewAssignments:
            return role == Role::Admin || role == Role::Editor || role == Role::Reviewer || role == Role::Responder;
        case Permission::RespondToAssignments:
            return role == Role::Admin || role == Role::Responder;
        case Permission::ReviewInterpretations:
            return role == Role::Admin || role == Role::Reviewer;
        case Permission::ReadInterpretationDrafts:
            return role == Role::Admin || role == Role::Editor || role == Role::Reviewer;
        case Permission::SendCaptions:
            // A moderator of a small office captions too; nobody else types what viewers read as said.
            return role == Role::Admin || role == Role::Moderator || role == Role::Captioner;
        case Permission::EditTranscripts:
            return role == Role::Admin || role == Role::Editor || role == Role::Captioner;
        case Permission::ViewOutbox:
            return role == Role::Admin || role == Role::Scheduler || role == Role::Editor;
    }
    return false;
}

}  // namespace openhall::core
