#include "openhall/core/captions/subtitle_import.hpp"

#include <iconv.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "openhall/core/text/text.hpp"

namespace openhall::core {
namespace {

Result<std::string> convert(std::string_view bytes, const char* from) {
    std::unique_ptr<void, int (*)(iconv_t)> cd(iconv_open("UTF-8", from), &iconv_close);
    if (cd.get() == reinterpret_cast<iconv_t>(-1)) return make_error(ErrorCode::Internal, "no converter from " + std::string(from));
    std::string out(bytes.size() * 2 + 16, '\0');
    char* in = const_cast<char*>(bytes.data());
    std::size_t in_left = bytes.size(), out_left = out.size();
    char* at = out.data();
    while (in_left > 0) {
        if (iconv(static_cast<iconv_t>(cd.get()), &in, &in_left, &at, &out_left) == static_cast<std::size_t>(-1)) {
            if (errno != E2BIG)
                return make_error(ErrorCode::InvalidInput,
                                  "the file is neither UTF-8, UTF-16 with a byte order mark, nor GB18030");
            const auto used = static_cast<std::size_t>(at - out.data());
            out.resize(out.size() * 2);
            at = out.data() + used;
            out_left = out.size() - used;
        }
    }
    out.resize(static_cast<std::size_t>(at - out.data()));
    return out;
}

std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\r' && text[i] != '\n') continue;
        lines.push_back(text.substr(start, i - start));
        if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
        start = i + 1;
    }
    if (start < text.size()) lines.push_back(text.substr(start));
    return lines;
}

bool blank(std::string_view line) {
    return std::all_of(line.begin(), line.end(), [](unsigned char c) { return std::isspace(c); });
}

// "[h…:]mm:ss[.,]f{1,3}" from `at`, or "[h…:]mm:ss:fff" (three digits of milliseconds after a colon, as some
// subtitle tools write SRT; two digits there would be frames, whose rate the file does not say: refused); advances
// `at` past the timestamp.
std::optional<std::int64_t> timestamp_at(std::string_view s, std::size_t& at) {
    std::vector<std::int64_t> parts;
    std::size_t i = at, last_digits = 0;
    for (;;) {
        std::size_t digits = 0;
        std::int64_t value = 0;
        while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])) && digits < 9) value = value * 10 + (s[i++] - '0'), ++digits;
        if (digits == 0) return std::nullopt;
        parts.push_back(value);
        last_digits = digits;
        if (i < s.size() && s[i] == ':' && parts.size() < 4) {
            ++i;
            continue;
        }
        break;
    }
    std::int64_t fraction = 0;
    const bool decimal = i < s.size() && (s[i] == '.' || s[i] == ',');
    if (!decimal && parts.size() >= 3 && last_digits == 3) {
        fraction = parts.back();  // "00:00:01:500"
        parts.pop_back();
    } else {
        if (parts.size() < 2 || parts.size() > 3 || !decimal) return std::nullopt;
        ++i;
        std::size_t fraction_digits = 0;
        while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])) && fraction_digits < 3)
            fraction = fraction * 10 + (s[i++] - '0'), ++fraction_digits;
        if (fraction_digits == 0) return std::nullopt;
        while (fraction_digits++ < 3) fraction *= 10;
    }
    const std::int64_t hours = parts.size() == 3 ? parts[0] : 0;
    const std::int64_t minutes = parts[parts.size() - 2], seconds = parts.back();
    if (minutes > 59 || seconds > 59) return std::nullopt;
    at = i;
    return ((hours * 60 + minutes) * 60 + seconds) * 1000 + fraction;
}

struct Timing {
    std::int64_t start, end;
};

// "start --> end [settings]"; nullopt when the line is not a timing line.
std::optional<Timing> timing_of(std::string_view line) {
    const auto arrow = line.find("-->");
    if (arrow == std::string_view::npos) return std::nullopt;
    std::size_t at = 0;
    while (at < line.size() && std::isspace(static_cast<unsigned char>(line[at]))) ++at;
    auto start = timestamp_at(line, at);
    if (!start) return std::nullopt;
    at = arrow + 3;
    while (at < line.size() && std::isspace(static_cast<unsigned char>(line[at]))) ++at;
    auto end = timestamp_at(line, at);
    if (!end) return std::nullopt;
    return Timing{*start, *end};
}

bool is_han(std::string_view utf8_char) {
    // U+3400–U+9FFF and U+F900–U+FAFF in three bytes: E3 90 80 .. E9 BF BF, EF A4 80 .. EF AB BF.
    if (utf8_char.size() != 3) return false;
    const auto b0 = static_cast<unsigned char>(utf8_char[0]), b1 = static_cast<unsigned char>(utf8_char[1]);
    return (b0 == 0xE3 && b1 >= 0x90) || (b0 >= 0xE4 && b0 <= 0xE9) || (b0 == 0xEF && b1 >= 0xA4 && b1 <= 0xAB);
}

std::string_view last_char(std::string_view s) {
    std::size_t i = s.size();
    while (i > 0 && (static_cast<unsigned char>(s[i - 1]) & 0xC0) == 0x80) --i;
    return i > 0 ? s.substr(i - 1) : s;
}

