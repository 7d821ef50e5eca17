// The staff API (sessions, scheduling) and the staff pages, registered on the shared router.
#pragma once

#include <functional>

#include <nlohmann/json.hpp>

#include "openhall/core/accounts/auth_service.hpp"
#include "openhall/core/events/event_service.hpp"
#include "openhall/core/events/stream_config.hpp"
#include "openhall/web/display_zone.hpp"
#include "openhall/web/media_library.hpp"
#include "openhall/web/router.hpp"
#include "openhall/web/staff_gate.hpp"
#include "openhall/web/static_files.hpp"

namespace openhall::admin {

struct StaffContext {
    core::AuthService& auth;
    core::EventService& events;
    web::StaffGate& gate;
    const web::DisplayZone& zone;
    const web::StaticFiles& files;
    const core::Clock& clock;
    const web::MediaLibrary& media;
    core::PortRange srt_ports;
    std::chrono::seconds session_lifetime;
    bool secure_cookies = false;  // set behind HTTPS
    // The live pipeline's health for the staff page (null when the event is not streaming).
    std::function<nlohmann::json(core::EventId)> stream_health = [](core::EventId) { return nlohmann::json(); };
    // The recording after the event: {"state","mp4","poster","error"} (see StreamManager::recording_json).
    std::function<nlohmann::json(core::EventId)> recording_status = [](core::EventId) { return nlohmann::json(); };
    // Writes the MP4 and the poster again after a failure; Conflict when it cannot now.
    std::function<core::Status(core::EventId)> finish_recording = [](core::EventId) { return core::Status{core::Ok{}}; };
};

void add_session_routes(web::Router& router, StaffContext context);
void add_scheduling_routes(web::Router& router, StaffContext context);
void add_staff_pages(web::Router& router, StaffContext context);

}  // namespace openhall::admin
