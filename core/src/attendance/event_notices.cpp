#include "openhall/core/attendance/event_notices.hpp"

#include <SQLiteCpp/Transaction.h>
#include <fmt/format.h>

namespace openhall::core {

int EventNotices::tell_everyone(const Event& event, std::string_view kind, std::string_view change,
                                std::string_view message, const FieldsIn& fields) {
    int queued = 0;
    const auto key_of = [&](const std::string& who) { return fmt::format("{}:{}:{}:{}", kind, event.id.value, who, change); };
    auto queue = [&](std::string recipient, std::string who, std::optional<ItipPart> itip, Language language) {
        if (recipient.find('@') == std::string::npos) return;  // phone numbers: staff call from the lists
        OutboxMessage m;
        m.kind = fmt::format("event.{}", kind);
        m.recipient = std::move(recipient);
        const auto text = compose_mail(message, language, fields(language));
        m.subject = text.subject;
        m.body = text.body;
        m.language = std::string(wire_name(language));
        m.dedupe_key = key_of(who);
        m.created_at = clock_.now();
        m.ics_event_id = event.id.value;
        m.itip = std::move(itip);
        queued += outbox_.enqueue(m) ? 1 : 0;
    };
    // An invitee's calendar follows the entry it was sent (iTIP): a change is a REQUEST with a higher SEQUENCE, a
    // cancellation a CANCEL; a reminder repeats the entry as it stands. Registrants get a plain calendar entry.
    const bool is_change = kind == "changed";
    for (const auto& v : invitations_.invitations_of_event(event.id)) {
        if (v.status == InvitationStatus::Withdrawn || v.status == InvitationStatus::Declined) continue;
        auto invitee = invitations_.find_invitee(v.invitee_id);
        if (!invitee || invitee->contact.find('@') == std::string::npos) continue;
        const auto who = fmt::format("invitation{}", v.id.value);
        if (outbox_.queued(key_of(who))) continue;  // told already: its SEQUENCE must not rise again
        ItipPart itip{event.status == EventStatus::Cancelled ? "CANCEL" : "REQUEST", itip_uid(event.id, v.invitee_id),
                      is_change ? invitations_.next_itip_sequence(v.id) : invitations_.itip_sequence(v.id), invitee->name};
        queue(invitee->contact, who, itip, Language::SimplifiedChinese);  // the directory does not know theirs
    }
    for (const auto& r : registrations_.list(event.id, {RegistrationStatus::Confirmed, RegistrationStatus::Waitlisted,
                                                        RegistrationStatus::Applied, RegistrationStatus::Drawn}))
        queue(r.contact, r.code, std::nullopt, language_from_tag(r.language));
    return queued;
}

int EventNotices::queue_reminders() {
    const auto now = clock_.now();
    EventFilter filter;
    filter.from = now;
    filter.to = now + remind_before_;
    int queued = 0;
    SQLite::Transaction tx(db_.handle());
    for (const auto& e : events_.list(filter)) {
        if (e.status != EventStatus::Scheduled || e.starts_at < now || e.starts_at > now + remind_before_) continue;
        queued += tell_everyone(e, "reminder", format_rfc3339(e.starts_at), "event.reminder", [&](Language language) {
            return MailFields{{"title", e.title},
                              {"starts_at", site_.local_time(e.starts_at, language)},
                              {"venue", e.venue},
                              {"link", site_.link(fmt::format("/events/{}", e.id.value))}};
        });
    }
    tx.commit();
    return queued;
}

void EventNotices::on_status_changed(const Event& event, EventStatus from) {
    if (event.status != EventStatus::Postponed && event.status != EventStatus::Cancelled) return;
    const bool cancelled = event.status == EventStatus::Cancelled;
    SQLite::Transaction tx(db_.handle());
    tell_everyone(event, "changed", fmt::format("{}-{}", wire_name(from), wire_name(event.status)),
                  cancelled ? "event.cancelled" : "event.postponed", [&](Language language) {
                      return MailFields{{"title", event.title},
                                        {"starts_at", site_.local_time(event.starts_at, language)},
                                        {"link", site_.link(fmt::format("/events/{}", event.id.value))}};
                  });
    tx.commit();
}

void EventNotices::on_details_changed(const Event& before, const Event& after) {
    if (before.venue == after.venue && before.starts_at == after.starts_at) return;
    SQLite::Transaction tx(db_.handle());
    tell_everyone(after, "changed", fmt::format("{}@{}", format_rfc3339(after.starts_at), after.venue), "event.moved",
                  [&](Language language) {
                      return MailFields{{"title", after.title},
                                        {"old_starts_at", site_.local_time(before.starts_at, language)},
                                        {"starts_at", site_.local_time(after.starts_at, language)},
                                        {"old_venue", before.venue},
                                        {"venue", after.venue},
                                        {"link", site_.link(fmt::format("/events/{}", after.id.value))}};
                  });
    tx.commit();
}

}  // namespace openhall::core
