#include "openhall/core/after_meeting/interpretation_repository.hpp"

#include <algorithm>

#include "openhall/core/store/stored_time.hpp"

namespace openhall::core {
namespace {

std::optional<Timestamp> optional_timestamp(const SQLite::Column& c) {
    return c.isNull() ? std::nullopt : std::optional(timestamp_of(c));
}
std::optional<int> optional_int(const SQLite::Column& c) { return c.isNull() ? std::nullopt : std::optional(c.getInt()); }

template <typename T>
void bind_optional(PreparedStatement& st, int index, const std::optional<T>& value) {
    if (value) st.bind(index, static_cast<std::int64_t>(*value));
}
void bind_optional(PreparedStatement& st, int index, const std::optional<Timestamp>& value) {
    if (value) st.bind(index, seconds_of(*value));
}

constexpr const char* kColumns =
    "id, event_id, status, head_version, approved_version, public_version, comment_until, created_by, created_at,"
    " updated_at, first_published_at, withdrawn_at";

Interpretation interpretation_from(PreparedStatement& st) {
    Interpretation i;
    i.id = InterpretationId{st.getColumn(0).getInt64()};
    i.event_id = EventId{st.getColumn(1).getInt64()};
    i.status = parse_interpretation_status(st.getColumn(2).getString()).value_or(InterpretationStatus::Draft);
    i.head_version = st.getColumn(3).getInt();
    i.approved_version = optional_int(st.getColumn(4));
    i.public_version = optional_int(st.getColumn(5));
    i.comment_until = optional_timestamp(st.getColumn(6));
    i.created_by = st.getColumn(7).getString();
    i.created_at = timestamp_of(st.getColumn(8));
    i.updated_at = timestamp_of(st.getColumn(9));
    i.first_published_at = optional_timestamp(st.getColumn(10));
    i.withdrawn_at = optional_timestamp(st.getColumn(11));
    return i;
}

InterpretationVersion version_from(PreparedStatement& st) {
    InterpretationVersion v;
    v.number = st.getColumn(0).getInt();
    v.title = st.getColumn(1).getString();
    v.body_md = st.getColumn(2).getString();
    v.body_html = st.getColumn(3).getString();
    v.links = links_from_json(nlohmann::json::parse(st.getColumn(4).getString()));
    v.author = st.getColumn(5).getString();
    v.saved_at = timestamp_of(st.getColumn(6));
    return v;
}

Comment comment_from(PreparedStatement& st) {
    Comment c;
    c.id = CommentId{st.getColumn(0).getInt64()};
    c.interpretation_id = InterpretationId{st.getColumn(1).getInt64()};
    c.name = st.getColumn(2).getString();
    c.contact = st.getColumn(3).getString();
    c.text = st.getColumn(4).getString();
    const auto status = st.getColumn(5).getString();
    c.status = status == "approved" ? CommentStatus::Approved
               : status == "rejected" ? CommentStatus::Rejected
                                      : CommentStatus::Pending;
    c.reply = st.getColumn(6).getString();
    c.replied_by = st.getColumn(7).getString();
    c.address = st.getColumn(8).getString();
    c.created_at = timestamp_of(st.getColumn(9));
    return c;
}

}  // namespace

InterpretationId InterpretationRepository::insert(EventId event, std::string_view created_by, Timestamp now) {
    auto st = db_.prepare(
        "INSERT INTO interpretations(event_id, status, head_version, created_by, created_at, updated_at)"
        " VALUES (?, 'draft', 1, ?, ?, ?)");
    st.bind(1, event.value);
    st.bind(2, std::string(created_by));
    st.bind(3, seconds_of(now));
    st.bind(4, seconds_of(now));
    st.exec();
    return InterpretationId{db_.handle().getLastInsertRowid()};
}

void InterpretationRepository::update_state(const Interpretation& i) {
    auto st = db_.prepare(
        "UPDATE interpretations SET status = ?, head_version = ?, approved_version = ?, public_version = ?,"
        " comment_until = ?, updated_at = ?, first_published_at = ?, withdrawn_at = ? WHERE id = ?");
    st.bind(1, std::string(wire_name(i.status)));
    st.bind(2, i.head_version);
    bind_optional(st, 3, i.approved_version);
    bind_optional(st, 4, i.public_version);
    bind_optional(st, 5, i.comment_until);
    st.bind(6, seconds_of(i.updated_at));
    bind_optional(st, 7, i.first_published_at);
    bind_optional(st, 8, i.withdrawn_at);
    st.bind(9, i.id.value);
    st.exec();
}

std::optional<Interpretation> InterpretationRepository::find(InterpretationId id) {
    static const std::string sql = std::string("SELECT ") + kColumns + " FROM interpretations WHERE id = ?";
    auto st = db_.prepare(sql.c_str());
    st.bind(1, id.value);
    if (!st.executeStep()) return std::nullopt;
    return interpretation_from(st);
}

std::vector<Interpretation> InterpretationRepository::list(std::optional<EventId> event,
                                                           const std::vector<InterpretationStatus>& statuses) {
    static const std::string sql = std::string("SELECT ") + kColumns +
                                   " FROM interpretations WHERE (?1 IS NULL OR event_id = ?1)"
                                   " ORDER BY COALESCE(first_published_at, created_at) DESC, id DESC";
    auto st = db_.prepare(sql.c_str());
    if (event) st.bind(1, event->value);
    std::vector<Interpretation> out;
    while (st.executeStep()) {
        auto i = interpretation_from(st);
        if (statuses.empty() || std::find(statuses.begin(), statuses.end(), i.status) != statuses.end())
            out.push_back(std::move(i));
    }
    return out;
}

void InterpretationRepository::add_version(InterpretationId id, const InterpretationVersion& v) {
    auto st = db_.prepare(
        "INSERT INTO interpretation_versions(interpretation_id, version, title, body_md, body_html, links_json, author,"
        " saved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    st.bind(1, id.value);
    st.bind(2, v.number);
    st.bind(3, v.title);
    st.bind(4, v.body_md);
    st.bind(5, v.body_html);
    st.bind(6, to_json(v.links).dump());
    st.bind(7, v.author);
    st.bind(8, seconds_of(v.saved_at));
    st.exec();
}

std::optional<InterpretationVersion> InterpretationRepository::version(InterpretationId id, int number) {
    auto st = db_.prepare(
        "SELECT version, title, body_md, body_html, links_json, author, saved_at FROM interpretation_versions"
        " WHERE interpretation_id = ? AND version = ?");
    st.bind(1, id.value);
    st.bind(2, number);
    if (!st.executeStep()) return std::nullopt;
    return version_from(st);
}

std::vector<InterpretationVersion> InterpretationRepository::versions(InterpretationId id) {
    auto st = db_.prepare(
        "SELECT version, title, body_md, body_html, links_json, author, saved_at FROM interpretation_versions"
        " WHERE interpretation_id = ? ORDER BY version");
    st.bind(1, id.value);
    std::vector<InterpretationVersion> out;
    while (st.executeStep()) out.push_back(version_from(st));
    return out;
}

void InterpretationRepository::add_review(InterpretationId id, const Review& r) {
    auto st = db_.prepare(
        "INSERT INTO interpretation_reviews(interpretation_id, version, reviewer, decision, comment, at)"
        " VALUES (?, ?, ?, ?, ?, ?)");
    st.bind(1, id.value);
    st.bind(2, r.version);
    st.bind(3, r.reviewer);
    st.bind(4, std::string(wire_name(r.decision)));
    st.bind(5, r.comment);
    st.bind(6, seconds_of(r.at));
    st.exec();
}

std::vector<Review> InterpretationRepository::reviews(InterpretationId id) {
    auto st = db_.prepare(
        "SELECT id, version, reviewer, decision, comment, at FROM interpretation_reviews WHERE interpretation_id = ?"
        " ORDER BY id");
    st.bind(1, id.value);
    std::vector<Review> out;
    while (st.executeStep())
        out.push_back({st.getColumn(0).getInt64(), st.getColumn(1).getInt(), st.getColumn(2).getString(),
                       parse_review_decision(st.getColumn(3).getString()).value_or(ReviewDecision::ChangesRequested),
                       st.getColumn(4).getString(), timestamp_of(st.getColumn(5))});
    return out;
}

CommentId InterpretationRepository::add_comment(const Comment& c) {
    auto st = db_.prepare(
        "INSERT INTO interpretation_comments(interpretation_id, name, contact, text, status, address, created_at)"
        " VALUES (?, ?, ?, ?, 'pending', ?, ?)");
    st.bind(1, c.interpretation_id.value);
    st.bind(2, c.name);
    st.bind(3, c.contact);
    st.bind(4, c.text);
    st.bind(5, c.address);
    st.bind(6, seconds_of(c.created_at));
    st.exec();
    return CommentId{db_.handle().getLastInsertRowid()};
}

std::optional<Comment> InterpretationRepository::find_comment(CommentId id) {
    auto st = db_.prepare(
        "SELECT id, interpretation_id, name, contact, text, status, reply, replied_by, address, created_at"
        " FROM interpretation_comments WHERE id = ?");
    st.bind(1, id.value);
    if (!st.executeStep()) return std::nullopt;
    return comment_from(st);
}

void InterpretationRepository::update_comment(const Comment& c, Timestamp now) {
    auto st = db_.prepare(
        "UPDATE interpretation_comments SET status = ?, reply = ?, replied_by = ?, moderated_at = ? WHERE id = ?");
    st.bind(1, std::string(wire_name(c.status)));
    st.bind(2, c.reply);
    st.bind(3, c.replied_by);
    st.bind(4, seconds_of(now));
    st.bind(5, c.id.value);
    st.exec();
}

std::vector<Comment> InterpretationRepository::comments(InterpretationId id, const std::vector<CommentStatus>& statuses) {
    auto st = db_.prepare(
        "SELECT id, interpretation_id, name, contact, text, status, reply, replied_by, address, created_at"
        " FROM interpretation_comments WHERE interpretation_id = ? ORDER BY id");
    st.bind(1, id.value);
    std::vector<Comment> out;
    while (st.executeStep()) {
        auto c = comment_from(st);
        if (statuses.empty() || std::find(statuses.begin(), statuses.end(), c.status) != statuses.end())
            out.push_back(std::move(c));
    }
    return out;
}

}  // namespace openhall::core
