#include "openhall/core/base/time.hpp"

#include <fstream>

#include <charconv>
#include <cstdlib>

#include <fmt/format.h>

namespace openhall::core {
namespace {

// Reads exactly `width` decimal digits at `pos`.
std::optional<int> digits(std::string_view text, std::size_t pos, std::size_t width) {
    if (pos + width > text.size()) return std::nullopt;
    int value = 0;
    for (std::size_t i = pos; i < pos + width; ++i) {
        if (text[i] < '0' || text[i] > '9') return std::nullopt;
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

}  // namespace

std::optional<Timestamp> parse_rfc3339(std::string_view text) {
    using namespace std::chrono;
    // YYYY-MM-DDTHH:MM:SS
    if (text.size() < 20) return std::nullopt;
    auto y = digits(text, 0, 4), mo = digits(text, 5, 2), d = digits(text, 8, 2);
    auto h = digits(text, 11, 2), mi = digits(text, 14, 2), s = digits(text, 17, 2);
    if (!y || !mo || !d || !h || !mi || !s) return std::nullopt;
    if (text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != 't') || text[13] != ':' ||
        text[16] != ':')
        return std::nullopt;
    year_month_day date{year{*y}, month{static_cast<unsigned>(*mo)}, day{static_cast<unsigned>(*d)}};
    if (!date.ok() || *h > 23 || *mi > 59 || *s > 60) return std::nullopt;

    std::size_t pos = 19;
    if (pos < text.size() && text[pos] == '.') {
        ++pos;
        std::size_t start = pos;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
        if (pos == start) return std::nullopt;
    }
    if (pos >= text.size()) return std::nullopt;
    seconds offset{0};
    if (text[pos] == 'Z' || text[pos] == 'z') {
        ++pos;
    } else if (text[pos] == '+' || text[pos] == '-') {
        auto oh = digits(text, pos + 1, 2), om = digits(text, pos + 4, 2);
        if (!oh || !om || pos + 3 >= text.size() || text[pos + 3] != ':' || *oh > 23 || *om > 59)
            return std::nullopt;
        offset = hours{*oh} + minutes{*om};
        if (text[pos] == '-') offset = -offset;
        pos += 6;
    } else {
        return std::nullopt;
    }
    if (pos != text.size()) return std::nullopt;
    // A leap second (60) is folded into the next second.
    return sys_days{date} + hours{*h} + minutes{*mi} + seconds{*s} - offset;
}

std::string format_rfc3339(Timestamp t, std::chrono::seconds utc_offset) {
    using namespace std::chrono;
    auto local = t + utc_offset;
    auto day_start = floor<days>(local);
    year_month_day date{day_start};
    hh_mm_ss time{local - day_start};
    std::string zone = "Z";
    if (utc_offset != seconds{0}) {
        auto total = std::abs(utc_offset.count()) / 60;
        zone = fmt::format("{}{:02}:{:02}", utc_offset.count() < 0 ? '-' : '+', total / 60, total % 60);
    }
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}", static_cast<int>(date.year()),
                       static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                       time.hours().count(), time.minutes().count(), time.seconds().count(), zone);
}

Timestamp FileClock::now() const {
    std::ifstream in(path_);
    std::string text;
    if (in && std::getline(in, text))
        if (auto t = parse_rfc3339(text)) return *t;
    return SystemClock().now();
}

Timestamp SystemClock::now() const {
    return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

}  // namespace openhall::core
