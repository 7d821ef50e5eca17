#include "openhall/core/captions/transcript_excerpt.hpp"

#include "openhall/core/captions/subtitle_formats.hpp"

namespace openhall::core {

std::vector<CaptionLine> transcript_excerpt(const std::vector<CaptionLine>& lines, std::int64_t at_ms,
                                            std::int64_t span_ms, std::size_t max_lines) {
    std::vector<CaptionLine> out;
    for (std::size_t i = 0; i < lines.size() && out.size() < max_lines; ++i) {
        const auto& line = lines[i];
        if (line.start_ms >= at_ms + span_ms) break;
        const auto* next = i + 1 < lines.size() ? &lines[i + 1] : nullptr;
        if (cue_end_ms(line, next).count() <= at_ms) continue;  // said and gone before the moment
        out.push_back(line);
    }
    return out;
}

}  // namespace openhall::core
