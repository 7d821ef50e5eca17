#include "openhall/core/text/text.hpp"

#include <fmt/format.h>

namespace openhall::core {

namespace {

// Calls `each` with every code point of `text`; false (part way) when the text is not UTF-8: a bad or truncated
// sequence, an overlong form, a surrogate, or a value past U+10FFFF.
template <typename Each>
bool for_each_code_point(std::string_view text, Each each) {
    std::size_t i = 0;
    while (i < text.size()) {
        auto c = static_cast<unsigned char>(text[i]);
        std::size_t extra;
        char32_t cp;
        if (c < 0x80) { extra = 0; cp = c; }
        else if ((c & 0xE0) == 0xC0) { extra = 1; cp = c & 0x1F; }
        else if ((c & 0xF0) == 0xE0) { extra = 2; cp = c & 0x0F; }
        else if ((c & 0xF8) == 0xF0) { extra = 3; cp = c & 0x07; }
        else return false;
        if (i + extra >= text.size()) return false;  // truncated sequence
        for (std::size_t k = 1; k <= extra; ++k) {
            auto cc = static_cast<unsigned char>(text[i + k]);
            if ((cc & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (cc & 0x3F);
        }
        static constexpr char32_t kMinForLength[] = {0, 0x80, 0x800, 0x10000};
        if (cp < kMinForLength[extra] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return false;
        each(cp);
        i += extra + 1;
    }
    return true;
}

// C0 and C1 controls and DEL (Unicode general category Cc).
bool is_control(char32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F); }

// White space as people type it: ASCII, no-break and ideographic spaces, the Unicode space separators, and the
// zero-width space and BOM that pasted text carries.
bool is_blank(char32_t cp) {
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' || cp == 0xA0 || cp == 0x1680 ||
           (cp >= 0x2000 && cp <= 0x200B) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F ||
           cp == 0x3000 || cp == 0xFEFF;
}

}  // namespace

Status check_text(std::string_view field, std::string_view value, std::size_t min, std::size_t max, TextShape shape) {
    std::size_t length = 0;
    bool blank = true;
    std::optional<char32_t> control;
    const bool utf8 = for_each_code_point(value, [&](char32_t cp) {
        ++length;
        if (!is_blank(cp)) blank = false;
        const bool line_break_or_tab = cp == '\n' || cp == '\r' || cp == '\t';
        if (is_control(cp) && !(shape == TextShape::Lines && line_break_or_tab) && !control) control = cp;
    });
    if (!utf8) return make_error(ErrorCode::InvalidInput, fmt::format("{} is not valid UTF-8", field));
    if (control)
        return make_error(ErrorCode::InvalidInput,
                          *control == '\n' || *control == '\r' || *control == '\t'
                              ? fmt::format("{} must be one line, without line breaks or tabs", field)
                              : fmt::format("{} holds a control character (U+{:04X})", field, static_cast<unsigned>(*control)));
    if (min > 0 && blank) return make_error(ErrorCode::InvalidInput, fmt::format("{} is required", field));
    if (length < min)
        return make_error(ErrorCode::InvalidInput,
                          min == 1 ? fmt::format("{} is required", field)
                                   : fmt::format("{} needs at least {} characters", field, min));
    if (length > max)
        return make_error(ErrorCode::InvalidInput, fmt::format("{} is longer than {} characters", field, max));
    return Ok{};
}

std::optional<std::size_t> utf8_length(std::string_view text) {
    std::size_t count = 0;
    if (!for_each_code_point(text, [&](char32_t) { ++count; })) return std::nullopt;
    return count;
}

bool is_valid_utf8(std::string_view text) { return utf8_length(text).has_value(); }

std::string trim(std::string_view text) {
    auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; };
    std::size_t b = 0, e = text.size();
    while (b < e && is_space(text[b])) ++b;
    while (e > b && is_space(text[e - 1])) --e;
    return std::string(text.substr(b, e - b));
}

std::string escape_markup(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&apos;"; break;
            default:
                if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n' || c == '\r') out += c;
        }
    }
    return out;
}

std::optional<std::string> cookie_value(std::string_view header, std::string_view name) {
    std::string_view rest = header;
    while (!rest.empty()) {
        auto end = rest.find(';');
        auto pair = trim(rest.substr(0, end));
        auto eq = pair.find('=');
        if (eq != std::string::npos && std::string_view(pair).substr(0, eq) == name) return pair.substr(eq + 1);
        if (end == std::string_view::npos) break;
        rest.remove_prefix(end + 1);
    }
    return std::nullopt;
}

}  // namespace openhall::core
