#include "support/nginx_process.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>

namespace openhall::testing {
namespace {

// The http-level parts a deployment writes in its site file (deploy/nginx/openhall-site.conf), here with the
// test's ports and folders; the locations are the repository's file, included as they are.
std::string configuration(const std::filesystem::path& dir, int port, int http_port, int ws_port) {
    return fmt::format(R"(daemon off;
master_process off;
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log info;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    proxy_cache_path {dir}/cache levels=1:2 keys_zone=openhall_media:1m max_size=64m inactive=1h use_temp_path=off;
    upstream openhall_http {{ server 127.0.0.1:{http_port}; keepalive 8; }}
    upstream openhall_ws {{ server 127.0.0.1:{ws_port}; }}
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        include {locations};
    }}
}}
)",
                       fmt::arg("dir", dir.string()), fmt::arg("port", port), fmt::arg("http_port", http_port),
                       fmt::arg("ws_port", ws_port),
                       fmt::arg("locations", OPENHALL_SOURCE_DIR "/deploy/nginx/openhall-locations.conf"));
}

}  // namespace

NginxProcess::NginxProcess(int http_port, int ws_port) {
    const auto conf = dir_.path() / "nginx.conf";
    // A free port can be taken by another process between the check and nginx's bind: then try another.
    for (int attempt = 0; attempt < 5 && !process_; ++attempt) {
        port_ = free_tcp_port();
        std::ofstream(conf) << configuration(dir_.path(), port_, http_port, ws_port);
        auto started = std::make_unique<Subprocess>(std::vector<std::string>{
            "/usr/sbin/nginx", "-p", dir_.path().string(), "-e", (dir_.path() / "error.log").string(), "-c",
            conf.string()});
        if (wait_until(std::chrono::seconds(10), [&] { return accepts_connections(port_) || started->wait_for({}).has_value(); }) &&
            accepts_connections(port_))
            process_ = std::move(started);
    }
    if (!process_) throw std::runtime_error("nginx did not start: " + log());
}

NginxProcess::~NginxProcess() {
    if (process_) process_->terminate();
}

std::string NginxProcess::log() const {
    std::ifstream in(dir_.path() / "error.log");
    std::stringstream out;
    out << in.rdbuf();
    return out.str();
}

}  // namespace openhall::testing
