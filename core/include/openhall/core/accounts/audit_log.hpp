// The audit log: who changed what, when, with the object before and after, for every state change.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "openhall/core/accounts/user.hpp"
#include "openhall/core/base/time.hpp"
#include "openhall/core/store/database.hpp"

namespace openhall::core {

struct AuditEntry {
    std::int64_t id = 0;
    Timestamp at;
    std::string actor;
    std::string action;       // e.g. "event.create", "event.status"
    std::string object_type;  // e.g. "event"
    std::int64_t object_id = 0;
    nlohmann::json before;  // null when the object is new
    nlohmann::json after;   // null when the object is gone
};

// {"at","actor","action","object_type","object_id","before","after"}, times in the display zone.
nlohmann::json to_json(const AuditEntry& e, const UtcOffsetAt& offset_at = {});

class AuditLog {
public:
    explicit AuditLog(Database& db) : db_(db) {}

    // Call inside the transaction of the change it records, so both commit or neither does.
    void record(Timestamp at, const Actor& actor, std::string_view action, std::string_view object_type,
                std::int64_t object_id, const nlohmann::json& before, const nlohmann::json& after);

    std::vector<AuditEntry> for_object(std::string_view object_type, std::int64_t object_id);
    // An event's own entries and those of its questions, topics, assignments, interpretations and caption lines, in order.
    std::vector<AuditEntry> for_event(std::int64_t event_id);

private:
    Database& db_;
};

}  // namespace openhall::core
