// The outbox: messages to send (reminders, escalations, later invitations), stored in the transaction of the
// change that caused them, so a message exists exactly when its cause does. A sender delivers them; without one
// they wait here and staff see them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "openhall/core/base/time.hpp"
#include "openhall/core/store/database.hpp"

namespace openhall::core {

// A message's calendar part as an iTIP message to its recipient (RFC 5546 §3.2): REQUEST for an invitation and
// every change of it, CANCEL when it is withdrawn or the event cancelled. The same `uid` for one event and invitee
// throughout; `sequence` higher with every change, so the attendee's calendar follows it.
struct ItipPart {
    std::string method;  // "REQUEST" or "CANCEL"
    std::string uid;
    int sequence = 0;
    std::string attendee_name;  // the ATTENDEE's CN
    bool operator==(const ItipPart&) const = default;
};

struct OutboxMessage {
    std::int64_t id = 0;
    std::string kind;       // e.g. "escalation.reminder"
    std::string recipient;  // empty: nobody configured, held for staff
    std::string subject;
    std::string body;
    std::string dedupe_key;  // one message per key, ever
    Timestamp created_at;
    std::optional<Timestamp> sent_at;
    int attempts = 0;
    std::string last_error;
    std::optional<Timestamp> next_attempt_at;
    std::optional<std::int64_t> ics_event_id;  // an event whose .ics goes with the message
    std::optional<ItipPart> itip;              // with ics_event_id: the .ics is an iTIP message, else a plain entry
    std::string language = "zh-Hans";          // what subject and body are written in (BCP 47)
};

nlohmann::json to_json(const OutboxMessage& m, const UtcOffsetAt& offset_at = {});

class OutboxRepository {
public:
    explicit OutboxRepository(Database& db) : db_(db) {}

    // False when a message with the same key was queued before (nothing is added).
    bool enqueue(const OutboxMessage& m);
    // Whether a message with this key was ever queued.
    bool queued(std::string_view dedupe_key);
    // Newest first.
    std::vector<OutboxMessage> list(std::size_t limit);
    // Unsent messages with a recipient whose next attempt is due, oldest first.
    std::vector<OutboxMessage> due(Timestamp now, std::size_t limit);
    void mark_sent(std::int64_t id, Timestamp at);
    void mark_failed(std::int64_t id, std::string_view error, Timestamp next_attempt);

private:
    Database& db_;
};

}  // namespace openhall::core
