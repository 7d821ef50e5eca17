#include "openhall/core/notifications/outbox.hpp"

#include "openhall/core/store/stored_time.hpp"

namespace openhall::core {

nlohmann::json to_json(const OutboxMessage& m, const UtcOffsetAt& offset_at) {
    auto time = [&](Timestamp t) { return format_rfc3339(t, offset_at ? offset_at(t) : std::chrono::seconds{0}); };
    return {{"id", m.id},
            {"kind", m.kind},
            {"language", m.language},
            {"recipient", m.recipient},
            {"subject", m.subject},
            {"body", m.body},
            {"created_at", time(m.created_at)},
            {"sent_at", m.sent_at ? nlohmann::json(time(*m.sent_at)) : nlohmann::json()},
            {"attempts", m.attempts},
            {"last_error", m.last_error},
            {"next_attempt_at", m.next_attempt_at ? nlohmann::json(time(*m.next_attempt_at)) : nlohmann::json()},
            {"itip", m.itip ? nlohmann::json{{"method", m.itip->method}, {"uid", m.itip->uid}, {"sequence", m.itip->sequence}}
                            : nlohmann::json()}};
}

bool OutboxRepository::enqueue(const OutboxMessage& m) {
    auto st = db_.prepare(
        "INSERT INTO outbox(kind, recipient, subject, body, dedupe_key, created_at, ics_event_id, itip_method, itip_uid,"
        " itip_sequence, itip_attendee_name, language) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT(dedupe_key) DO NOTHING");
    st.bind(1, m.kind);
    st.bind(2, m.recipient);
    st.bind(3, m.subject);
    st.bind(4, m.body);
    st.bind(5, m.dedupe_key);
    st.bind(6, seconds_of(m.created_at));
    if (m.ics_event_id) st.bind(7, *m.ics_event_id);
    const ItipPart none;
    const auto& itip = m.itip ? *m.itip : none;
    st.bind(8, itip.method);
    st.bind(9, itip.uid);
    st.bind(10, itip.sequence);
    st.bind(11, itip.attendee_name);
    st.bind(12, m.language);
    return st.exec() > 0;
}

bool OutboxRepository::queued(std::string_view dedupe_key) {
    auto st = db_.prepare("SELECT 1 FROM outbox WHERE dedupe_key = ?");
    st.bind(1, std::string(dedupe_key));
    return st.executeStep();
}

namespace {

constexpr const char* kSelect =
    "SELECT id, kind, recipient, subject, body, dedupe_key, created_at, sent_at, attempts, last_error, next_attempt_at,"
    " ics_event_id, itip_method, itip_uid, itip_sequence, itip_attendee_name, language FROM outbox ";

OutboxMessage message_from(PreparedStatement& st) {
    OutboxMessage m;
    m.id = st.getColumn(0).getInt64();
    m.kind = st.getColumn(1).getString();
    m.recipient = st.getColumn(2).getString();
    m.subject = st.getColumn(3).getString();
    m.body = st.getColumn(4).getString();
    m.dedupe_key = st.getColumn(5).getString();
    m.created_at = timestamp_of(st.getColumn(6));
    if (!st.getColumn(7).isNull()) m.sent_at = timestamp_of(st.getColumn(7));
    m.attempts = st.getColumn(8).getInt();
    m.last_error = st.getColumn(9).getString();
    if (!st.getColumn(10).isNull()) m.next_attempt_at = timestamp_of(st.getColumn(10));
    if (!st.getColumn(11).isNull()) m.ics_event_id = st.getColumn(11).getInt64();
    if (!st.getColumn(12).getString().empty())
        m.itip = ItipPart{st.getColumn(12).getString(), st.getColumn(13).getString(), st.getColumn(14).getInt(),
                          st.getColumn(15).getString()};
    m.language = st.getColumn(16).getString();
    return m;
}

}  // namespace

std::vector<OutboxMessage> OutboxRepository::list(std::size_t limit) {
    static const std::string sql = std::string(kSelect) + "ORDER BY id DESC LIMIT ?";
    auto st = db_.prepare(sql.c_str());
    st.bind(1, static_cast<std::int64_t>(limit));
    std::vector<OutboxMessage> out;
    while (st.executeStep()) out.push_back(message_from(st));
    return out;
}

std::vector<OutboxMessage> OutboxRepository::due(Timestamp now, std::size_t limit) {
    static const std::string sql = std::string(kSelect) +
                                   "WHERE sent_at IS NULL AND recipient <> '' AND (next_attempt_at IS NULL OR next_attempt_at <= ?)"
                                   " ORDER BY id LIMIT ?";
    auto st = db_.prepare(sql.c_str());
    st.bind(1, seconds_of(now));
    st.bind(2, static_cast<std::int64_t>(limit));
    std::vector<OutboxMessage> out;
    while (st.executeStep()) out.push_back(message_from(st));
    return out;
}

void OutboxRepository::mark_sent(std::int64_t id, Timestamp at) {
    auto st = db_.prepare("UPDATE outbox SET sent_at = ?, attempts = attempts + 1, last_error = '' WHERE id = ?");
    st.bind(1, seconds_of(at));
    st.bind(2, id);
    st.exec();
}

void OutboxRepository::mark_failed(std::int64_t id, std::string_view error, Timestamp next_attempt) {
    auto st = db_.prepare("UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?");
    st.bind(1, std::string(error));
    st.bind(2, seconds_of(next_attempt));
    st.bind(3, id);
    st.exec();
}

}  // namespace openhall::core
