#include "openhall/core/attendance/invitation.hpp"

#include <fmt/format.h>

#include "openhall/core/base/wire_names.hpp"

namespace openhall::core {
namespace {

constexpr std::pair<InvitationStatus, std::string_view> kStatusNames[] = {
    {InvitationStatus::Invited, "invited"},
    {InvitationStatus::Accepted, "accepted"},
    {InvitationStatus::Declined, "declined"},
    {InvitationStatus::Withdrawn, "withdrawn"},
};
constexpr std::pair<Attendance, std::string_view> kAttendanceNames[] = {{Attendance::Attended, "attended"},
                                                                        {Attendance::NoShow, "no_show"}};

}  // namespace

std::string_view wire_name(InvitationStatus status) { return name_in(kStatusNames, status); }
std::string_view wire_name(Attendance attendance) { return name_in(kAttendanceNames, attendance); }
std::optional<InvitationStatus> parse_invitation_status(std::string_view name) { return value_in(kStatusNames, name); }
std::optional<Attendance> parse_attendance(std::string_view name) { return value_in(kAttendanceNames, name); }

nlohmann::json to_json(const Invitee& i, const InviteeRecord* record) {
    nlohmann::json j = {{"id", i.id.value},          {"name", i.name},       {"category", i.category},
                        {"affiliation", i.affiliation}, {"contact", i.contact}, {"notes", i.notes}};
    if (record)
        j["history"] = {{"invited_last_year", record->invited_last_year},
                        {"accepted", record->accepted},
                        {"attended", record->attended},
                        {"no_shows", record->no_shows}};
    return j;
}

nlohmann::json to_json(const Invitation& i, const UtcOffsetAt& offset_at, std::string_view rsvp_base) {
    auto time = [&](Timestamp t) { return format_rfc3339(t, offset_at ? offset_at(t) : std::chrono::seconds{0}); };
    return {{"id", i.id.value},
            {"event_id", i.event_id.value},
            {"agenda_item_id", i.agenda_item_id ? nlohmann::json(i.agenda_item_id->value) : nlohmann::json()},
            {"invitee_id", i.invitee_id.value},
            {"invitee", {{"name", i.invitee_name}, {"category", i.invitee_category}}},
            {"status", wire_name(i.status)},
            {"note", i.note},
            {"attendance", i.attendance ? nlohmann::json(wire_name(*i.attendance)) : nlohmann::json()},
            {"responded_at", i.responded_at ? nlohmann::json(time(*i.responded_at)) : nlohmann::json()},
            {"created_at", time(i.created_at)},
            {"rsvp_url", fmt::format("{}/rsvp/{}", rsvp_base, i.token)}};
}

nlohmann::json to_json(const AgendaSubmission& s, const UtcOffsetAt& offset_at) {
    auto ids = nlohmann::json::array();
    for (auto id : s.suggested_invitees) ids.push_back(id.value);
    return {{"id", s.id.value},
            {"event_id", s.event_id.value},
            {"title", s.title},
            {"reporting_unit", s.reporting_unit},
            {"summary", s.summary},
            {"suggested_categories", s.suggested_categories},
            {"suggested_invitee_ids", std::move(ids)},
            {"status", s.status},
            {"agenda_item_id", s.agenda_item_id ? nlohmann::json(s.agenda_item_id->value) : nlohmann::json()},
            {"submitted_by", s.submitted_by},
            {"created_at", format_rfc3339(s.created_at, offset_at ? offset_at(s.created_at) : std::chrono::seconds{0})}};
}

std::string itip_uid(EventId event, InviteeId invitee) {
    return fmt::format("event-{}-invitee-{}@openhall", event.value, invitee.value);
}

}  // namespace openhall::core
