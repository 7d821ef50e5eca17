// Storage of staff users and their sessions.
#pragma once

#include <optional>
#include <string>

#include "openhall/core/accounts/user.hpp"
#include "openhall/core/store/database.hpp"

namespace openhall::core {

struct StoredSession {
    StaffUser user;
    Timestamp expires_at;
    Timestamp last_seen_at;
};

class UserRepository {
public:
    explicit UserRepository(Database& db) : db_(db) {}

    std::optional<StaffUser> find_by_name(std::string_view name);
    std::optional<std::string> password_hash_of(UserId id);
    StaffUser insert(std::string_view name, Role role, std::string_view password_hash, Timestamp now);
    void set_password_hash(UserId id, std::string_view password_hash);
    void set_department(UserId id, std::optional<DepartmentId> department);
    std::int64_t count();

    void insert_session(std::string_view token_hash, UserId user, Timestamp created, Timestamp expires);
    std::optional<StoredSession> find_session(std::string_view token_hash);
    void delete_session(std::string_view token_hash);
    void touch_session(std::string_view token_hash, Timestamp last_seen);
    int delete_expired_sessions(Timestamp now);

private:
    Database& db_;
};

}  // namespace openhall::core
