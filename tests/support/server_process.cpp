#include "support/server_process.hpp"

#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace openhall::testing {
namespace {

// Reads one line from fd within the deadline (empty on timeout or end of file).
std::string read_line(int fd, std::chrono::milliseconds timeout) {
    std::string line;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        pollfd p{fd, POLLIN, 0};
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (poll(&p, 1, static_cast<int>(std::max<long>(left.count(), 1))) <= 0) continue;
        char c;
        if (read(fd, &c, 1) != 1) break;
        if (c == '\n') return line;
        line += c;
    }
    return {};
}

bool wait_for_exit(pid_t pid, int& status, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (waitpid(pid, &status, WNOHANG) == pid) return true;
        usleep(10'000);
    }
    return false;
}

}  // namespace

ServerProcess::ServerProcess(std::filesystem::path data_dir, std::vector<std::string> extra_args)
    : data_dir_(std::move(data_dir)), log_file_(data_dir_ / "server.log") {
    std::filesystem::create_directories(data_dir_);
    std::vector<std::string> args{OPENHALL_BINARY, "serve",       "--data",    data_dir_.string(), "--host",
                                  "127.0.0.1",     "--http-port", "0",         "--ws-port",        "0"};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    launch(args, true);
}

std::unique_ptr<ServerProcess> ServerProcess::gateway(const std::filesystem::path& log_dir, std::vector<std::string> args) {
    std::unique_ptr<ServerProcess> gateway(new ServerProcess());
    gateway->data_dir_ = log_dir;
    std::filesystem::create_directories(log_dir);
    for (int n = 1;; ++n) {
        gateway->log_file_ = log_dir / ("gateway-" + std::to_string(n) + ".log");
        if (!std::filesystem::exists(gateway->log_file_)) break;
    }
    std::vector<std::string> all{OPENHALL_BINARY, "gateway", "--host", "127.0.0.1", "--ws-port", "0"};
    all.insert(all.end(), args.begin(), args.end());
    gateway->launch(all, false);
    return gateway;
}

void ServerProcess::launch(std::vector<std::string> args, bool with_http) {
    int out_pipe[2];
    if (pipe(out_pipe) != 0) throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, out_pipe[0]);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, log_file_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    auto argv = argv_of(args);
    const int rc = posix_spawn(&pid_, args[0].c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(out_pipe[1]);
    if (rc != 0) {
        close(out_pipe[0]);
        throw std::runtime_error("cannot start " + args[0]);
    }
    // Sanitizer builds start slowly; 20 s is generous and only reached on failure.
    const auto line = with_http ? read_line(out_pipe[0], std::chrono::seconds{20}) : std::string("listening http://:0");
    const auto ws_line = read_line(out_pipe[0], std::chrono::seconds{with_http ? 5 : 20});
    close(out_pipe[0]);
    const auto colon = line.rfind(':');
    const auto ws_colon = ws_line.rfind(':');
    if (line.rfind("listening http://", 0) != 0 || colon == std::string::npos ||
        ws_line.rfind("listening ws://", 0) != 0 || ws_colon == std::string::npos) {
        kill_hard();
        throw std::runtime_error(std::string(with_http ? "the server" : "the gateway") + " did not start; its log:\n" + log());
    }
    http_port_ = std::stoi(line.substr(colon + 1));
    ws_port_ = std::stoi(ws_line.substr(ws_colon + 1));
    base_url_ = "http://127.0.0.1:" + std::to_string(http_port_);
}

ServerProcess::~ServerProcess() {
    if (pid_ > 0) stop();
}

int ServerProcess::stop() {
    if (pid_ <= 0) return 0;
    int status = 0;
    kill(pid_, SIGTERM);
    if (!wait_for_exit(pid_, status, std::chrono::seconds{20})) {
        kill(pid_, SIGKILL);
        waitpid(pid_, &status, 0);
    }
    pid_ = -1;
    return status;
}

void ServerProcess::kill_hard() {
    if (pid_ <= 0) return;
    kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
}

std::string ServerProcess::log() const {
    std::ifstream in(log_file_);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

CommandResult run_openhall(const std::vector<std::string>& args, const std::string& input) {
    std::vector<std::string> all{OPENHALL_BINARY};
    all.insert(all.end(), args.begin(), args.end());
    return run_command(all, input);
}

}  // namespace openhall::testing
