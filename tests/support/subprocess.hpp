// Child processes for tests: a command run to completion, or one left running (a publisher) and stopped.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <sys/types.h>

namespace openhall::testing {

struct CommandResult {
    int exit_code;
    std::string out;
    std::string err;
};

// Runs argv[0] (found on PATH) with standard input, waits, and returns the exit code and both outputs.
CommandResult run_command(const std::vector<std::string>& argv, const std::string& input = "");

class Subprocess {
public:
    // Starts argv[0] (found on PATH) with its output discarded.
    explicit Subprocess(const std::vector<std::string>& argv);
    ~Subprocess();
    Subprocess(const Subprocess&) = delete;
    Subprocess& operator=(const Subprocess&) = delete;

    // The exit code once it has ended within `timeout`, nullopt if it still runs.
    std::optional<int> wait_for(std::chrono::milliseconds timeout);
    void terminate();
    // SIGKILL, as a crash would: the process gets no chance to close its connections.
    void kill_hard();

private:
    pid_t pid_ = -1;
    std::optional<int> exit_code_;
};

// Polls `condition` every 100 ms until it is true or `timeout` passes; returns its last value.
template <typename Condition>
bool wait_until(std::chrono::milliseconds timeout, Condition condition) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!condition()) {
        if (std::chrono::steady_clock::now() >= deadline) return false;
        struct timespec pause {0, 100'000'000};
        nanosleep(&pause, nullptr);
    }
    return true;
}

// argv for posix_spawn: pointers into `args`, ending with a null.
std::vector<char*> argv_of(std::vector<std::string>& args);

// A UDP port that was free a moment ago on loopback (for an SRT listener); a TCP one likewise.
int free_udp_port();
int free_tcp_port();
// The first of two consecutive UDP ports that were free a moment ago (an event's SRT port and its interpreter's).
int free_udp_port_pair();
// Whether something listens on the loopback TCP port.
bool accepts_connections(int port);

}  // namespace openhall::testing
