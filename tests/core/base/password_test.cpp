#include <set>

#include <gtest/gtest.h>

#include "openhall/core/base/password.hpp"

using namespace openhall::core;

TEST(PasswordHash, IsArgon2idAndVerifiesOnlyTheRightPassword) {
    auto hash = hash_password("correct horse battery");
    EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u) << hash;
    EXPECT_TRUE(verify_password("correct horse battery", hash));
    EXPECT_FALSE(verify_password("correct horse batterY", hash));
    EXPECT_FALSE(verify_password("", hash));
}

TEST(PasswordHash, IsSaltedSoTheSamePasswordHashesDifferently) {
    EXPECT_NE(hash_password("same password"), hash_password("same password"));
}

TEST(PasswordHash, GarbageStoredHashNeverVerifies) { EXPECT_FALSE(verify_password("x", "not a hash")); }

TEST(RandomToken, Is256BitsOfBase64UrlAndDoesNotRepeat) {
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i) {
        auto t = random_token();
        EXPECT_EQ(t.size(), 43u);
        EXPECT_EQ(t.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
                  std::string::npos);
        seen.insert(t);
    }
    EXPECT_EQ(seen.size(), 1000u);
}

TEST(Sha256, MatchesAKnownVector) {
    EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}
