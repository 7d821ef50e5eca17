#include "openhall/core/captions/caption_line.hpp"

#include <utility>

#include "openhall/core/base/wire_names.hpp"

namespace openhall::core {
namespace {

constexpr std::pair<CaptionSource, std::string_view> kSourceNames[] = {
    {CaptionSource::Person, "person"}, {CaptionSource::Engine, "engine"}, {CaptionSource::Import, "import"}};

}  // namespace

std::string_view wire_name(CaptionSource source) { return name_in(kSourceNames, source); }
std::optional<CaptionSource> parse_caption_source(std::string_view name) { return value_in(kSourceNames, name); }

nlohmann::json to_json(const CaptionLine& line, bool staff) {
    nlohmann::json out{{"id", line.id.value},
                       {"event_id", line.event_id.value},
                       {"start_s", static_cast<double>(line.start_ms) / 1000.0},
                       {"end_s", line.end_ms ? nlohmann::json(static_cast<double>(*line.end_ms) / 1000.0) : nlohmann::json()},
                       {"text", line.text},
                       {"source", wire_name(line.source)},
                       {"revision", line.revision}};
    if (staff) {
        out["author"] = line.author;
        out["revised_by"] = line.revised_by ? nlohmann::json(*line.revised_by) : nlohmann::json();
    }
    return out;
}

nlohmann::json to_json(const CaptionRevision& revision, const UtcOffsetAt& offset_at) {
    const auto at = std::chrono::time_point_cast<std::chrono::seconds>(revision.written_at);
    return {{"revision", revision.revision},
            {"text", revision.text},
            {"written_by", revision.written_by},
            {"written_at", format_rfc3339(at, offset_at ? offset_at(at) : std::chrono::seconds{0})}};
}

}  // namespace openhall::core
