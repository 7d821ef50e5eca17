// Public registration rules: who may register for what and when, seats and the waitlist (promotion on
// cancellation), hearing applications and the reproducible lottery, and check-in at the door. Every change runs
// in one transaction (so many registrations arriving at once never overbook) and is audited without contacts.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "openhall/core/accounts/audit_log.hpp"
#include "openhall/core/accounts/user.hpp"
#include "openhall/core/attendance/registration_repository.hpp"
#include "openhall/core/base/result.hpp"
#include "openhall/core/events/event_repository.hpp"
#include "openhall/core/notifications/mail_catalogue.hpp"
#include "openhall/core/notifications/outbox.hpp"

namespace openhall::core {

struct RegistrationRequest {
    EventId event_id;
    RegistrationType type = RegistrationType::Attend;
    std::string name;
    std::string contact;
    std::string statement;
    std::string address;
    std::string language;  // the page's (BCP 47); the e-mails follow it, Simplified Chinese when empty or unknown
};

struct LotteryResult {
    std::string seed;
    int seats = 0;
    RegistrationType type = RegistrationType::Speak;
    std::vector<Registration> drawn;  // in drawn order
    std::int64_t applications = 0;
};

struct CheckIn {
    Registration registration;
    bool already = false;  // it had been checked in before: nothing changed
};

class RegistrationService {
public:
    // `site`: where the e-mails' links point and which zone their times are in (outlives the service).
    RegistrationService(Database& db, const Clock& clock, const MailSite& site)
        : db_(db), clock_(clock), site_(site), registrations_(db), events_(db), outbox_(db), audit_(db) {}

    // Open days (and other events with a capacity): confirmed while seats last, then waitlisted in order.
    // Hearings: an application, decided by the lottery.
    Result<Registration> register_for(const RegistrationRequest& request);
    // Cancelling a confirmed seat promotes the first on the waitlist.
    Result<Registration> cancel(std::string_view code);
    std::optional<Registration> find(std::string_view code);
    std::vector<Registration> list(EventId event) { return registrations_.list(event); }

    Result<RegistrationSettings> configure(const Actor& actor, EventId event, std::optional<Timestamp> opens_at,
                                           std::optional<Timestamp> closes_at, std::optional<int> speaking_minutes);
    // The seed is announced once, before the draw, and then it is the only seed the draw accepts.
    Result<RegistrationSettings> announce_seed(const Actor& actor, EventId event, std::string_view seed);
    // Draws `seats` among the applications of `type`; the same seed over the same applications draws the same list.
    Result<LotteryResult> draw(const Actor& actor, EventId event, int seats, std::string_view seed, RegistrationType type);
    // The last draw's result, for the public page (nullopt before any draw).
    std::optional<LotteryResult> lottery(EventId event);
    RegistrationSettings settings(EventId event) { return registrations_.settings(event); }

    // Records attendance once; a code that does not admit (waitlisted, not drawn, cancelled) is refused.
    Result<CheckIn> check_in(const Actor& actor, std::string_view code);

private:
    // Mails the registrant (an e-mail contact) the message registration.<kind> in their page's language.
    void notify(const Registration& r, const Event& event, std::string_view kind);

    Database& db_;
    const Clock& clock_;
    const MailSite& site_;
    RegistrationRepository registrations_;
    EventRepository events_;
    OutboxRepository outbox_;
    AuditLog audit_;
};

}  // namespace openhall::core
