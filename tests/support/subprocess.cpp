#include "support/subprocess.hpp"

#include <stdexcept>

#include <fcntl.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char** environ;

namespace openhall::testing {
std::vector<char*> argv_of(std::vector<std::string>& args) {
    std::vector<char*> out;
    for (auto& a : args) out.push_back(a.data());
    out.push_back(nullptr);
    return out;
}

namespace {

int exit_code_of(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status); }

std::string drain(int fd) {
    std::string s;
    char buf[4096];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0) s.append(buf, static_cast<std::size_t>(n));
    close(fd);
    return s;
}

}  // namespace

CommandResult run_command(const std::vector<std::string>& argv, const std::string& input) {
    std::vector<std::string> args = argv;
    int in_pipe[2], out_pipe[2], err_pipe[2];
    if (pipe(in_pipe) || pipe(out_pipe) || pipe(err_pipe)) throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in_pipe[0], STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, err_pipe[1], STDERR_FILENO);
    for (int fd : {in_pipe[1], out_pipe[0], err_pipe[0]}) posix_spawn_file_actions_addclose(&actions, fd);
    auto raw = argv_of(args);
    pid_t pid;
    const int rc = posix_spawnp(&pid, args[0].c_str(), &actions, nullptr, raw.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(in_pipe[0]);
    close(out_pipe[1]);
    close(err_pipe[1]);
    if (rc != 0) throw std::runtime_error("cannot start " + args[0]);
    (void)!write(in_pipe[1], input.data(), input.size());
    close(in_pipe[1]);
    // Outputs of these commands are small; reading one after the other cannot fill the other pipe.
    CommandResult result{0, drain(out_pipe[0]), drain(err_pipe[0])};
    int status = 0;
    waitpid(pid, &status, 0);
    result.exit_code = exit_code_of(status);
    return result;
}

Subprocess::Subprocess(const std::vector<std::string>& argv) {
    std::vector<std::string> args = argv;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    auto raw = argv_of(args);
    const int rc = posix_spawnp(&pid_, args[0].c_str(), &actions, nullptr, raw.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw std::runtime_error("cannot start " + args[0]);
}

Subprocess::~Subprocess() { terminate(); }

std::optional<int> Subprocess::wait_for(std::chrono::milliseconds timeout) {
    if (exit_code_) return exit_code_;
    int status = 0;
    wait_until(timeout, [&] {
        if (waitpid(pid_, &status, WNOHANG) != pid_) return false;
        exit_code_ = exit_code_of(status);
        return true;
    });
    return exit_code_;
}

void Subprocess::terminate() {
    if (exit_code_ || pid_ <= 0) return;
    kill(pid_, SIGTERM);
    if (!wait_for(std::chrono::seconds{5})) {
        kill(pid_, SIGKILL);
        int status = 0;
        waitpid(pid_, &status, 0);
        exit_code_ = exit_code_of(status);
    }
}

void Subprocess::kill_hard() {
    if (exit_code_ || pid_ <= 0) return;
    kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
    exit_code_ = exit_code_of(status);
}

namespace {

int bind_port(int type, int port, int& fd) {
    fd = socket(AF_INET, type, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) return 0;
    socklen_t length = sizeof address;
    getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    return ntohs(address.sin_port);
}

int free_port(int type) {
    int fd = socket(AF_INET, type, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    socklen_t length = sizeof address;
    getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    close(fd);
    return ntohs(address.sin_port);
}

}  // namespace

int free_udp_port() { return free_port(SOCK_DGRAM); }

int free_udp_port_pair() {
    for (;;) {
        int first_fd = -1, second_fd = -1;
        const int first = bind_port(SOCK_DGRAM, 0, first_fd);
        const bool pair = first > 0 && first < 65535 && bind_port(SOCK_DGRAM, first + 1, second_fd) == first + 1;
        close(first_fd);
        close(second_fd);
        if (pair) return first;
    }
}
int free_tcp_port() { return free_port(SOCK_STREAM); }

bool accepts_connections(int port) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    const bool connected = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    close(fd);
    return connected;
}

}  // namespace openhall::testing
