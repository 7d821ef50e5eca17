#include "openhall/core/captions/subtitle_formats.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "openhall/core/text/text.hpp"

namespace openhall::core {
namespace {

using std::chrono::milliseconds;

// "hh:mm:ss" then `fraction_separator` and milliseconds: '.' for WebVTT, ',' for SRT.
std::string timestamp(milliseconds at, char fraction_separator) {
    const auto ms = std::max<std::int64_t>(0, at.count());
    return fmt::format("{:02}:{:02}:{:02}{}{:03}", ms / 3'600'000, ms / 60'000 % 60, ms / 1000 % 60, fraction_separator,
                       ms % 1000);
}

std::string vtt_text(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '&') out += "&amp;";
        else if (c == '<') out += "&lt;";
        else if (c == '>') out += "&gt;";
        else out += c;
    }
    return out;
}

template <typename WriteCue>
void each_cue(const std::vector<CaptionLine>& lines, WriteCue write) {
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const CaptionLine* next = i + 1 < lines.size() ? &lines[i + 1] : nullptr;
        write(i, lines[i], milliseconds{lines[i].start_ms}, cue_end_ms(lines[i], next));
    }
}

}  // namespace

milliseconds cue_end_ms(const CaptionLine& line, const CaptionLine* next) {
    if (line.end_ms && *line.end_ms > line.start_ms) return milliseconds{*line.end_ms};
    const auto chars = static_cast<std::int64_t>(utf8_length(line.text).value_or(line.text.size()));
    const std::int64_t reading = std::clamp<std::int64_t>(2000 + 250 * (chars - 2), 2000, kCueMaxMs);
    std::int64_t end = line.start_ms + reading;
    if (next && next->start_ms < end) end = std::max(next->start_ms, line.start_ms + 500);
    return milliseconds{end};
}

std::string to_webvtt(const std::vector<CaptionLine>& lines) {
    std::string out = "WEBVTT\n";
    each_cue(lines, [&](std::size_t, const CaptionLine& line, milliseconds start, milliseconds end) {
        out += fmt::format("\n{}\n{} --> {}\n{}\n", line.id.value, timestamp(start, '.'), timestamp(end, '.'),
                           vtt_text(line.text));
    });
    return out;
}

std::string to_webvtt_segment(const std::vector<CaptionLine>& lines, std::int64_t from_ms, std::int64_t to_ms,
                              std::uint64_t mpegts) {
    std::string out = fmt::format("WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:{},LOCAL:{}\n", mpegts, timestamp(milliseconds{from_ms}, '.'));
    each_cue(lines, [&](std::size_t, const CaptionLine& line, milliseconds start, milliseconds end) {
        if (start.count() >= to_ms || end.count() <= from_ms) return;
        out += fmt::format("\n{}\n{} --> {}\n{}\n", line.id.value, timestamp(start, '.'), timestamp(end, '.'),
                           vtt_text(line.text));
    });
    return out;
}

std::string to_srt(const std::vector<CaptionLine>& lines) {
    std::string out;
    each_cue(lines, [&](std::size_t index, const CaptionLine& line, milliseconds start, milliseconds end) {
        out += fmt::format("{}\r\n{} --> {}\r\n{}\r\n\r\n", index + 1, timestamp(start, ','), timestamp(end, ','),
                           line.text);
    });
    return out;
}

}  // namespace openhall::core
