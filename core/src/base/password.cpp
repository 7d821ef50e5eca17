#include "openhall/core/base/password.hpp"

#include <stdexcept>
#include <vector>

#include <sodium.h>

namespace openhall::core {
namespace {

void ensure_sodium() {
    static const bool ready = [] {
        if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
        return true;
    }();
    (void)ready;
}

}  // namespace

std::string random_string(std::string_view alphabet, std::size_t length) {
    if (alphabet.empty() || alphabet.size() > 256) throw std::invalid_argument("random_string needs 1 to 256 characters");
    ensure_sodium();
    // Bytes below the largest multiple of the alphabet's size map evenly onto it; the rest are dropped.
    const unsigned even = 256 - 256 % alphabet.size();
    std::string out;
    out.reserve(length);
    unsigned char bytes[32];
    while (out.size() < length) {
        randombytes_buf(bytes, sizeof bytes);
        for (unsigned char b : bytes)
            if (b < even && out.size() < length) out += alphabet[b % alphabet.size()];
    }
    return out;
}

std::string hash_password(std::string_view password) {
    ensure_sodium();
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
        throw std::runtime_error("out of memory while hashing a password");
    return out;
}

bool verify_password(std::string_view password, const std::string& stored_hash) {
    ensure_sodium();
    return crypto_pwhash_str_verify(stored_hash.c_str(), password.data(), password.size()) == 0;
}

std::string random_token(std::size_t bytes) {
    ensure_sodium();
    std::vector<unsigned char> raw(bytes);
    randombytes_buf(raw.data(), raw.size());
    std::string text(sodium_base64_encoded_len(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
    sodium_bin2base64(text.data(), text.size(), raw.data(), raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    text.resize(text.find('\0'));
    return text;
}

std::string sha256_hex(std::string_view text) {
    ensure_sodium();
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(text.data()), text.size());
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return hex;
}

}  // namespace openhall::core
