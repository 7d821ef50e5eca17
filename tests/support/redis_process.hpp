// Debian's redis-server on loopback for a test: its own folder, a free port, the append-only file with
// appendfsync always (what docs/deployment.md prescribes), no snapshots. Stopped, killed and started again on
// the same folder and port, as the fault tests need.
#pragma once

#include <memory>
#include <string>

#include "support/subprocess.hpp"
#include "support/temp_dir.hpp"

namespace openhall::testing {

class RedisProcess {
public:
    // Starts it and waits (up to 10 s) until it answers PING; throws otherwise.
    RedisProcess();
    ~RedisProcess();
    RedisProcess(const RedisProcess&) = delete;
    RedisProcess& operator=(const RedisProcess&) = delete;

    int port() const { return port_; }
    std::string url() const { return "redis://127.0.0.1:" + std::to_string(port_); }

    void stop();       // SHUTDOWN as an operator would (SIGTERM)
    void kill_hard();  // SIGKILL: what it holds is only what its append-only file holds
    void start();      // again, on the same folder and port: it loads its append-only file
    // A command through redis-cli, its output trimmed ("" when Redis is down).
    std::string cli(const std::vector<std::string>& args) const;

private:
    TempDir dir_;
    int port_ = 0;
    std::unique_ptr<Subprocess> process_;
};

}  // namespace openhall::testing
