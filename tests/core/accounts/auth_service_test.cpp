#include <gtest/gtest.h>

#include "openhall/core/accounts/auth_service.hpp"
#include "openhall/core/base/password.hpp"
#include "support/temp_dir.hpp"

using namespace openhall::core;
using namespace std::chrono;
using openhall::testing::TempDir;

namespace {

class AuthServiceTest : public ::testing::Test {
protected:
    AuthServiceTest() : db_(dir_.path() / "openhall.db"), clock_(*parse_rfc3339("2026-12-01T09:00:00+08:00")) {
        db_.migrate();
    }
    AuthService auth(SessionSettings s = {}) { return AuthService(db_, clock_, s); }

    TempDir dir_;
    Database db_;
    ManualClock clock_;
    const Actor actor_ = Actor::system("test");
};

}  // namespace

TEST_F(AuthServiceTest, SignInGivesASessionThatAuthenticates) {
    auto a = auth();
    ASSERT_TRUE(a.add_user(actor_, "alice", Role::Scheduler, "correct horse battery").ok());
    auto session = a.sign_in("alice", "correct horse battery");
    ASSERT_TRUE(session.ok());
    auto user = a.authenticate(session->token);
    ASSERT_TRUE(user.has_value());
    EXPECT_EQ(user->name, "alice");
    EXPECT_EQ(user->role, Role::Scheduler);
}

TEST_F(AuthServiceTest, WrongPasswordAndUnknownUserAreTheSameError) {
    auto a = auth();
    ASSERT_TRUE(a.add_user(actor_, "alice", Role::Admin, "correct horse battery").ok());
    auto wrong = a.sign_in("alice", "wrong password!");
    auto unknown = a.sign_in("mallory", "correct horse battery");
    ASSERT_FALSE(wrong.ok());
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(wrong.error(), unknown.error());
    EXPECT_EQ(wrong.error().code, ErrorCode::Unauthorized);
}

TEST_F(AuthServiceTest, OnlyTheHashOfTheTokenIsStored) {
    auto a = auth();
    ASSERT_TRUE(a.add_user(actor_, "alice", Role::Admin, "correct horse battery").ok());
    auto session = a.sign_in("alice", "correct horse battery");
    auto stored = db_.handle().execAndGet("SELECT token_hash FROM sessions").getString();
    EXPECT_NE(stored, session->token);
    EXPECT_EQ(stored, sha256_hex(session->token));
}

TEST_F(AuthServiceTest, SessionExpiresAfterItsLifetimeEvenWhenUsed) {
    auto a = auth({hours{12}, hours{2}});
    ASSERT_TRUE(a.add_user(actor_, "alice", Role::Admin, "correct horse battery").ok());
    auto session = a.sign_in("alice", "correct horse battery");
    for (int i = 0; i < 11; ++i) {
        clock_.advance(hours{1});
        ASSERT_TRUE(a.authenticate(session->token).has_value()) << "hour " << i + 1;
    }
    clock_.advance(hours{1});
    EXPECT_FALSE(a.authenticate(session->token).has_value());
    EXPECT_EQ(db_.handle().execAndGet("SELECT COUNT(*) FROM sessions").getInt(), 0);
}

TEST_F(AuthServiceTest, SessionExpiresWhenIdle) {
    auto a = auth({hours{12}, hours{2}});
    ASSERT_TRUE(a.add_user(actor_, "alice", Role::Admin, "correct horse battery").ok());
    auto session = a.sign_in("alice", "correct horse battery");
    clock_.advance(hours{1} + minutes{59});
    EXPECT_TRUE(a.authenticate(session->token).has_value());
    clock_.advance(hours{2});
    EXPECT_FALSE(a.authenticate(session->token).has_value());
}

TEST_F(AuthServiceTest, SignOutEndsTheSession) {
    auto a = auth();
    ASSERT_TRUE(a.add_user(actor_, "alice", Role::Admin, "correct horse battery").ok());
    auto session = a.sign_in("alice", "correct horse battery");
    a.sign_out(session->token);
    EXPECT_FALSE(a.authenticate(session->token).has_value());
}

TEST_F(AuthServiceTest, CsrfTokenBelongsToItsSession) {
    auto a = auth();
    ASSERT_TRUE(a.add_user(actor_, "alice", Role::Admin, "correct horse battery").ok());
    auto one = a.sign_in("alice", "correct horse battery");
    auto two = a.sign_in("alice", "correct horse battery");
    EXPECT_TRUE(AuthService::csrf_matches(one->token, one->csrf_token));
    EXPECT_FALSE(AuthService::csrf_matches(one->token, two->csrf_token));
    EXPECT_FALSE(AuthService::csrf_matches(one->token, ""));
    EXPECT_NE(one->csrf_token, one->token);
}

TEST_F(AuthServiceTest, UserNamesAreUniqueAndChecked) {
    auto a = auth();
    ASSERT_TRUE(a.add_user(actor_, "alice", Role::Admin, "correct horse battery").ok());
    auto again = a.add_user(actor_, "alice", Role::Editor, "another password");
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, ErrorCode::Conflict);
    for (const char* bad : {"", "has space", "名字", "a/b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
        EXPECT_EQ(a.add_user(actor_, bad, Role::Admin, "correct horse battery").error().code, ErrorCode::InvalidInput)
            << bad;
}

TEST_F(AuthServiceTest, ShortPasswordsAreRefused) {
    auto a = auth();
    EXPECT_EQ(a.add_user(actor_, "bob", Role::Admin, "short").error().code, ErrorCode::InvalidInput);
}

TEST_F(AuthServiceTest, UserCreationIsAuditedWithoutThePassword) {
    auto a = auth();
    auto user = a.add_user(actor_, "alice", Role::Reviewer, "correct horse battery");
    AuditLog log(db_);
    auto entries = log.for_object("user", user->id.value);
    ASSERT_EQ(entries.size(), 1u);
    EXPECT_EQ(entries[0].action, "user.create");
    EXPECT_EQ(entries[0].actor, "system:test");
    EXPECT_EQ(entries[0].after["role"], "reviewer");
    EXPECT_EQ(entries[0].after.dump().find("correct horse"), std::string::npos);
}

TEST_F(AuthServiceTest, PasswordCanBeChanged) {
    auto a = auth();
    ASSERT_TRUE(a.add_user(actor_, "alice", Role::Admin, "correct horse battery").ok());
    ASSERT_TRUE(a.set_password(actor_, "alice", "a brand new secret").ok());
    EXPECT_FALSE(a.sign_in("alice", "correct horse battery").ok());
    EXPECT_TRUE(a.sign_in("alice", "a brand new secret").ok());
}
