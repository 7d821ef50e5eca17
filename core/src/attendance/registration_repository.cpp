#include "openhall/core/attendance/registration_repository.hpp"

#include <algorithm>

#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>

#include "openhall/core/base/ticket_code.hpp"
#include "openhall/core/store/stored_time.hpp"

namespace openhall::core {
namespace {

constexpr const char* kColumns =
    "id, event_id, code, type, name, contact, statement, status, speaking_order, created_at, checked_in_at, language";

Registration registration_from(PreparedStatement& st) {
    Registration r;
    r.id = RegistrationId{st.getColumn(0).getInt64()};
    r.event_id = EventId{st.getColumn(1).getInt64()};
    r.code = st.getColumn(2).getString();
    r.type = parse_registration_type(st.getColumn(3).getString()).value_or(RegistrationType::Attend);
    r.name = st.getColumn(4).getString();
    r.contact = st.getColumn(5).getString();
    r.statement = st.getColumn(6).getString();
    r.status = parse_registration_status(st.getColumn(7).getString()).value_or(RegistrationStatus::Cancelled);
    if (!st.getColumn(8).isNull()) r.speaking_order = st.getColumn(8).getInt();
    r.created_at = timestamp_of(st.getColumn(9));
    if (!st.getColumn(10).isNull()) r.checked_in_at = timestamp_of(st.getColumn(10));
    r.language = st.getColumn(11).getString();
    return r;
}

template <typename T>
void bind_optional(PreparedStatement& st, int index, const std::optional<T>& value) {
    if (value) st.bind(index, *value);
}

}  // namespace

// The waitlist position and a speaker's minutes are derived, never stored, so they cannot go stale.
Registration RegistrationRepository::complete(Registration r) {
    if (r.status == RegistrationStatus::Waitlisted) {
        auto st = db_.prepare(
            "SELECT COUNT(*) FROM registrations WHERE event_id = ? AND status = 'waitlisted' AND id <= ?");
        st.bind(1, r.event_id.value);
        st.bind(2, r.id.value);
        st.executeStep();
        r.waitlist_position = st.getColumn(0).getInt();
    }
    if (r.speaking_order) r.speaking_minutes = settings(r.event_id).speaking_minutes;
    return r;
}

std::optional<Registration> RegistrationRepository::insert(const NewRegistration& r) {
    static const std::string sql =
        "INSERT INTO registrations(event_id, code, type, name, contact, contact_key, statement, status, address,"
        " created_at, updated_at, language) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    for (int attempt = 0;; ++attempt) {
        const auto code = make_ticket_code();
        try {
            auto st = db_.prepare(sql.c_str());
            st.bind(1, r.event_id.value);
            st.bind(2, code);
            st.bind(3, std::string(wire_name(r.type)));
            st.bind(4, r.name);
            st.bind(5, r.contact);
            st.bind(6, contact_key(r.contact));
            st.bind(7, r.statement);
            st.bind(8, std::string(wire_name(r.status)));
            st.bind(9, r.address);
            st.bind(10, seconds_of(r.now));
            st.bind(11, seconds_of(r.now));
            st.bind(12, r.language);
            st.exec();
            return find_by_code(code);
        } catch (const SQLite::Exception& e) {
            if (e.getExtendedErrorCode() != SQLITE_CONSTRAINT_UNIQUE || attempt > 5) throw;
            // A code clash (try another) or the contact registered already.
            auto existing = db_.prepare(
                "SELECT 1 FROM registrations WHERE event_id = ? AND contact_key = ? AND status <> 'cancelled'");
            existing.bind(1, r.event_id.value);
            existing.bind(2, contact_key(r.contact));
            if (existing.executeStep()) return std::nullopt;
        }
    }
}

std::optional<Registration> RegistrationRepository::find_by_code(std::string_view code) {
    static const std::string sql = std::string("SELECT ") + kColumns + " FROM registrations WHERE code = ?";
    std::optional<Registration> found;
    {
        auto st = db_.prepare(sql.c_str());
        st.bind(1, std::string(code));
        if (!st.executeStep()) return std::nullopt;
        found = registration_from(st);
    }
    return complete(std::move(*found));
}

