// Messages to the people an event concerns (invitees who have not declined, registrants who hold or wait for a
// place): a reminder a configurable time before it starts, and a notice when it is postponed, cancelled, moved
// in time or to another venue. Queued in the outbox, each once (its key names the event, the person and the
// change).
#pragma once

#include <chrono>
#include <functional>

#include "openhall/core/attendance/invitation_repository.hpp"
#include "openhall/core/attendance/registration_repository.hpp"
#include "openhall/core/events/event_service.hpp"
#include "openhall/core/notifications/mail_catalogue.hpp"
#include "openhall/core/notifications/outbox.hpp"

namespace openhall::core {

class EventNotices final : public EventStatusObserver {
public:
    // `site`: where the e-mails' links point and which zone their times are in (outlives the notices).
    EventNotices(Database& db, const Clock& clock, std::chrono::seconds remind_before, const MailSite& site)
        : db_(db), clock_(clock), remind_before_(remind_before), site_(site), events_(db), invitations_(db),
          registrations_(db), outbox_(db) {}

    // Queues the reminders of events starting within the reminder time; returns how many were new.
    int queue_reminders();

    void on_status_changed(const Event& event, EventStatus from) override;
    void on_details_changed(const Event& before, const Event& after) override;

private:
    // The fields of a message in the reader's language.
    using FieldsIn = std::function<MailFields(Language)>;
    // Queues the catalogue's `message` (event.reminder, event.postponed, event.cancelled or event.moved) to
    // everyone concerned, each in their language (a registrant's page's; Simplified Chinese for invitees), under the
    // key "<kind>:<event>:<person>:<change>".
    int tell_everyone(const Event& event, std::string_view kind, std::string_view change, std::string_view message,
                      const FieldsIn& fields);

    Database& db_;
    const Clock& clock_;
    std::chrono::seconds remind_before_;
    const MailSite& site_;
    EventRepository events_;
    InvitationRepository invitations_;
    RegistrationRepository registrations_;
    OutboxRepository outbox_;
};

}  // namespace openhall::core
