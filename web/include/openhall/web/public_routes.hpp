// The public routes: events, calendars, health and metrics, and the public pages.
#pragma once

#include <string>

#include "openhall/core/events/event_service.hpp"
#include "openhall/web/display_zone.hpp"
#include "openhall/web/http_metrics.hpp"
#include "openhall/web/media_library.hpp"
#include "openhall/web/router.hpp"
#include "openhall/web/staff_gate.hpp"
#include "openhall/web/static_files.hpp"

namespace openhall::web {

struct PublicContext {
    core::EventService& events;
    StaffGate& gate;
    const DisplayZone& zone;
    const core::Clock& clock;
    const StaticFiles& files;
    HttpMetrics& metrics;
    const MediaLibrary& media;
    // Where pages open the live WebSocket: a configured public URL (behind a proxy), else the gateway's port on
    // the page's own host.
    std::string websocket_url;
    int websocket_port = 0;
};

void add_public_routes(Router& router, PublicContext context);

}  // namespace openhall::web
