// The API form of an event: the core JSON plus its stream URLs, chapters, page links and the statuses it may
// move to.
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "openhall/core/base/result.hpp"
#include "openhall/core/base/time.hpp"
#include "openhall/core/events/chapters.hpp"
#include "openhall/core/events/event.hpp"
#include "openhall/core/events/event_repository.hpp"
#include "openhall/web/http_types.hpp"

namespace openhall::web {

// `stream` is the event's media URLs (MediaLibrary::stream_urls); `chapters` its agenda marks.
nlohmann::json event_view(const core::Event& event, const core::UtcOffsetAt& offset_at, nlohmann::json stream,
                          const std::vector<core::Chapter>& chapters);

// Reads {id} from the route; NotFound when it is not a positive integer.
core::Result<core::EventId> event_id_param(const Request& request);

// The list filter from ?kind=&status=&from=&to= (InvalidInput naming a bad parameter).
core::Result<core::EventFilter> event_filter_from(const Request& request);

}  // namespace openhall::web
