#include <regex>

#include <fmt/format.h>

#include "openhall/admin/archive.hpp"
#include "openhall/admin/archive_routes.hpp"
#include "openhall/web/error_response.hpp"
#include "openhall/web/event_view.hpp"

namespace openhall::admin {
namespace {

using core::ErrorCode;
using web::error_response;
using web::Request;
using web::Response;

// Bundles the staff page makes: event-<id>-<UTC time>, so a name never reaches outside the exports folder.
const std::regex kBundleName(R"(event-[0-9]+-[0-9]{8}T[0-9]{6}Z\.tar\.gz)");

std::string compact_utc(core::Timestamp t) {
    auto text = core::format_rfc3339(t);  // 2026-12-07T01:00:00Z
    std::string out;
    for (char c : text)
        if (c != '-' && c != ':') out += c;
    return out;
}

}  // namespace

void add_archive_routes(web::Router& router, ArchiveRouteContext ctx) {
    router.add("POST", "/api/v1/events/{id}/export", [ctx](const Request& req) mutable {
        auto user = ctx.gate.require(req, core::Permission::ExportArchives);
        if (!user) return error_response(user.error());
        auto event = web::event_id_param(req);
        if (!event) return error_response(event.error());
        const auto name = fmt::format("event-{}-{}", event->value, compact_utc(ctx.clock.now()));
        auto result = export_event_archive(ctx.db, ctx.clock, ctx.zone.offset_function(),
                                           {*event, ctx.exports_dir / name, ctx.media_root, user->name});
        if (!result) return error_response(result.error());
        return Response::json(201, {{"files", result->files},
                                    {"folder", result->folder.string()},
                                    {"download_url", "/api/v1/exports/" + result->tarball.filename().string()}});
    });

    router.add("GET", "/api/v1/exports/{name}", [ctx](const Request& req) mutable {
        auto user = ctx.gate.require(req, core::Permission::ExportArchives);
        if (!user) return error_response(user.error());
        const auto& name = req.params.at("name");
        std::error_code ec;
        const auto file = ctx.exports_dir / name;
        if (!std::regex_match(name, kBundleName) || !std::filesystem::is_regular_file(file, ec))
            return error_response(ErrorCode::NotFound, "no such archive bundle");
        Response response;
        response.content_type = "application/gzip";
        response.file = web::FileBody{file, 0, std::filesystem::file_size(file)};
        return response.with_header("Content-Disposition", fmt::format("attachment; filename=\"{}\"", name));
    });
}

}  // namespace openhall::admin
