// A lottery's result as JSON, the same for the public result and for the scheduler who drew it: the seed, when it
// was announced and drawn, the seats, and the drawn registrations in order (their statements and contacts left
// out). The draw's rule is in docs/registration.md.
#pragma once

#include <optional>

#include <nlohmann/json.hpp>

#include "openhall/core/attendance/registration_service.hpp"
#include "openhall/core/base/time.hpp"

namespace openhall::web {

// An instant as RFC 3339 in the display zone (`offset_at` gives its UTC offset), or null when there is none: the
// registration window's and the lottery's times.
nlohmann::json time_or_null(const std::optional<core::Timestamp>& t, const core::UtcOffsetAt& offset_at);

// `offset_at` gives the display zone's UTC offset for an instant (times are written in RFC 3339 with it).
nlohmann::json lottery_json(const core::LotteryResult& result, const core::RegistrationSettings& settings,
                            const core::UtcOffsetAt& offset_at);

}  // namespace openhall::web
