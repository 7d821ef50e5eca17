// A lottery's result as JSON, the same for the public result and for the scheduler who drew it: the seed, when it
// was announced and drawn, the seats, and the drawn registrations in order (their statements and contacts left
// out). The draw's rule is in docs/registration.md.
#pragma once

#include <nlohmann/json.hpp>

#include "openhall/core/attendance/registration_service.hpp"
#include "openhall/core/base/time.hpp"

namespace openhall::web {

// `offset_at` gives the display zone's UTC offset for an instant (times are written in RFC 3339 with it).
nlohmann::json lottery_json(const core::LotteryResult& result, const core::RegistrationSettings& settings,
                            const core::UtcOffsetAt& offset_at);

}  // namespace openhall::web
