#include "support/redis_process.hpp"

#include <stdexcept>

namespace openhall::testing {

RedisProcess::RedisProcess() {
    port_ = free_tcp_port();
    start();
}

RedisProcess::~RedisProcess() { stop(); }

void RedisProcess::start() {
    process_ = std::make_unique<Subprocess>(std::vector<std::string>{
        "/usr/bin/redis-server", "--port", std::to_string(port_), "--bind", "127.0.0.1", "--dir",
        dir_.path().string(), "--appendonly", "yes", "--appendfsync", "always", "--save", "", "--daemonize", "no",
        "--logfile", (dir_.path() / "redis.log").string()});
    if (!wait_until(std::chrono::seconds(10), [&] { return cli({"PING"}) == "PONG"; }))
        throw std::runtime_error("redis-server did not start on port " + std::to_string(port_));
}

void RedisProcess::stop() {
    if (process_) process_->terminate();
    process_.reset();
}

void RedisProcess::kill_hard() {
    if (process_) process_->kill_hard();
    process_.reset();
}

std::string RedisProcess::cli(const std::vector<std::string>& args) const {
    std::vector<std::string> argv{"redis-cli", "-h", "127.0.0.1", "-p", std::to_string(port_)};
    argv.insert(argv.end(), args.begin(), args.end());
    auto r = run_command(argv);
    auto out = r.out;
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
    return r.exit_code == 0 && out.find("Could not connect") == std::string::npos ? out : "";
}

}  // namespace openhall::testing
