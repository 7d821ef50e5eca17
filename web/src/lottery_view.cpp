#include "openhall/web/lottery_view.hpp"

namespace openhall::web {

nlohmann::json time_or_null(const std::optional<core::Timestamp>& t, const core::UtcOffsetAt& offset_at) {
    return t ? nlohmann::json(core::format_rfc3339(*t, offset_at(*t))) : nlohmann::json();
}

nlohmann::json lottery_json(const core::LotteryResult& result, const core::RegistrationSettings& settings,
                            const core::UtcOffsetAt& offset_at) {
    auto drawn = nlohmann::json::array();
    int order = 0;
    for (const auto& r : result.drawn) {
        auto j = core::to_json(r, offset_at);
        j["order"] = ++order;
        j.erase("statement");
        drawn.push_back(std::move(j));
    }
    return {{"seed", result.seed},
            {"seed_announced_at", time_or_null(settings.seed_announced_at, offset_at)},
            {"drawn_at", time_or_null(settings.drawn_at, offset_at)},
            {"seats", result.seats},
            {"type", core::wire_name(result.type)},
            {"applications", result.applications},
            {"algorithm", "sha256(seed:code) ascending; docs/registration.md"},
            {"drawn", std::move(drawn)}};
}

}  // namespace openhall::web
