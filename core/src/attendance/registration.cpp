#include "openhall/core/attendance/registration.hpp"

#include <cctype>

#include "openhall/core/base/wire_names.hpp"
#include "openhall/core/text/contact.hpp"
#include "openhall/core/text/text.hpp"

namespace openhall::core {
namespace {

constexpr std::pair<RegistrationType, std::string_view> kTypeNames[] = {
    {RegistrationType::Attend, "attend"}, {RegistrationType::Speak, "speak"}};
constexpr std::pair<RegistrationStatus, std::string_view> kStatusNames[] = {
    {RegistrationStatus::Confirmed, "confirmed"}, {RegistrationStatus::Waitlisted, "waitlisted"},
    {RegistrationStatus::Applied, "applied"},     {RegistrationStatus::Drawn, "drawn"},
    {RegistrationStatus::NotDrawn, "not_drawn"},  {RegistrationStatus::Cancelled, "cancelled"},
};

}  // namespace

std::string_view wire_name(RegistrationType type) { return name_in(kTypeNames, type); }
std::string_view wire_name(RegistrationStatus status) { return name_in(kStatusNames, status); }
std::optional<RegistrationType> parse_registration_type(std::string_view name) { return value_in(kTypeNames, name); }
std::optional<RegistrationStatus> parse_registration_status(std::string_view name) { return value_in(kStatusNames, name); }

bool admits(RegistrationStatus status) { return status == RegistrationStatus::Confirmed || status == RegistrationStatus::Drawn; }

nlohmann::json to_json(const Registration& r, const UtcOffsetAt& offset_at, bool staff) {
    auto time = [&](Timestamp t) { return format_rfc3339(t, offset_at ? offset_at(t) : std::chrono::seconds{0}); };
    auto optional_int = [](const std::optional<int>& v) { return v ? nlohmann::json(*v) : nlohmann::json(); };
    nlohmann::json j = {{"code", r.code},
                        {"event_id", r.event_id.value},
                        {"type", wire_name(r.type)},
                        {"name", r.name},
                        {"statement", r.statement},
                        {"status", wire_name(r.status)},
                        {"waitlist_position", optional_int(r.waitlist_position)},
                        {"speaking_order", optional_int(r.speaking_order)},
                        {"speaking_minutes", optional_int(r.speaking_minutes)},
                        {"created_at", time(r.created_at)},
                        {"checked_in_at", r.checked_in_at ? nlohmann::json(time(*r.checked_in_at)) : nlohmann::json()},
                        {"language", r.language}};
    if (staff) {
        j["id"] = r.id.value;
        j["contact"] = r.contact;
    }
    return j;
}

std::string contact_key(std::string_view contact) { return fold_contact(contact).value_or(trim(contact)); }

}  // namespace openhall::core
