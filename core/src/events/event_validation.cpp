#include "openhall/core/events/event_validation.hpp"

#include <fmt/format.h>

#include "openhall/core/text/text.hpp"

namespace openhall::core {
namespace {

Status check_times(Timestamp starts_at, Timestamp ends_at) {
    using namespace std::chrono;
    const auto earliest = sys_days{year{2000} / 1 / 1};
    const auto latest = sys_days{year{2100} / 1 / 1};
    if (starts_at < earliest || starts_at >= latest)
        return make_error(ErrorCode::InvalidInput, "starts_at must be between the years 2000 and 2099");
    if (ends_at <= starts_at) return make_error(ErrorCode::InvalidInput, "ends_at must be after starts_at");
    if (ends_at - starts_at > limits::kLongestEvent)
        return make_error(ErrorCode::InvalidInput, "an event may last at most 14 days");
    return Ok{};
}

Status check_capacity(const std::optional<std::int64_t>& capacity) {
    if (capacity && (*capacity < 0 || *capacity > limits::kCapacityMax))
        return make_error(ErrorCode::InvalidInput,
                          fmt::format("capacity must be between 0 and {}", limits::kCapacityMax));
    return Ok{};
}

// Runs the checks in order and returns the first failure.
template <typename... Checks>
Status first_failure(Checks&&... checks) {
    Status result = Ok{};
    ((result.ok() ? (void)(result = checks()) : void()), ...);
    return result;
}

}  // namespace

Status validate_event_draft(const EventDraft& d) {
    return first_failure([&] { return check_text("title", d.title, 1, limits::kTitleMax); },
                         [&] { return check_text("description", d.description, 0, limits::kDescriptionMax, TextShape::Lines); },
                         [&] { return check_text("venue", d.venue, 0, limits::kVenueMax); },
                         [&] { return check_times(d.starts_at, d.ends_at); },
                         [&] { return check_capacity(d.capacity); });
}

Status validate_event_patch(const Event& current, const EventPatch& p) {
    return first_failure(
        [&] { return p.title ? check_text("title", *p.title, 1, limits::kTitleMax) : Status{Ok{}}; },
        [&] {
            return p.description
                       ? check_text("description", *p.description, 0, limits::kDescriptionMax, TextShape::Lines)
                       : Status{Ok{}};
        },
        [&] { return p.venue ? check_text("venue", *p.venue, 0, limits::kVenueMax) : Status{Ok{}}; },
        [&] {
            return check_times(p.starts_at.value_or(current.starts_at), p.ends_at.value_or(current.ends_at));
        },
        [&] { return p.capacity ? check_capacity(*p.capacity) : Status{Ok{}}; });
}

Status validate_agenda_item(const AgendaItemInput& in) {
    return first_failure(
        [&] { return check_text("title", in.title, 1, limits::kTitleMax); },
        [&] { return check_text("reporting_unit", in.reporting_unit, 0, limits::kReportingUnitMax); },
        [&] { return check_text("summary", in.summary, 0, limits::kSummaryMax, TextShape::Lines); });
}

Status validate_agenda_patch(const AgendaItemPatch& p) {
    return first_failure(
        [&] { return p.title ? check_text("title", *p.title, 1, limits::kTitleMax) : Status{Ok{}}; },
        [&] {
            return p.reporting_unit ? check_text("reporting_unit", *p.reporting_unit, 0, limits::kReportingUnitMax)
                                    : Status{Ok{}};
        },
        [&] {
            return p.summary ? check_text("summary", *p.summary, 0, limits::kSummaryMax, TextShape::Lines) : Status{Ok{}};
        },
        [&] {
            return p.position && *p.position < 1
                       ? Status{make_error(ErrorCode::InvalidInput, "position must be 1 or more")}
                       : Status{Ok{}};
        });
}

}  // namespace openhall::core
