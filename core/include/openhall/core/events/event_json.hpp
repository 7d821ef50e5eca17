// The JSON form of events and agenda items, shared by the API and the audit log.
#pragma once

#include <nlohmann/json.hpp>

#include "openhall/core/base/time.hpp"
#include "openhall/core/events/event.hpp"

namespace openhall::core {

// Times are written with the offset the function gives for each instant (UTC when none is given).
nlohmann::json to_json(const AgendaItem& item);
nlohmann::json to_json(const Event& event, const UtcOffsetAt& offset_at = {});

}  // namespace openhall::core
