// Debian's nginx on loopback in front of a test's server, with the repository's own locations
// (deploy/nginx/openhall-locations.conf) and a media cache in a temporary folder. Single process, no daemon.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "support/subprocess.hpp"
#include "support/temp_dir.hpp"

namespace openhall::testing {

class NginxProcess {
public:
    // Proxies to the server's HTTP port and the gateway's WebSocket port on 127.0.0.1; listens on a free
    // loopback port. Waits (up to 10 s) until it accepts connections; throws with nginx's error log otherwise.
    NginxProcess(int http_port, int ws_port);
    ~NginxProcess();
    NginxProcess(const NginxProcess&) = delete;
    NginxProcess& operator=(const NginxProcess&) = delete;

    int port() const { return port_; }
    std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    // nginx's error log, for failure messages.
    std::string log() const;

private:
    TempDir dir_;
    int port_ = 0;
    std::unique_ptr<Subprocess> process_;
};

}  // namespace openhall::testing
