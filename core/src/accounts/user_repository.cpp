#include "openhall/core/accounts/user_repository.hpp"

#include "openhall/core/store/stored_time.hpp"

namespace openhall::core {
namespace {

StaffUser user_from(PreparedStatement& st, int first) {
    auto role = parse_role(st.getColumn(first + 2).getString());
    StaffUser user{UserId{st.getColumn(first).getInt64()}, st.getColumn(first + 1).getString(),
                   role.value_or(Role::Responder), std::nullopt};
    if (!st.getColumn(first + 3).isNull()) user.department = DepartmentId{st.getColumn(first + 3).getInt64()};
    return user;
}

}  // namespace

std::optional<StaffUser> UserRepository::find_by_name(std::string_view name) {
    auto st = db_.prepare("SELECT id, name, role, department_id FROM users WHERE name = ?");
    st.bind(1, std::string(name));
    if (!st.executeStep()) return std::nullopt;
    return user_from(st, 0);
}

std::optional<std::string> UserRepository::password_hash_of(UserId id) {
    auto st = db_.prepare("SELECT password_hash FROM users WHERE id = ?");
    st.bind(1, id.value);
    if (!st.executeStep()) return std::nullopt;
    return st.getColumn(0).getString();
}

StaffUser UserRepository::insert(std::string_view name, Role role, std::string_view password_hash, Timestamp now) {
    auto st = db_.prepare("INSERT INTO users(name, role, password_hash, created_at) VALUES (?, ?, ?, ?)");
    st.bind(1, std::string(name));
    st.bind(2, std::string(wire_name(role)));
    st.bind(3, std::string(password_hash));
    st.bind(4, seconds_of(now));
    st.exec();
    return StaffUser{UserId{db_.handle().getLastInsertRowid()}, std::string(name), role, std::nullopt};
}

void UserRepository::set_password_hash(UserId id, std::string_view password_hash) {
    auto st = db_.prepare("UPDATE users SET password_hash = ? WHERE id = ?");
    st.bind(1, std::string(password_hash));
    st.bind(2, id.value);
    st.exec();
}

void UserRepository::set_department(UserId id, std::optional<DepartmentId> department) {
    auto st = db_.prepare("UPDATE users SET department_id = ? WHERE id = ?");
    if (department) st.bind(1, department->value);
    st.bind(2, id.value);
    st.exec();
}

std::int64_t UserRepository::count() {
    auto st = db_.prepare("SELECT COUNT(*) FROM users");
    st.executeStep();
    return st.getColumn(0).getInt64();
}

void UserRepository::insert_session(std::string_view token_hash, UserId user, Timestamp created, Timestamp expires) {
    auto st = db_.prepare(
        "INSERT INTO sessions(token_hash, user_id, created_at, expires_at, last_seen_at) VALUES (?, ?, ?, ?, ?)");
    st.bind(1, std::string(token_hash));
    st.bind(2, user.value);
    st.bind(3, seconds_of(created));
    st.bind(4, seconds_of(expires));
    st.bind(5, seconds_of(created));
    st.exec();
}

std::optional<StoredSession> UserRepository::find_session(std::string_view token_hash) {
    auto st = db_.prepare(
        "SELECT u.id, u.name, u.role, u.department_id, s.expires_at, s.last_seen_at"
        " FROM sessions s JOIN users u ON u.id = s.user_id"
        " WHERE s.token_hash = ?");
    st.bind(1, std::string(token_hash));
    if (!st.executeStep()) return std::nullopt;
    return StoredSession{user_from(st, 0), timestamp_of(st.getColumn(4)), timestamp_of(st.getColumn(5))};
}

void UserRepository::delete_session(std::string_view token_hash) {
    auto st = db_.prepare("DELETE FROM sessions WHERE token_hash = ?");
    st.bind(1, std::string(token_hash));
    st.exec();
}

void UserRepository::touch_session(std::string_view token_hash, Timestamp last_seen) {
    auto st = db_.prepare("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?");
    st.bind(1, seconds_of(last_seen));
    st.bind(2, std::string(token_hash));
    st.exec();
}

int UserRepository::delete_expired_sessions(Timestamp now) {
    auto st = db_.prepare("DELETE FROM sessions WHERE expires_at <= ?");
    st.bind(1, seconds_of(now));
    return st.exec();
}

}  // namespace openhall::core
