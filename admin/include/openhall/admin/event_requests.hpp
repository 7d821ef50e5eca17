// Turns staff JSON bodies into core inputs; unknown fields and wrong types are refused with the field named.
#pragma once

#include <nlohmann/json.hpp>

#include "openhall/core/base/result.hpp"
#include "openhall/core/events/event.hpp"

namespace openhall::admin {

core::Result<core::EventDraft> event_draft_from(const nlohmann::json& body);
core::Result<core::EventPatch> event_patch_from(const nlohmann::json& body);
core::Result<core::AgendaItemInput> agenda_item_from(const nlohmann::json& body);
core::Result<core::AgendaItemPatch> agenda_patch_from(const nlohmann::json& body);

}  // namespace openhall::admin
