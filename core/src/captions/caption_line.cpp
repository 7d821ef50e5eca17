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
    if (staff) out["author"] = line.author;
    return out;
}

}  // namespace openhall::core
