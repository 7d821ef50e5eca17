// Runs the real `openhall serve` binary on loopback with ephemeral ports and a given data directory, or an
// `openhall gateway` beside it.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <sys/types.h>

#include "support/subprocess.hpp"

namespace openhall::testing {

class ServerProcess {
public:
    // Starts the server and waits (up to 20 s) for its "listening" line; throws when it does not come.
    explicit ServerProcess(std::filesystem::path data_dir, std::vector<std::string> extra_args = {});
    // `openhall gateway` with `args` (--redis URL, --server URL ...), logging into `log_dir`; waits for its
    // "listening ws://" line (ws_port()). http_port() is 0.
    static std::unique_ptr<ServerProcess> gateway(const std::filesystem::path& log_dir, std::vector<std::string> args);
    ~ServerProcess();
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    const std::string& base_url() const { return base_url_; }
    int http_port() const { return http_port_; }
    int ws_port() const { return ws_port_; }
    pid_t pid() const { return pid_; }

    // SIGTERM and wait for a clean exit; returns the exit status (as from waitpid).
    int stop();
    // SIGKILL, as a crash would.
    void kill_hard();

    // What the server wrote to standard error, for failure messages.
    std::string log() const;

private:
    ServerProcess() = default;
    void launch(std::vector<std::string> args, bool with_http);

    std::filesystem::path data_dir_;
    std::filesystem::path log_file_;
    pid_t pid_ = -1;
    int http_port_ = 0;
    int ws_port_ = 0;
    std::string base_url_;
};

// Runs the openhall binary with arguments and standard input; returns exit status and both outputs.
CommandResult run_openhall(const std::vector<std::string>& args, const std::string& input = "");

}  // namespace openhall::testing