std::vector<Registration> RegistrationRepository::list(EventId event, const std::vector<RegistrationStatus>& statuses) {
    static const std::string sql = std::string("SELECT ") + kColumns + " FROM registrations WHERE event_id = ? ORDER BY id";
    std::vector<Registration> out;
    {
        auto st = db_.prepare(sql.c_str());
        st.bind(1, event.value);
        while (st.executeStep()) out.push_back(registration_from(st));
    }
    // The derived fields in one pass: the rows come in order, so the waitlist counts up as it goes.
    const int minutes = settings(event).speaking_minutes;
    int waiting = 0;
    for (auto& r : out) {
        if (r.status == RegistrationStatus::Waitlisted) r.waitlist_position = ++waiting;
        if (r.speaking_order) r.speaking_minutes = minutes;
    }
    if (!statuses.empty())
        std::erase_if(out, [&](const Registration& r) {
            return std::find(statuses.begin(), statuses.end(), r.status) == statuses.end();
        });
    return out;
}

std::int64_t RegistrationRepository::count(EventId event, RegistrationStatus status) {
    auto st = db_.prepare("SELECT COUNT(*) FROM registrations WHERE event_id = ? AND status = ?");
    st.bind(1, event.value);
    st.bind(2, std::string(wire_name(status)));
    st.executeStep();
    return st.getColumn(0).getInt64();
}

void RegistrationRepository::set_status(RegistrationId id, RegistrationStatus status, std::optional<int> speaking_order,
                                        Timestamp now) {
    auto st = db_.prepare("UPDATE registrations SET status = ?, speaking_order = ?, updated_at = ? WHERE id = ?");
    st.bind(1, std::string(wire_name(status)));
    bind_optional(st, 2, speaking_order);
    st.bind(3, seconds_of(now));
    st.bind(4, id.value);
    st.exec();
}

void RegistrationRepository::set_checked_in(RegistrationId id, Timestamp at) {
    auto st = db_.prepare("UPDATE registrations SET checked_in_at = ? WHERE id = ? AND checked_in_at IS NULL");
    st.bind(1, seconds_of(at));
    st.bind(2, id.value);
    st.exec();
}

RegistrationSettings RegistrationRepository::settings(EventId event) {
    auto st = db_.prepare(
        "SELECT opens_at, closes_at, speaking_minutes, seed, seed_announced_at, drawn_at, seats"
        " FROM registration_settings WHERE event_id = ?");
    st.bind(1, event.value);
    RegistrationSettings s;
    if (!st.executeStep()) return s;
    if (!st.getColumn(0).isNull()) s.opens_at = timestamp_of(st.getColumn(0));
    if (!st.getColumn(1).isNull()) s.closes_at = timestamp_of(st.getColumn(1));
    s.speaking_minutes = st.getColumn(2).getInt();
    if (!st.getColumn(3).isNull()) s.seed = st.getColumn(3).getString();
    if (!st.getColumn(4).isNull()) s.seed_announced_at = timestamp_of(st.getColumn(4));
    if (!st.getColumn(5).isNull()) s.drawn_at = timestamp_of(st.getColumn(5));
    if (!st.getColumn(6).isNull()) s.seats = st.getColumn(6).getInt();
    return s;
}

void RegistrationRepository::save_settings(EventId event, const RegistrationSettings& s) {
    auto st = db_.prepare(
        "INSERT INTO registration_settings(event_id, opens_at, closes_at, speaking_minutes, seed, seed_announced_at,"
        " drawn_at, seats) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT(event_id) DO UPDATE SET"
        " opens_at = ?2, closes_at = ?3, speaking_minutes = ?4, seed = ?5, seed_announced_at = ?6, drawn_at = ?7,"
        " seats = ?8");
    st.bind(1, event.value);
    if (s.opens_at) st.bind(2, seconds_of(*s.opens_at));
    if (s.closes_at) st.bind(3, seconds_of(*s.closes_at));
    st.bind(4, s.speaking_minutes);
    if (s.seed) st.bind(5, *s.seed);
    if (s.seed_announced_at) st.bind(6, seconds_of(*s.seed_announced_at));
    if (s.drawn_at) st.bind(7, seconds_of(*s.drawn_at));
    bind_optional(st, 8, s.seats);
    st.exec();
}

}  // namespace openhall::core
