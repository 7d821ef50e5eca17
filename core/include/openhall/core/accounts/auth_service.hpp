// Staff accounts and sessions: Argon2id passwords, 256-bit session tokens stored hashed, CSRF tokens, expiry.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "openhall/core/accounts/audit_log.hpp"
#include "openhall/core/accounts/user.hpp"
#include "openhall/core/accounts/user_repository.hpp"
#include "openhall/core/base/result.hpp"
#include "openhall/core/store/database.hpp"

namespace openhall::core {

// The cookie that carries a staff session, to the HTTP server and the WebSocket gateway alike.
inline constexpr const char* kSessionCookie = "openhall_session";

struct SessionSettings {
    std::chrono::seconds lifetime = std::chrono::hours{12};  // absolute, from sign-in
    std::chrono::seconds idle = std::chrono::hours{2};       // without a request
};

struct NewSession {
    StaffUser user;
    std::string token;       // goes to the cookie; only its hash is stored
    std::string csrf_token;  // derived from the token, so nothing more is stored
    Timestamp expires_at;
};

namespace user_limits {
inline constexpr std::size_t kNameMax = 40;
inline constexpr std::size_t kPasswordMin = 8;
inline constexpr std::size_t kPasswordMax = 256;
}  // namespace user_limits

class AuthService {
public:
    AuthService(Database& db, const Clock& clock, SessionSettings settings = {});

    Result<StaffUser> add_user(const Actor& actor, std::string_view name, Role role, std::string_view password);
    Status set_password(const Actor& actor, std::string_view name, std::string_view password);

    // Unauthorized for an unknown name or a wrong password alike (no hint which).
    Result<NewSession> sign_in(std::string_view name, std::string_view password);

    // The user of a live session; expired and unknown tokens give nullopt (and expired ones are removed).
    std::optional<StaffUser> authenticate(std::string_view token);

    void sign_out(std::string_view token);

    static std::string csrf_token_for(std::string_view token);
    static bool csrf_matches(std::string_view token, std::string_view csrf_header);

private:
    Database& db_;
    const Clock& clock_;
    SessionSettings settings_;
    UserRepository users_;
    AuditLog audit_;
};

}  // namespace openhall::core
