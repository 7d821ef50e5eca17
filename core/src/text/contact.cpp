#include "openhall/core/text/contact.hpp"

#include <algorithm>
#include <memory>

#include <fmt/format.h>
#include <glib.h>

#include "openhall/core/text/text.hpp"

namespace openhall::core {
namespace {

std::string nfkc(std::string_view text) {
    std::unique_ptr<gchar, decltype(&g_free)> folded(
        g_utf8_normalize(text.data(), static_cast<gssize>(text.size()), G_NORMALIZE_NFKC), g_free);
    return folded ? std::string(folded.get()) : std::string();
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::optional<std::string> fold_email(const std::string& text) {
    const auto at = text.find('@');
    if (at == std::string::npos || at == 0 || text.find('@', at + 1) != std::string::npos) return std::nullopt;
    const auto domain = std::string_view(text).substr(at + 1);
    const auto dot = domain.find('.');
    if (dot == std::string_view::npos || dot == 0 || domain.back() == '.' || domain.find("..") != std::string_view::npos)
        return std::nullopt;
    std::string out;
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= ' ' || u == 0x7F || c == ',' || c == ';' || c == '<' || c == '>' || c == '"') return std::nullopt;
        out += static_cast<char>(u < 0x80 ? std::tolower(u) : u);
    }
    return out;
}

// A mainland number as dialled at home (a mobile 1[3-9]XXXXXXXXX, or a landline 0 + area code + number) in E.164.
std::optional<std::string> mainland_number(const std::string& national) {
    const bool mobile = national.size() == 11 && national[0] == '1' && national[1] >= '3';
    const bool landline = national.size() >= 11 && national.size() <= 12 && national[0] == '0' && national[1] != '0';
    if (mobile) return "+86" + national;
    if (landline) return "+86" + national.substr(1);
    return std::nullopt;
}

std::optional<std::string> fold_phone(const std::string& text) {
    std::string digits;
    bool plus = false;
    for (const char c : text) {
        if (c == '+' && digits.empty() && !plus) plus = true;  // "+86 …", "(+86) …"
        else if (is_digit(c)) digits += c;
        else if (c != ' ' && c != '-' && c != '.' && c != '/' && c != '(' && c != ')') return std::nullopt;
    }
    // After the mainland's country code a mobile number follows as it is, a landline without its trunk 0.
    const auto after_country_code = [](const std::string& rest) {
        if (auto number = mainland_number(rest)) return number;
        return mainland_number("0" + rest);
    };
    if (plus && digits.starts_with("86")) return after_country_code(digits.substr(2));
    if (!plus && digits.starts_with("0086")) return after_country_code(digits.substr(4));
    if (plus) return digits.size() >= 7 && digits.size() <= 15 ? std::optional("+" + digits) : std::nullopt;
    if (digits.size() == 13 && digits.starts_with("86")) return after_country_code(digits.substr(2));
    return mainland_number(digits);
}

}  // namespace

std::optional<std::string> fold_contact(std::string_view typed) {
    if (!is_valid_utf8(typed)) return std::nullopt;
    const auto text = trim(nfkc(typed));
    if (text.empty()) return std::nullopt;
    if (text.find('@') != std::string::npos) return fold_email(text);
    return fold_phone(text);
}

Status fold_contact_into(std::string_view field, std::string& contact, bool required) {
    if (!required && trim(contact).empty()) {
        contact.clear();
        return Ok{};
    }
    auto folded = fold_contact(contact);
    if (!folded)
        return make_error(ErrorCode::InvalidInput,
                          fmt::format("{} must be an e-mail address (name@example.org) or a phone number "
                                      "(13800138000, 010-12345678, +86 138 0013 8000)",
                                      field));
    contact = std::move(*folded);
    return Ok{};
}

}  // namespace openhall::core
