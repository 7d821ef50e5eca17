#include "openhall/core/attendance/event_notices.hpp"

#include <SQLiteCpp/Transaction.h>
#include <fmt/format.h>

namespace openhall::core {

int EventNotices::tell_everyone(const Event& event, std::string_view kind, std::string_view change,
                                std::string_view subject, const std::string& body) {
    int queued = 0;
    const auto key_of = [&](const std::string& who) { return fmt::format("{}:{}:{}:{}", kind, event.id.value, who, change); };
    auto queue = [&](std::string recipient, std::string who, std::optional<ItipPart> itip) {
        if (recipient.find('@') == std::string::npos) return;  // phone numbers: staff call from the lists
        OutboxMessage m;
        m.kind = fmt::format("event.{}", kind);
        m.recipient = std::move(recipient);
        m.subject = fmt::format("{}：{}", subject, event.title);
        m.body = body;
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
        queue(invitee->contact, who, itip);
    }
    for (const auto& r : registrations_.list(event.id, {RegistrationStatus::Confirmed, RegistrationStatus::Waitlisted,
                                                        RegistrationStatus::Applied, RegistrationStatus::Drawn}))
        queue(r.contact, r.code, std::nullopt);
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
        queued += tell_everyone(e, "reminder", format_rfc3339(e.starts_at), "提醒 Reminder",
                                fmt::format("{}\n{}\n{}\n", e.title, format_rfc3339(e.starts_at), e.venue));
    }
    tx.commit();
    return queued;
}

void EventNotices::on_status_changed(const Event& event, EventStatus from) {
    if (event.status != EventStatus::Postponed && event.status != EventStatus::Cancelled) return;
    const bool cancelled = event.status == EventStatus::Cancelled;
    SQLite::Transaction tx(db_.handle());
    tell_everyone(event, "changed", fmt::format("{}-{}", wire_name(from), wire_name(event.status)),
                  cancelled ? "取消 Cancelled" : "延期 Postponed",
                  fmt::format("{}\n{}\n", event.title,
                              cancelled ? "本活動已取消。本活动已取消。The event has been cancelled."
                                        : "本活動延期，新時間另行通知。本活动延期，新时间另行通知。The event is postponed; "
                                          "the new date will follow."));
    tx.commit();
}

void EventNotices::on_details_changed(const Event& before, const Event& after) {
    if (before.venue == after.venue && before.starts_at == after.starts_at) return;
    SQLite::Transaction tx(db_.handle());
    tell_everyone(after, "changed", fmt::format("{}@{}", format_rfc3339(after.starts_at), after.venue),
                  "變更 Changed",
                  fmt::format("{}\n{} → {}\n{} → {}\n", after.title, format_rfc3339(before.starts_at),
                              format_rfc3339(after.starts_at), before.venue, after.venue));
    tx.commit();
}

}  // namespace openhall::core
