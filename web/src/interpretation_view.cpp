#include "openhall/web/interpretation_view.hpp"

#include <cmath>

#include <fmt/format.h>

namespace openhall::web {
namespace {

nlohmann::json version_fields(const core::Interpretation& i, const core::InterpretationVersion& v,
                              const core::UtcOffsetAt& offset_at) {
    auto j = core::to_json(v, offset_at);
    for (auto& m : j["moments"]) m["url"] = replay_url(i.event_id, m["offset_s"].get<double>());
    return j;
}

bool comments_open(const core::Interpretation& i, core::Timestamp now) {
    return i.status == core::InterpretationStatus::PrePublished && i.comment_until && now < *i.comment_until;
}

}  // namespace

std::string replay_url(core::EventId event, double offset_s) {
    return fmt::format("/events/{}?t={}", event.value, static_cast<long long>(std::floor(offset_s)));
}

std::string interpretation_url(core::InterpretationId id) { return fmt::format("/interpretations/{}", id.value); }

nlohmann::json public_interpretation_view(const core::Interpretation& i, const core::InterpretationVersion& shown,
                                          const core::UtcOffsetAt& offset_at, core::Timestamp now) {
    auto state = core::to_json(i, offset_at);
    nlohmann::json j = version_fields(i, shown, offset_at);
    j.erase("body_md");
    j.erase("author");
    j["id"] = i.id.value;
    j["event_id"] = i.event_id.value;
    j["status"] = state["status"];
    j["published_at"] = state["published_at"];
    j["withdrawn_at"] = state["withdrawn_at"];
    j["comment_until"] = state["comment_until"];
    j["comments_open"] = comments_open(i, now);
    j["url"] = interpretation_url(i.id);
    // A withdrawn text stays on record and says so; its body is no longer offered as the office's word.
    if (i.status == core::InterpretationStatus::Withdrawn) j["body_html"] = nullptr;
    return j;
}

nlohmann::json staff_interpretation_view(const core::Interpretation& i, const core::InterpretationVersion& head,
                                         const std::vector<core::Review>& reviews, const core::UtcOffsetAt& offset_at,
                                         core::Timestamp now) {
    auto j = core::to_json(i, offset_at);
    j.update(version_fields(i, head, offset_at));
    j["version"] = i.head_version;
    j["comments_open"] = comments_open(i, now);
    j["url"] = interpretation_url(i.id);
    auto list = nlohmann::json::array();
    for (const auto& r : reviews) list.push_back(core::to_json(r, offset_at));
    j["reviews"] = std::move(list);
    return j;
}

}  // namespace openhall::web
