#include "openhall/core/attendance/invitation_repository.hpp"

#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>

#include "openhall/core/store/stored_time.hpp"

namespace openhall::core {
namespace {

Invitee invitee_from(PreparedStatement& st) {
    return Invitee{InviteeId{st.getColumn(0).getInt64()}, st.getColumn(1).getString(), st.getColumn(2).getString(),
                   st.getColumn(3).getString(), st.getColumn(4).getString(), st.getColumn(5).getString()};
}

// A macro so that each query stays one literal: statements are cached by the literal.
#define INVITATION_COLUMNS                                                                                          \
    "SELECT v.id, v.event_id, v.agenda_item_id, v.invitee_id, i.name, i.category, v.token, v.status, v.note,"       \
    " v.attendance, v.responded_at, v.created_at FROM invitations v JOIN invitees i ON i.id = v.invitee_id "

Invitation invitation_from(PreparedStatement& st) {
    Invitation v;
    v.id = InvitationId{st.getColumn(0).getInt64()};
    v.event_id = EventId{st.getColumn(1).getInt64()};
    if (!st.getColumn(2).isNull()) v.agenda_item_id = AgendaItemId{st.getColumn(2).getInt64()};
    v.invitee_id = InviteeId{st.getColumn(3).getInt64()};
    v.invitee_name = st.getColumn(4).getString();
    v.invitee_category = st.getColumn(5).getString();
    v.token = st.getColumn(6).getString();
    v.status = parse_invitation_status(st.getColumn(7).getString()).value_or(InvitationStatus::Withdrawn);
    v.note = st.getColumn(8).getString();
    if (!st.getColumn(9).isNull()) v.attendance = parse_attendance(st.getColumn(9).getString());
    if (!st.getColumn(10).isNull()) v.responded_at = timestamp_of(st.getColumn(10));
    v.created_at = timestamp_of(st.getColumn(11));
    return v;
}

AgendaSubmission submission_from(PreparedStatement& st) {
    AgendaSubmission s;
    s.id = SubmissionId{st.getColumn(0).getInt64()};
    s.event_id = EventId{st.getColumn(1).getInt64()};
    s.title = st.getColumn(2).getString();
    s.reporting_unit = st.getColumn(3).getString();
    s.summary = st.getColumn(4).getString();
    s.suggested_categories = nlohmann::json::parse(st.getColumn(5).getString()).get<std::vector<std::string>>();
    for (auto id : nlohmann::json::parse(st.getColumn(6).getString())) s.suggested_invitees.push_back(InviteeId{id.get<std::int64_t>()});
    s.status = st.getColumn(7).getString();
    if (!st.getColumn(8).isNull()) s.agenda_item_id = AgendaItemId{st.getColumn(8).getInt64()};
    s.submitted_by = st.getColumn(9).getString();
    s.created_at = timestamp_of(st.getColumn(10));
    return s;
}

constexpr const char* kSubmissionColumns =
    "SELECT id, event_id, title, reporting_unit, summary, suggested_categories, suggested_invitees, status,"
    " agenda_item_id, submitted_by, created_at FROM agenda_submissions ";

// The invitee's own fields, bound to parameters 1-5 (name, category, affiliation, contact, notes) as both the
// INSERT and the UPDATE list them.
void bind_invitee_fields(PreparedStatement& st, const Invitee& i) {
    st.bind(1, i.name);
    st.bind(2, i.category);
    st.bind(3, i.affiliation);
    st.bind(4, i.contact);
    st.bind(5, i.notes);
}

}  // namespace

InviteeId InvitationRepository::insert_invitee(const Invitee& i, Timestamp now) {
    auto st = db_.prepare(
        "INSERT INTO invitees(name, category, affiliation, contact, notes, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)");
    bind_invitee_fields(st, i);
    st.bind(6, seconds_of(now));
    st.bind(7, seconds_of(now));
    st.exec();
    return InviteeId{db_.handle().getLastInsertRowid()};
}

void InvitationRepository::update_invitee(const Invitee& i, Timestamp now) {
    auto st = db_.prepare(
        "UPDATE invitees SET name = ?, category = ?, affiliation = ?, contact = ?, notes = ?, updated_at = ? WHERE id = ?");
    bind_invitee_fields(st, i);
    st.bind(6, seconds_of(now));
    st.bind(7, i.id.value);
    st.exec();
}

std::optional<Invitee> InvitationRepository::find_invitee(InviteeId id) {
    auto st = db_.prepare("SELECT id, name, category, affiliation, contact, notes FROM invitees WHERE id = ?");
    st.bind(1, id.value);
    if (!st.executeStep()) return std::nullopt;
    return invitee_from(st);
}

std::vector<Invitee> InvitationRepository::search_invitees(std::string_view query, std::optional<std::string> category,
                                                           std::size_t limit) {
    auto st = db_.prepare(
        "SELECT id, name, category, affiliation, contact, notes FROM invitees"
        " WHERE (?1 = '' OR instr(name, ?1) > 0 OR instr(affiliation, ?1) > 0 OR instr(notes, ?1) > 0)"
        "   AND (?2 IS NULL OR category = ?2) ORDER BY category, name, id LIMIT ?3");
    st.bind(1, std::string(query));
    if (category) st.bind(2, *category);
    st.bind(3, static_cast<std::int64_t>(limit));
    std::vector<Invitee> out;
    while (st.executeStep()) out.push_back(invitee_from(st));
    return out;
}

InviteeRecord InvitationRepository::record_of(InviteeId id, Timestamp now) {
    auto st = db_.prepare(
        "SELECT COUNT(*) FILTER (WHERE status <> 'withdrawn' AND created_at >= ?2),"
        " COUNT(*) FILTER (WHERE status = 'accepted'), COUNT(*) FILTER (WHERE attendance = 'attended'),"
        " COUNT(*) FILTER (WHERE attendance = 'no_show'), MAX(created_at) FILTER (WHERE status <> 'withdrawn')"
        " FROM invitations WHERE invitee_id = ?1");
    st.bind(1, id.value);
    st.bind(2, seconds_of(now - std::chrono::days{365}));
    st.executeStep();
    InviteeRecord r{st.getColumn(0).getInt(), st.getColumn(1).getInt(), st.getColumn(2).getInt(), st.getColumn(3).getInt(),
                    std::nullopt};
    if (!st.getColumn(4).isNull()) r.last_invited_at = timestamp_of(st.getColumn(4));
    return r;
}

std::optional<InvitationId> InvitationRepository::insert_invitation(EventId event, std::optional<AgendaItemId> item,
                                                                    InviteeId invitee, std::string_view token,
                                                                    std::string_view created_by, Timestamp now) {
    auto st = db_.prepare(
        "INSERT INTO invitations(event_id, agenda_item_id, invitee_id, token, status, created_by, created_at, updated_at,"
        " itip_sequence) VALUES (?1, ?2, ?3, ?4, 'invited', ?5, ?6, ?7,"
        " (SELECT COALESCE(MAX(itip_sequence) + 1, 0) FROM invitations WHERE event_id = ?1 AND invitee_id = ?3))");
    st.bind(1, event.value);
    if (item) st.bind(2, item->value);
    st.bind(3, invitee.value);
    st.bind(4, std::string(token));
    st.bind(5, std::string(created_by));
    st.bind(6, seconds_of(now));
    st.bind(7, seconds_of(now));
    try {
        st.exec();
    } catch (const SQLite::Exception& e) {
        if (e.getExtendedErrorCode() == SQLITE_CONSTRAINT_UNIQUE) return std::nullopt;
        throw;
    }
    return InvitationId{db_.handle().getLastInsertRowid()};
}

int InvitationRepository::itip_sequence(InvitationId id) {
    auto st = db_.prepare("SELECT itip_sequence FROM invitations WHERE id = ?");
    st.bind(1, id.value);
    return st.executeStep() ? st.getColumn(0).getInt() : 0;
}

int InvitationRepository::next_itip_sequence(InvitationId id) {
    auto st = db_.prepare("UPDATE invitations SET itip_sequence = itip_sequence + 1 WHERE id = ? RETURNING itip_sequence");
    st.bind(1, id.value);
    return st.executeStep() ? st.getColumn(0).getInt() : 0;
}

std::optional<Invitation> InvitationRepository::find_invitation(InvitationId id) {
    auto st = db_.prepare(INVITATION_COLUMNS "WHERE v.id = ?");
    st.bind(1, id.value);
    if (!st.executeStep()) return std::nullopt;
    return invitation_from(st);
}

std::optional<Invitation> InvitationRepository::find_by_token(std::string_view token) {
    auto st = db_.prepare(INVITATION_COLUMNS "WHERE v.token = ?");
    st.bind(1, std::string(token));
    if (!st.executeStep()) return std::nullopt;
    return invitation_from(st);
}

std::vector<Invitation> InvitationRepository::invitations_where(const char* sql, std::int64_t key) {
    auto st = db_.prepare(sql);
    st.bind(1, key);
    std::vector<Invitation> out;
    while (st.executeStep()) out.push_back(invitation_from(st));
    return out;
}

std::vector<Invitation> InvitationRepository::invitations_of_event(EventId event) {
    return invitations_where(INVITATION_COLUMNS "WHERE v.event_id = ? ORDER BY v.id", event.value);
}

std::vector<Invitation> InvitationRepository::invitations_of_invitee(InviteeId invitee) {
    return invitations_where(INVITATION_COLUMNS "WHERE v.invitee_id = ? ORDER BY v.created_at DESC, v.id DESC", invitee.value);
}

void InvitationRepository::set_response(InvitationId id, InvitationStatus status, std::string_view note,
                                        std::optional<Timestamp> at, Timestamp now) {
    auto st = db_.prepare("UPDATE invitations SET status = ?, note = ?, responded_at = ?, updated_at = ? WHERE id = ?");
    st.bind(1, std::string(wire_name(status)));
    st.bind(2, std::string(note));
    if (at) st.bind(3, seconds_of(*at));
    st.bind(4, seconds_of(now));
    st.bind(5, id.value);
    st.exec();
}

void InvitationRepository::set_attendance(InvitationId id, Attendance attendance, Timestamp now) {
    auto st = db_.prepare("UPDATE invitations SET attendance = ?, updated_at = ? WHERE id = ?");
    st.bind(1, std::string(wire_name(attendance)));
    st.bind(2, seconds_of(now));
    st.bind(3, id.value);
    st.exec();
}

SubmissionId InvitationRepository::insert_submission(const AgendaSubmission& s) {
    auto st = db_.prepare(
        "INSERT INTO agenda_submissions(event_id, title, reporting_unit, summary, suggested_categories,"
        " suggested_invitees, status, submitted_by, created_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?)");
    auto ids = nlohmann::json::array();
    for (auto id : s.suggested_invitees) ids.push_back(id.value);
    st.bind(1, s.event_id.value);
    st.bind(2, s.title);
    st.bind(3, s.reporting_unit);
    st.bind(4, s.summary);
    st.bind(5, nlohmann::json(s.suggested_categories).dump());
    st.bind(6, ids.dump());
    st.bind(7, s.submitted_by);
    st.bind(8, seconds_of(s.created_at));
    st.exec();
    return SubmissionId{db_.handle().getLastInsertRowid()};
}

std::optional<AgendaSubmission> InvitationRepository::find_submission(SubmissionId id) {
    static const std::string sql = std::string(kSubmissionColumns) + "WHERE id = ?";
    auto st = db_.prepare(sql.c_str());
    st.bind(1, id.value);
    if (!st.executeStep()) return std::nullopt;
    return submission_from(st);
}

std::vector<AgendaSubmission> InvitationRepository::submissions_of_event(EventId event) {
    static const std::string sql = std::string(kSubmissionColumns) + "WHERE event_id = ? ORDER BY id";
    auto st = db_.prepare(sql.c_str());
    st.bind(1, event.value);
    std::vector<AgendaSubmission> out;
    while (st.executeStep()) out.push_back(submission_from(st));
    return out;
}

void InvitationRepository::decide_submission(SubmissionId id, std::string_view status, std::optional<AgendaItemId> item,
                                             Timestamp now) {
    auto st = db_.prepare("UPDATE agenda_submissions SET status = ?, agenda_item_id = ?, decided_at = ? WHERE id = ?");
    st.bind(1, std::string(status));
    if (item) st.bind(2, item->value);
    st.bind(3, seconds_of(now));
    st.bind(4, id.value);
    st.exec();
}

}  // namespace openhall::core
