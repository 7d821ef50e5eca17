#include "openhall/core/outbox.hpp"

namespace openhall::core {

nlohmann::json to_json(const OutboxMessage& m, const UtcOffsetAt& offset_at) {
    auto time = [&](Timestamp t) { return format_rfc3339(t, offset_at ? offset_at(t) : std::chrono::seconds{0}); };
    return {{"id", m.id},
            {"kind", m.kind},
            {"recipient", m.recipient},
            {"subject", m.subject},
            {"body", m.body},
            {"created_at", time(m.created_at)},
            {"sent_at", m.sent_at ? nlohmann::json(time(*m.sent_at)) : nlohmann::json()},
            {"attempts", m.attempts},
            {"last_error", m.last_error}};
}

bool OutboxRepository::enqueue(const OutboxMessage& m) {
    auto st = db_.prepare(
        "INSERT INTO outbox(kind, recipient, subject, body, dedupe_key, created_at) VALUES (?, ?, ?, ?, ?, ?)"
        " ON CONFLICT(dedupe_key) DO NOTHING");
    st.bind(1, m.kind);
    st.bind(2, m.recipient);
    st.bind(3, m.subject);
    st.bind(4, m.body);
    st.bind(5, m.dedupe_key);
    st.bind(6, static_cast<std::int64_t>(m.created_at.time_since_epoch().count()));
    return st.exec() > 0;
}

std::vector<OutboxMessage> OutboxRepository::list(std::size_t limit) {
    auto st = db_.prepare(
        "SELECT id, kind, recipient, subject, body, dedupe_key, created_at, sent_at, attempts, last_error"
        " FROM outbox ORDER BY id DESC LIMIT ?");
    st.bind(1, static_cast<std::int64_t>(limit));
    std::vector<OutboxMessage> out;
    while (st.executeStep()) {
        OutboxMessage m;
        m.id = st.getColumn(0).getInt64();
        m.kind = st.getColumn(1).getString();
        m.recipient = st.getColumn(2).getString();
        m.subject = st.getColumn(3).getString();
        m.body = st.getColumn(4).getString();
        m.dedupe_key = st.getColumn(5).getString();
        m.created_at = Timestamp{std::chrono::seconds{st.getColumn(6).getInt64()}};
        if (!st.getColumn(7).isNull()) m.sent_at = Timestamp{std::chrono::seconds{st.getColumn(7).getInt64()}};
        m.attempts = st.getColumn(8).getInt();
        m.last_error = st.getColumn(9).getString();
        out.push_back(std::move(m));
    }
    return out;
}

}  // namespace openhall::core
