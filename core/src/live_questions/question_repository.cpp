#include "openhall/core/live_questions/question_repository.hpp"

#include <algorithm>

#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>

#include "openhall/core/base/ticket_code.hpp"

namespace openhall::core {
namespace {

using std::chrono::milliseconds;

constexpr const char* kColumns =
    "id, event_id, ticket, client_id, text, name, source, status, flagged, flag_reason, pinned, votes, merged_into,"
    " reject_reason, asked_at_ms, media_offset_s, entered_by, looks_like";

Question question_from(PreparedStatement& st) {
    Question q;
    q.id = QuestionId{st.getColumn(0).getInt64()};
    q.event_id = EventId{st.getColumn(1).getInt64()};
    q.ticket = st.getColumn(2).getString();
    q.client_id = st.getColumn(3).getString();
    q.text = st.getColumn(4).getString();
    q.name = st.getColumn(5).getString();
    q.source = st.getColumn(6).getString() == "room" ? QuestionSource::Room : QuestionSource::Online;
    q.status = parse_question_status(st.getColumn(7).getString()).value_or(QuestionStatus::Pending);
    q.flagged = st.getColumn(8).getInt() != 0;
    q.flag_reason = st.getColumn(9).getString();
    q.pinned = st.getColumn(10).getInt() != 0;
    q.votes = st.getColumn(11).getInt64();
    if (!st.getColumn(12).isNull()) q.merged_into = QuestionId{st.getColumn(12).getInt64()};
    q.reject_reason = st.getColumn(13).getString();
    q.asked_at = WallMillis{milliseconds{st.getColumn(14).getInt64()}};
    if (!st.getColumn(15).isNull()) q.media_offset_s = st.getColumn(15).getDouble();
    q.entered_by = st.getColumn(16).getString();
    if (!st.getColumn(17).isNull()) q.looks_like = QuestionId{st.getColumn(17).getInt64()};
    return q;
}

std::int64_t millis(WallMillis t) { return static_cast<std::int64_t>(t.time_since_epoch().count()); }

}  // namespace

std::pair<Question, bool> QuestionRepository::insert_or_find(const NewQuestion& q) {
    // A NULL id is the next free one (INTEGER PRIMARY KEY).
    static const std::string sql = std::string("INSERT INTO questions(event_id, ticket, client_id, text, name, source,"
                                               " status, flagged, flag_reason, asked_at_ms, media_offset_s, viewer,"
                                               " address, entered_by, updated_at_ms, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?,"
                                               " ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(event_id, client_id) DO NOTHING");
    std::int64_t given_id = q.id ? q.id->value : 0;  // ids start at 1: 0 is none
    auto ticket = q.ticket.empty() ? make_ticket_code() : q.ticket;
    for (int attempt = 0;; ++attempt) {
        auto st = db_.prepare(sql.c_str());
        st.bind(1, q.event_id.value);
        st.bind(2, ticket);
        st.bind(3, q.client_id);
        st.bind(4, q.text);
        st.bind(5, q.name);
        st.bind(6, std::string(wire_name(q.source)));
        st.bind(7, std::string(wire_name(q.status)));
        st.bind(8, q.flag_reason.empty() ? 0 : 1);
        st.bind(9, q.flag_reason);
        st.bind(10, millis(q.asked_at));
        if (q.media_offset_s) st.bind(11, *q.media_offset_s);
        else st.bind(11);
        st.bind(12, q.viewer);
        st.bind(13, q.address);
        st.bind(14, q.entered_by);
        st.bind(15, millis(q.asked_at));
        if (given_id > 0) st.bind(16, given_id);
        else st.bind(16);
        try {
            const bool inserted = st.exec() > 0;
            // The new row, or the one the same client id made before: read once, by the key that conflicted.
            static const std::string find_sql =
                std::string("SELECT ") + kColumns + " FROM questions WHERE event_id = ? AND client_id = ?";
            auto stored = db_.prepare(find_sql.c_str());
            stored.bind(1, q.event_id.value);
            stored.bind(2, q.client_id);
            stored.executeStep();
            return {question_from(stored), inserted};
        } catch (const SQLite::Exception& e) {
            // An id given from Redis that the database already holds (questions stored behind the counter's back,
            // the demo's): the question is kept under the next free id; its ticket still finds it.
            if (e.getExtendedErrorCode() == SQLITE_CONSTRAINT_PRIMARYKEY && given_id > 0 && attempt < 5) {
                given_id = 0;
                continue;
            }
            // Two tickets alike (one in 800 billion): draw another.
            if (e.getExtendedErrorCode() != SQLITE_CONSTRAINT_UNIQUE || attempt >= 5) throw;
            ticket = make_ticket_code();
        }
    }
}

std::optional<Question> QuestionRepository::find(QuestionId id) {
    static const std::string sql = std::string("SELECT ") + kColumns + " FROM questions WHERE id = ?";
    auto st = db_.prepare(sql.c_str());
    st.bind(1, id.value);
    if (!st.executeStep()) return std::nullopt;
    return question_from(st);
}

std::optional<Question> QuestionRepository::find_by_ticket(const std::string& ticket) {
    static const std::string sql = std::string("SELECT ") + kColumns + " FROM questions WHERE ticket = ?";
    auto st = db_.prepare(sql.c_str());
    st.bind(1, ticket);
    if (!st.executeStep()) return std::nullopt;
    return question_from(st);
}

std::vector<Question> QuestionRepository::list(EventId event, const std::vector<QuestionStatus>& statuses) {
    static const std::string sql = std::string("SELECT ") + kColumns +
                                   " FROM questions WHERE event_id = ? ORDER BY pinned DESC, votes DESC, asked_at_ms, id";
    auto st = db_.prepare(sql.c_str());
    st.bind(1, event.value);
    std::vector<Question> out;
    while (st.executeStep()) {
        auto q = question_from(st);
        if (statuses.empty() || std::find(statuses.begin(), statuses.end(), q.status) != statuses.end())
            out.push_back(std::move(q));
    }
    return out;
}

void QuestionRepository::set_looks_like(QuestionId id, QuestionId other) {
    auto st = db_.prepare("UPDATE questions SET looks_like = ? WHERE id = ?");
    st.bind(1, other.value);
    st.bind(2, id.value);
    st.exec();
}

void QuestionRepository::update_moderation(const Question& q, WallMillis now) {
    auto st = db_.prepare(
        "UPDATE questions SET status = ?, pinned = ?, merged_into = ?, reject_reason = ?, updated_at_ms = ? WHERE id = ?");
    st.bind(1, std::string(wire_name(q.status)));
    st.bind(2, q.pinned ? 1 : 0);
    if (q.merged_into) st.bind(3, q.merged_into->value);
    else st.bind(3);
    st.bind(4, q.reject_reason);
    st.bind(5, millis(now));
    st.bind(6, q.id.value);
    st.exec();
}

std::optional<std::int64_t> QuestionRepository::add_vote(QuestionId question, const std::string& viewer) {
    auto st = db_.prepare("INSERT OR IGNORE INTO question_votes(question_id, viewer) VALUES (?, ?)");
    st.bind(1, question.value);
    st.bind(2, viewer);
    if (st.exec() == 0) return std::nullopt;
    auto count = db_.prepare("UPDATE questions SET votes = votes + 1 WHERE id = ? RETURNING votes");
    count.bind(1, question.value);
    if (!count.executeStep()) return std::nullopt;
    return count.getColumn(0).getInt64();
}

std::int64_t QuestionRepository::carry_votes(QuestionId from, QuestionId to) {
    auto copy = db_.prepare(
        "INSERT OR IGNORE INTO question_votes(question_id, viewer) SELECT ?1, viewer FROM question_votes"
        " WHERE question_id = ?2");
    copy.bind(1, to.value);
    copy.bind(2, from.value);
    copy.exec();
    auto count = db_.prepare(
        "UPDATE questions SET votes = (SELECT COUNT(*) FROM question_votes WHERE question_id = ?1) WHERE id = ?1"
        " RETURNING votes");
    count.bind(1, to.value);
    count.executeStep();
    return count.getColumn(0).getInt64();
}

std::vector<std::pair<QuestionId, std::string>> QuestionRepository::votes_of(EventId event) {
    auto st = db_.prepare(
        "SELECT v.question_id, v.viewer FROM question_votes v JOIN questions q ON q.id = v.question_id"
        " WHERE q.event_id = ?");
    st.bind(1, event.value);
    std::vector<std::pair<QuestionId, std::string>> out;
    while (st.executeStep()) out.emplace_back(QuestionId{st.getColumn(0).getInt64()}, st.getColumn(1).getString());
    return out;
}

}  // namespace openhall::core
