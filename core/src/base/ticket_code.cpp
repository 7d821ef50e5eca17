#include "openhall/core/base/ticket_code.hpp"

#include "openhall/core/base/password.hpp"

namespace openhall::core {
namespace {

constexpr std::string_view kAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
constexpr std::size_t kLength = 8;

std::string grouped(std::string_view plain) { return std::string(plain.substr(0, 4)) + "-" + std::string(plain.substr(4)); }

}  // namespace

std::string make_ticket_code() { return grouped(random_string(kAlphabet, kLength)); }

std::optional<std::string> canonical_ticket_code(std::string_view typed) {
    std::string plain;
    for (char c : typed) {
        if (c == ' ' || c == '-') continue;
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        if (kAlphabet.find(c) == std::string_view::npos || plain.size() == kLength) return std::nullopt;
        plain += c;
    }
    if (plain.size() != kLength) return std::nullopt;
    return grouped(plain);
}

}  // namespace openhall::core
