#include "openhall/core/accounts/auth_service.hpp"

#include <SQLiteCpp/Transaction.h>
#include <fmt/format.h>
#include <sodium.h>

#include "openhall/core/base/password.hpp"
#include "openhall/core/text/text.hpp"

namespace openhall::core {
namespace {

constexpr std::size_t kTokenTextMax = 128;
// A last-seen time is written at most this often, so a busy staff page does not write on every request.
constexpr std::chrono::seconds kTouchEvery{60};

Status check_name(std::string_view name) {
    if (name.empty() || name.size() > user_limits::kNameMax)
        return make_error(ErrorCode::InvalidInput,
                          fmt::format("a user name has 1 to {} characters", user_limits::kNameMax));
    for (char c : name) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                  c == '_' || c == '-';
        if (!ok) return make_error(ErrorCode::InvalidInput, "a user name uses only letters, digits, '.', '_' and '-'");
    }
    return Ok{};
}

Status check_password(std::string_view password) {
    auto length = utf8_length(password);
    if (!length) return make_error(ErrorCode::InvalidInput, "the password is not valid UTF-8");
    if (*length < user_limits::kPasswordMin || *length > user_limits::kPasswordMax)
        return make_error(ErrorCode::InvalidInput, fmt::format("a password has {} to {} characters",
                                                               user_limits::kPasswordMin, user_limits::kPasswordMax));
    return Ok{};
}

// Verifying against this when the name is unknown makes both failures cost the same time.
const std::string& dummy_hash() {
    static const std::string hash = hash_password("openhall-no-such-user");
    return hash;
}

}  // namespace

AuthService::AuthService(Database& db, const Clock& clock, SessionSettings settings)
    : db_(db), clock_(clock), settings_(settings), users_(db), audit_(db) {}

Result<StaffUser> AuthService::add_user(const Actor& actor, std::string_view name, Role role,
                                        std::string_view password) {
    if (auto s = check_name(name); !s) return s.error();
    if (auto s = check_password(password); !s) return s.error();
    if (users_.find_by_name(name))
        return make_error(ErrorCode::Conflict, fmt::format("a user named {} already exists", name));
    const auto hash = hash_password(password);
    SQLite::Transaction tx(db_.handle());
    auto user = users_.insert(name, role, hash, clock_.now());
    audit_.record(clock_.now(), actor, "user.create", "user", user.id.value, nullptr,
                  {{"name", user.name}, {"role", wire_name(role)}});
    tx.commit();
    return user;
}

Status AuthService::set_password(const Actor& actor, std::string_view name, std::string_view password) {
    if (auto s = check_password(password); !s) return s.error();
    auto user = users_.find_by_name(name);
    if (!user) return make_error(ErrorCode::NotFound, fmt::format("no user named {}", name));
    const auto hash = hash_password(password);
    SQLite::Transaction tx(db_.handle());
    users_.set_password_hash(user->id, hash);
    audit_.record(clock_.now(), actor, "user.password", "user", user->id.value, nullptr, {{"name", user->name}});
    tx.commit();
    return Ok{};
}

Result<NewSession> AuthService::sign_in(std::string_view name, std::string_view password) {
    auto user = name.size() <= user_limits::kNameMax ? users_.find_by_name(name) : std::nullopt;
    auto stored = user ? users_.password_hash_of(user->id) : std::nullopt;
    const bool ok = password.size() <= user_limits::kPasswordMax * 4 &&
                    verify_password(password, stored ? *stored : dummy_hash()) && user.has_value();
    if (!ok) return make_error(ErrorCode::Unauthorized, "wrong user name or password");

    const auto now = clock_.now();
    NewSession session{*user, random_token(), {}, now + settings_.lifetime};
    session.csrf_token = csrf_token_for(session.token);
    users_.delete_expired_sessions(now);
    users_.insert_session(sha256_hex(session.token), user->id, now, session.expires_at);
    return session;
}

std::optional<StaffUser> AuthService::authenticate(std::string_view token) {
    if (token.empty() || token.size() > kTokenTextMax) return std::nullopt;
    const auto hash = sha256_hex(token);
    auto session = users_.find_session(hash);
    if (!session) return std::nullopt;
    const auto now = clock_.now();
    if (session->expires_at <= now || session->last_seen_at + settings_.idle <= now) {
        users_.delete_session(hash);
        return std::nullopt;
    }
    if (now - session->last_seen_at >= kTouchEvery) users_.touch_session(hash, now);
    return session->user;
}

void AuthService::sign_out(std::string_view token) {
    if (token.empty() || token.size() > kTokenTextMax) return;
    users_.delete_session(sha256_hex(token));
}

std::string AuthService::csrf_token_for(std::string_view token) {
    // Keyed hash of the session token: unguessable without the cookie, and needs no storage.
    static constexpr std::string_view kDomain = "openhall-csrf-v1";
    unsigned char digest[32];
    crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(token.data()), token.size(),
                       reinterpret_cast<const unsigned char*>(kDomain.data()), kDomain.size());
    char hex[sizeof digest * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return hex;
}

bool AuthService::csrf_matches(std::string_view token, std::string_view csrf_header) {
    const auto expected = csrf_token_for(token);
    return csrf_header.size() == expected.size() &&
           sodium_memcmp(expected.data(), csrf_header.data(), expected.size()) == 0;
}

}  // namespace openhall::core
