// The JSON forms of an interpretation: the public one (the public version, no drafts, a withdrawn text without
// its body) and the staff one (the latest version, the approval state and the reviews).
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "openhall/core/after_meeting/interpretation.hpp"

namespace openhall::web {

// The event page at a moment of the recording.
std::string replay_url(core::EventId event, double offset_s);
std::string interpretation_url(core::InterpretationId id);

nlohmann::json public_interpretation_view(const core::Interpretation& i, const core::InterpretationVersion& shown,
                                          const core::UtcOffsetAt& offset_at, core::Timestamp now);
nlohmann::json staff_interpretation_view(const core::Interpretation& i, const core::InterpretationVersion& head,
                                         const std::vector<core::Review>& reviews, const core::UtcOffsetAt& offset_at,
                                         core::Timestamp now);

}  // namespace openhall::web
