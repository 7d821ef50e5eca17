// Names the calling thread as `top -H`, `ps -L`, perf and /proc/PID/task/TID/comm show it ("oh-writer").
#pragma once

#include <string_view>

namespace openhall::core {

// Linux keeps at most 15 bytes: a longer name is cut. The calling thread only; never fails (a name is a help).
void name_this_thread(std::string_view name);

}  // namespace openhall::core