std::string_view first_char(std::string_view s) {
    if (s.empty()) return s;
    const auto b = static_cast<unsigned char>(s[0]);
    const std::size_t n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    return s.substr(0, std::min(n, s.size()));
}

// Markup out, entities in, spaces collapsed.
std::string plain(std::string_view line) {
    std::string out;
    for (std::size_t i = 0; i < line.size();) {
        if (line[i] == '<') {
            const auto close = line.find('>', i);
            if (close != std::string_view::npos) {
                i = close + 1;
                continue;
            }
        }
        if (line[i] == '{' && i + 1 < line.size() && line[i + 1] == '\\') {
            const auto close = line.find('}', i);
            if (close != std::string_view::npos) {
                i = close + 1;
                continue;
            }
        }
        if (line[i] == '&') {
            static constexpr std::pair<std::string_view, std::string_view> kEntities[] = {
                {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&nbsp;", " "}, {"&lrm;", ""}, {"&rlm;", ""},
                {"&quot;", "\""}, {"&#39;", "'"}};
            bool decoded = false;
            for (const auto& [entity, text] : kEntities)
                if (line.substr(i, entity.size()) == entity) {
                    out += text;
                    i += entity.size();
                    decoded = true;
                    break;
                }
            if (decoded) continue;
        }
        out += line[i++];
    }
    for (auto& c : out)
        if (c == '\t') c = ' ';
    return trim(out);
}

void join(std::string& text, const std::string& line) {
    if (line.empty()) return;
    if (!text.empty() && !(is_han(last_char(text)) && is_han(first_char(line)))) text += ' ';
    text += line;
}

}  // namespace

Result<std::string> subtitle_text_as_utf8(std::string_view bytes) {
    if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
    else if (bytes.starts_with("\xFF\xFE")) return convert(bytes.substr(2), "UTF-16LE");
    else if (bytes.starts_with("\xFE\xFF")) return convert(bytes.substr(2), "UTF-16BE");
    if (is_valid_utf8(bytes)) return std::string(bytes);
    return convert(bytes, "GB18030");
}

Result<std::vector<ImportedCue>> parse_subtitles(std::string_view utf8, std::size_t max_chars) {
    const auto lines = split_lines(utf8);
    std::size_t i = 0;
    const bool vtt = !lines.empty() && lines[0].starts_with("WEBVTT") &&
                     (lines[0].size() == 6 || lines[0][6] == ' ' || lines[0][6] == '\t');
    if (vtt) {
        ++i;
        while (i < lines.size() && !blank(lines[i])) ++i;  // the header's own text
    }
    std::vector<ImportedCue> cues;
    while (i < lines.size()) {
        while (i < lines.size() && blank(lines[i])) ++i;
        if (i >= lines.size()) break;
        // A block: WebVTT's NOTE, STYLE and REGION are skipped whole.
        if (vtt && (lines[i].starts_with("NOTE") || lines[i].starts_with("STYLE") || lines[i].starts_with("REGION")) &&
            lines[i].find("-->") == std::string_view::npos) {
            while (i < lines.size() && !blank(lines[i])) ++i;
            continue;
        }
        // An optional id or number before the timing.
        const std::size_t block = i;
        if (lines[i].find("-->") == std::string_view::npos) ++i;
        if (i >= lines.size() || lines[i].find("-->") == std::string_view::npos) {
            // Text after a blank line inside a cue (tools write them): it belongs to the cue before.
            if (!cues.empty()) {
                for (i = block; i < lines.size() && !blank(lines[i]); ++i) join(cues.back().text, plain(lines[i]));
                continue;
            }
            return make_error(ErrorCode::InvalidInput, fmt::format("line {}: a cue needs a timing like "
                                                                   "\"00:00:01,000 --> 00:00:03,500\"", block + 1));
        }
        const auto timing = timing_of(lines[i]);
        if (!timing)
            return make_error(ErrorCode::InvalidInput, fmt::format("line {}: the timing \"{}\" cannot be read", i + 1,
                                                                   std::string(lines[i].substr(0, 80))));
        if (timing->end < timing->start)
            return make_error(ErrorCode::InvalidInput, fmt::format("line {}: the cue ends before it starts", i + 1));
        const std::size_t timing_line = i++;
        std::string text;
        while (i < lines.size() && !blank(lines[i])) join(text, plain(lines[i++]));
        if (text.empty()) continue;
        if (auto ok = check_text("text", text, 1, max_chars); !ok)
            return make_error(ErrorCode::InvalidInput, fmt::format("the cue at line {}: {}", timing_line + 1, ok.error().message));
        cues.push_back({timing->start, timing->end, std::move(text)});
    }
    if (cues.empty()) return make_error(ErrorCode::InvalidInput, "the file has no cue with text");
    for (const auto& cue : cues)
        if (utf8_length(cue.text).value_or(0) > max_chars)
            return make_error(ErrorCode::InvalidInput, fmt::format("the cue at {} ms is longer than {} characters",
                                                                   cue.start_ms, max_chars));
    return cues;
}

}  // namespace openhall::core
