#include "serve.hpp"

#include <csignal>
#include <iostream>

#include <glib-unix.h>
#include <glib.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "openhall/admin/demo_content.hpp"
#include "openhall/admin/staff_routes.hpp"
#include "openhall/core/auth_service.hpp"
#include "openhall/core/database.hpp"
#include "openhall/core/event_service.hpp"
#include "openhall/streamer/stream_manager.hpp"
#include "openhall/web/display_zone.hpp"
#include "openhall/web/http_server.hpp"
#include "openhall/web/public_routes.hpp"

namespace openhall::app {
namespace {

// The pages are installed beside the binary: build/bin/openhall → build/share/openhall/www.
std::filesystem::path default_www_dir() {
    std::error_code ec;
    auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec) return "share/openhall/www";
    return exe.parent_path().parent_path() / "share" / "openhall" / "www";
}

gboolean quit_loop(gpointer loop) {
    spdlog::info("signal received, shutting down");
    g_main_loop_quit(static_cast<GMainLoop*>(loop));
    return G_SOURCE_REMOVE;
}

struct MainLoopUnref {
    void operator()(GMainLoop* loop) const { g_main_loop_unref(loop); }
};

}  // namespace

int serve(const admin::ServeOptions& options) {
    // Logs go to standard error; standard output carries only the "listening" line scripts wait for.
    spdlog::set_default_logger(spdlog::stderr_color_mt("openhall"));

    std::filesystem::create_directories(options.data_dir);
    core::Database db(options.data_dir / "openhall.db");
    if (int applied = db.migrate(); applied > 0) spdlog::info("applied {} migration(s)", applied);

    core::SystemClock clock;
    const web::DisplayZone zone(options.time_zone);
    const core::SessionSettings session_settings;
    core::AuthService auth(db, clock, session_settings);
    core::EventService events(db, clock);
    const web::MediaLibrary media(options.data_dir / "media");
    // The stream manager watches status changes from here on: the demo's live event starts streaming at once.
    streamer::StreamManager streams(db, events, options.data_dir / "media");
    if (options.demo && admin::seed_demo_content(events, db, clock, zone.offset_at(clock.now())))
        spdlog::info("seeded the demo content");
    streams.resume_live_events();

    const web::StaticFiles files(options.www_dir.empty() ? default_www_dir() : options.www_dir);
    web::StaffGate gate(auth);
    web::HttpMetrics metrics;
    web::Router router;
    web::add_public_routes(router, {events, gate, zone, clock, files, metrics, media});
    metrics.add_collector([&streams](std::string& out) { streams.collect_metrics(out); });
    const admin::StaffContext staff{auth,
                                    events,
                                    gate,
                                    zone,
                                    files,
                                    clock,
                                    media,
                                    {options.srt_port_first, options.srt_port_last},
                                    session_settings.lifetime,
                                    options.secure_cookies,
                                    [&streams](core::EventId event) { return streams.health_json(event); }};
    admin::add_session_routes(router, staff);
    admin::add_scheduling_routes(router, staff);
    admin::add_staff_pages(router, staff);

    // Signals are routed to the loop before the "listening" line, so a SIGTERM right after it stops cleanly.
    std::unique_ptr<GMainLoop, MainLoopUnref> loop(g_main_loop_new(nullptr, FALSE));
    g_unix_signal_add(SIGINT, quit_loop, loop.get());
    g_unix_signal_add(SIGTERM, quit_loop, loop.get());

    web::HttpServer http(router, metrics);
    const int http_port = http.listen(options.host, options.http_port);
    std::cout << "listening http://" << options.host << ":" << http_port << std::endl;
    spdlog::info("OpenHall serving {} on http://{}:{} (pages from {})", options.data_dir.string(), options.host,
                 http_port, files.root().string());

    g_main_loop_run(loop.get());

    http.stop();
    streams.shutdown();
    spdlog::info("stopped");
    return 0;
}

}  // namespace openhall::app
