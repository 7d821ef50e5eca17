// Argon2id password hashing, random tokens and hashes, all through libsodium.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace openhall::core {

// Returns libsodium's self-describing "$argon2id$..." string.
std::string hash_password(std::string_view password);
bool verify_password(std::string_view password, const std::string& stored_hash);

// Random bytes as unpadded base64url text; 32 bytes give a 256-bit token.
std::string random_token(std::size_t bytes = 32);

// A uniformly random number in [0, upper).
std::uint32_t random_below(std::uint32_t upper);

// SHA-256 of the text, as lower-case hex; how session tokens are stored.
std::string sha256_hex(std::string_view text);

}  // namespace openhall::core
