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

// `length` characters, each uniformly one of `alphabet` (1 … 256 characters), from as few draws of the system's
// random source as it takes (one, nearly always): bytes that would favour the alphabet's first characters are
// dropped. Any thread. Throws std::invalid_argument for an empty or longer alphabet.
std::string random_string(std::string_view alphabet, std::size_t length);

// SHA-256 of the text, as lower-case hex; how session tokens are stored.
std::string sha256_hex(std::string_view text);

}  // namespace openhall::core
