#include "openhall/core/attendance/lottery.hpp"

#include <algorithm>
#include <array>

#include <sodium.h>

namespace openhall::core {

std::string lottery_key(std::string_view seed, std::string_view code) {
    std::string input;
    input.reserve(seed.size() + 1 + code.size());
    input.append(seed).append(":").append(code);
    std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
    crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(input.data()), input.size());
    std::array<char, crypto_hash_sha256_BYTES * 2 + 1> hex{};
    sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
    return std::string(hex.data());
}

std::vector<std::string> draw_lottery(std::string_view seed, std::vector<std::string> codes, std::size_t seats) {
    std::vector<std::pair<std::string, std::string>> keyed;
    keyed.reserve(codes.size());
    for (auto& code : codes) keyed.emplace_back(lottery_key(seed, code), std::move(code));
    // Ties (never in practice) fall back to the code, so the order is total and the same everywhere.
    std::sort(keyed.begin(), keyed.end());
    std::vector<std::string> drawn;
    for (std::size_t i = 0; i < keyed.size() && i < seats; ++i) drawn.push_back(std::move(keyed[i].second));
    return drawn;
}

}  // namespace openhall::core
