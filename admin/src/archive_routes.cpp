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

// Bundles the staff page makes are named event-<id>-<YYYYMMDD>T<HHMMSS>Z.tar.gz; only such a name is served, so a
// request never reaches outside the exports folder.
bool is_bundle_name(std::string_view name) {
    constexpr std::string_view prefix = "event-", suffix = "Z.tar.gz";
    if (!name.starts_with(prefix) || !name.ends_with(suffix)) return false;
    const auto middle = name.substr(prefix.size(), name.size() - prefix.size() - suffix.size());  // <id>-<date>T<time>
    const auto dash = middle.find('-');
    if (dash == 0 || dash == std::string_view::npos || middle.size() - dash - 1 != 15 || middle[dash + 9] != 'T') return false;
    for (std::size_t i = 0; i < middle.size(); ++i)
        if (i != dash && i != dash + 9 && (middle[i] < '0' || middle[i] > '9')) return false;
    return true;
}

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
        if (!is_bundle_name(name) || !std::filesystem::is_regular_file(file, ec))
            return error_response(ErrorCode::NotFound, "no such archive bundle");
        Response response;
        response.content_type = "application/gzip";
        response.file = web::FileBody{file, 0, std::filesystem::file_size(file)};
        return response.with_header("Content-Disposition", fmt::format("attachment; filename=\"{}\"", name));
    });
}

}  // namespace openhall::admin
