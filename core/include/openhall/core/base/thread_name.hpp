// Names threads as `top -H`, `ps -L`, perf and /proc/PID/task/TID/comm show them ("oh-writer").
#pragma once

#include <string>
#include <string_view>
#include <thread>
#include <utility>

namespace openhall::core {

// Linux keeps at most 15 bytes: a longer name is cut. The calling thread only; never fails (a name is a help).
void name_this_thread(std::string_view name);

// A thread that names itself `name` and then runs `body`.
template <class Body>
std::thread named_thread(std::string_view name, Body body) {
    return std::thread([name = std::string(name), body = std::move(body)]() mutable {
        name_this_thread(name);
        body();
    });
}

}  // namespace openhall::core
