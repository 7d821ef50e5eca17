#include "gateway_process.hpp"

#include <csignal>
#include <iostream>
#include <memory>

#include <glib-unix.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "live_wiring.hpp"
#include "openhall/web/display_zone.hpp"

namespace openhall::app {

int run_gateway(const admin::ServeOptions& options) {
    // Logs go to standard error; standard output carries only the "listening" line scripts wait for.
    spdlog::set_default_logger(spdlog::stderr_color_mt("openhall-gateway"));
    raise_open_file_limit();
    const auto words = sensitive_words(options);
    const web::DisplayZone zone(options.time_zone);
    const auto id = gateway_id();
    redis_bus::RedisQuestionBus bus(redis_settings(options), id);
    if (!bus.wait_until_following(std::chrono::seconds{5}))
        spdlog::warn("Redis at {} does not answer yet; rooms open once it does", options.redis_url);
    gateway::Gateway live(bus, words, zone.offset_function(), gateway_settings(options));
    const int ws_port = live.start();

    std::unique_ptr<GMainLoop, MainLoopUnref> loop(g_main_loop_new(nullptr, FALSE));
    g_unix_signal_add(SIGINT, quit_loop, loop.get());
    g_unix_signal_add(SIGTERM, quit_loop, loop.get());
    std::cout << "listening ws://" << options.host << ":" << ws_port << std::endl;
    spdlog::info("gateway {} holding viewers on ws://{}:{}, questions through {}", id, options.host, ws_port,
                 options.redis_url);
    g_main_loop_run(loop.get());
    live.stop();
    bus.stop();  // while the gateway it answers still exists (its answers are then dropped)
    spdlog::info("stopped");
    return 0;
}

}  // namespace openhall::app
