// The staff button for the archive: POST /api/v1/events/{id}/export writes a bundle under <data>/exports and
// GET /api/v1/exports/{name} downloads its tar.gz (admin).
#pragma once

#include <filesystem>

#include "openhall/core/store/database.hpp"
#include "openhall/web/display_zone.hpp"
#include "openhall/web/router.hpp"
#include "openhall/web/staff_gate.hpp"

namespace openhall::admin {

struct ArchiveRouteContext {
    core::Database& db;
    const core::Clock& clock;
    const web::DisplayZone& zone;
    web::StaffGate& gate;
    std::filesystem::path media_root;
    std::filesystem::path exports_dir;
};

void add_archive_routes(web::Router& router, ArchiveRouteContext context);

}  // namespace openhall::admin
