// Registrations and each event's registration settings in SQLite. No rules here (RegistrationService has them);
// callers hold the transaction.
#pragma once

#include <optional>
#include <vector>

#include "openhall/core/attendance/registration.hpp"
#include "openhall/core/store/database.hpp"

namespace openhall::core {

struct NewRegistration {
    EventId event_id;
    RegistrationType type = RegistrationType::Attend;
    std::string name;
    std::string contact;
    std::string statement;
    RegistrationStatus status = RegistrationStatus::Confirmed;
    std::string address;
    Timestamp now;
    std::string language = "zh-Hans";
};

class RegistrationRepository {
public:
    explicit RegistrationRepository(Database& db) : db_(db) {}

    // With a fresh code; nullopt when the contact already has a live registration for the event.
    std::optional<Registration> insert(const NewRegistration& r);
    std::optional<Registration> find_by_code(std::string_view code);
    // Oldest first; all statuses when `statuses` is empty.
    std::vector<Registration> list(EventId event, const std::vector<RegistrationStatus>& statuses = {});
    std::int64_t count(EventId event, RegistrationStatus status);

    void set_status(RegistrationId id, RegistrationStatus status, std::optional<int> speaking_order, Timestamp now);
    void set_checked_in(RegistrationId id, Timestamp at);

    RegistrationSettings settings(EventId event);
    void save_settings(EventId event, const RegistrationSettings& s);

private:
    Registration complete(Registration r);

    Database& db_;
};

}  // namespace openhall::core
