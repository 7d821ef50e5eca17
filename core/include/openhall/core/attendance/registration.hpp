// Public registrations as plain values: an open day's seats (confirmed or waitlisted in order) and a hearing's
// applications to attend or to speak (decided by the lottery).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "openhall/core/base/ids.hpp"
#include "openhall/core/base/time.hpp"

namespace openhall::core {

using RegistrationId = StrongId<struct RegistrationIdTag>;

enum class RegistrationType { Attend, Speak };
enum class RegistrationStatus { Confirmed, Waitlisted, Applied, Drawn, NotDrawn, Cancelled };

std::string_view wire_name(RegistrationType type);
std::string_view wire_name(RegistrationStatus status);
std::optional<RegistrationType> parse_registration_type(std::string_view name);
std::optional<RegistrationStatus> parse_registration_status(std::string_view name);

// Who may come in at the door: a confirmed seat or a drawn application.
bool admits(RegistrationStatus status);

struct Registration {
    RegistrationId id;
    EventId event_id;
    std::string code;
    RegistrationType type = RegistrationType::Attend;
    std::string name;
    std::string contact;  // staff only
    std::string statement;
    RegistrationStatus status = RegistrationStatus::Confirmed;
    std::optional<int> waitlist_position;  // 1 for the next to be promoted
    std::optional<int> speaking_order;
    std::optional<int> speaking_minutes;
    Timestamp created_at;
    std::optional<Timestamp> checked_in_at;
    std::string language = "zh-Hans";  // of the page it was made on: the e-mails' language (BCP 47, wire_name)
    bool operator==(const Registration&) const = default;
};

// The registrant's view; `staff` adds the contact.
nlohmann::json to_json(const Registration& r, const UtcOffsetAt& offset_at, bool staff = false);

// A contact in the form that decides duplicates: its folded form (fold_contact, text/contact.hpp); registrations
// are only taken with a contact that folds, so the trimmed text is a fallback for rows stored before issue 14.
std::string contact_key(std::string_view contact);

struct RegistrationSettings {
    std::optional<Timestamp> opens_at;
    std::optional<Timestamp> closes_at;  // default: when the event starts
    int speaking_minutes = 5;
    std::optional<std::string> seed;
    std::optional<Timestamp> seed_announced_at;
    std::optional<Timestamp> drawn_at;
    std::optional<int> seats;
    bool operator==(const RegistrationSettings&) const = default;
};

}  // namespace openhall::core
