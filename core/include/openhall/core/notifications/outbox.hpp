// The outbox: messages to send (reminders, escalations, later invitations), stored in the transaction of the
// change that caused them, so a message exists exactly when its cause does. A sender delivers them; without one
// they wait here and staff see them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "openhall/core/base/time.hpp"
#include "openhall/core/store/database.hpp"

namespace openhall::core {

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
};

nlohmann::json to_json(const OutboxMessage& m, const UtcOffsetAt& offset_at = {});

class OutboxRepository {
public:
    explicit OutboxRepository(Database& db) : db_(db) {}

    // False when a message with the same key was queued before (nothing is added).
    bool enqueue(const OutboxMessage& m);
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
