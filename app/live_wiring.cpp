#include "live_wiring.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>

#include <spdlog/spdlog.h>

namespace openhall::app {

gateway::GatewaySettings gateway_settings(const admin::ServeOptions& options) {
    gateway::GatewaySettings settings;
    settings.host = options.host;
    settings.port = options.ws_port;
    settings.origins = options.origins;
    settings.ask_burst = options.viewer_ask_burst;
    settings.address_burst = options.address_ask_burst;
    settings.ping_after_idle_s = static_cast<std::uint16_t>(options.ping_after_idle_s);
    settings.hangup_after_idle_s = static_cast<std::uint16_t>(options.hangup_after_idle_s);
    settings.room.ask_after_end = std::chrono::minutes{options.ask_after_end_minutes};
    return settings;
}

redis_bus::RedisBusSettings redis_settings(const admin::ServeOptions& options) {
    redis_bus::RedisBusSettings settings;
    settings.redis = redis_bus::RedisAddress::parse(options.redis_url);
    settings.server_url = options.server_url;
    settings.replicas = options.redis_replicas;
    return settings;
}

std::string gateway_id() {
    char host[256] = {};
    gethostname(host, sizeof host - 1);
    return std::string(host) + ":" + std::to_string(getpid());
}

std::uint64_t raise_open_file_limit() {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 0;
    // Capped: libwebsockets sizes (and zeroes) its tables of sockets by this limit, and some systems allow 2^30.
    constexpr rlim_t kEnough = 1 << 20;
    const rlim_t wanted = std::min<rlim_t>(limit.rlim_max, kEnough);
    if (limit.rlim_cur < wanted) {
        const auto soft = limit.rlim_cur;
        limit.rlim_cur = wanted;
        if (setrlimit(RLIMIT_NOFILE, &limit) != 0) limit.rlim_cur = soft;
    }
    spdlog::info("open files: up to {} (about as many viewers)", static_cast<std::uint64_t>(limit.rlim_cur));
    return limit.rlim_cur;
}

core::SensitiveWords sensitive_words(const admin::ServeOptions& options) {
    return options.sensitive_words.empty() ? core::SensitiveWords({})
                                           : core::SensitiveWords::from_file(options.sensitive_words);
}

gboolean quit_loop(gpointer loop) {
    spdlog::info("signal received, shutting down");
    g_main_loop_quit(static_cast<GMainLoop*>(loop));
    return G_SOURCE_REMOVE;
}

}  // namespace openhall::app
