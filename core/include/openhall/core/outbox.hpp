// The outbox: messages to send (reminders, escalations, later invitations), stored in the transaction of the
// change that caused them, so a message exists exactly when its cause does. A sender delivers them; without one
// they wait here and staff see them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "openhall/core/database.hpp"
#include "openhall/core/time.hpp"

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
};

nlohmann::json to_json(const OutboxMessage& m, const UtcOffsetAt& offset_at = {});

class OutboxRepository {
public:
    explicit OutboxRepository(Database& db) : db_(db) {}

    // False when a message with the same key was queued before (nothing is added).
    bool enqueue(const OutboxMessage& m);
    // Newest first.
    std::vector<OutboxMessage> list(std::size_t limit);

private:
    Database& db_;
};

}  // namespace openhall::core
