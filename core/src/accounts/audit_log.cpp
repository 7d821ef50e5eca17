#include "openhall/core/accounts/audit_log.hpp"

namespace openhall::core {
namespace {

void bind_json(PreparedStatement& st, int index, const nlohmann::json& value) {
    if (value.is_null())
        st.bind(index);
    else
        st.bind(index, value.dump());
}

nlohmann::json column_json(const SQLite::Column& column) {
    return column.isNull() ? nlohmann::json() : nlohmann::json::parse(column.getString());
}

}  // namespace

void AuditLog::record(Timestamp at, const Actor& actor, std::string_view action, std::string_view object_type,
                      std::int64_t object_id, const nlohmann::json& before, const nlohmann::json& after) {
    auto st = db_.prepare(
        "INSERT INTO audit_log(at, actor, action, object_type, object_id, before_json, after_json)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)");
    st.bind(1, static_cast<std::int64_t>(at.time_since_epoch().count()));
    st.bind(2, actor.name);
    st.bind(3, std::string(action));
    st.bind(4, std::string(object_type));
    st.bind(5, object_id);
    bind_json(st, 6, before);
    bind_json(st, 7, after);
    st.exec();
}

namespace {

std::vector<AuditEntry> read_entries(PreparedStatement& st) {
    std::vector<AuditEntry> out;
    while (st.executeStep()) {
        out.push_back(AuditEntry{st.getColumn(0).getInt64(), Timestamp{std::chrono::seconds{st.getColumn(1).getInt64()}},
                                 st.getColumn(2).getString(), st.getColumn(3).getString(),
                                 st.getColumn(4).getString(), st.getColumn(5).getInt64(),
                                 column_json(st.getColumn(6)), column_json(st.getColumn(7))});
    }
    return out;
}

}  // namespace

std::vector<AuditEntry> AuditLog::for_object(std::string_view object_type, std::int64_t object_id) {
    auto st = db_.prepare(
        "SELECT id, at, actor, action, object_type, object_id, before_json, after_json FROM audit_log"
        " WHERE object_type = ? AND object_id = ? ORDER BY id");
    st.bind(1, std::string(object_type));
    st.bind(2, object_id);
    return read_entries(st);
}

nlohmann::json to_json(const AuditEntry& e, const UtcOffsetAt& offset_at) {
    return {{"at", format_rfc3339(e.at, offset_at ? offset_at(e.at) : std::chrono::seconds{0})},
            {"actor", e.actor},
            {"action", e.action},
            {"object_type", e.object_type},
            {"object_id", e.object_id},
            {"before", e.before},
            {"after", e.after}};
}

std::vector<AuditEntry> AuditLog::for_event(std::int64_t event_id) {
    auto st = db_.prepare(
        "SELECT id, at, actor, action, object_type, object_id, before_json, after_json FROM audit_log"
        " WHERE (object_type = 'event' AND object_id = ?1)"
        "    OR (object_type = 'question' AND object_id IN (SELECT id FROM questions WHERE event_id = ?1))"
        // Topics can be deleted (and merged away): their entries carry the event in the recorded object.
        "    OR (object_type = 'topic' AND json_extract(COALESCE(after_json, before_json), '$.event_id') = ?1)"
        "    OR (object_type = 'assignment' AND object_id IN (SELECT id FROM assignments WHERE event_id = ?1))"
        "    OR (object_type = 'interpretation' AND object_id IN (SELECT id FROM interpretations WHERE event_id = ?1))"
        // Caption lines are replaced by imports: their entries carry the event in the recorded line.
        "    OR (object_type = 'caption_line' AND json_extract(COALESCE(after_json, before_json), '$.event_id') = ?1)"
        " ORDER BY id");
    st.bind(1, event_id);
    return read_entries(st);
}

}  // namespace openhall::core
