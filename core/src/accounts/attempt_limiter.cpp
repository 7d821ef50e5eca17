#include "openhall/core/accounts/attempt_limiter.hpp"

namespace openhall::core {

AttemptLimiter::Window& AttemptLimiter::current(const std::string& key) {
    const auto now = clock_.now();
    // Bound the memory an attacker with many addresses can cost us: forget finished windows.
    if (windows_.size() > 10000)
        std::erase_if(windows_, [&](const auto& entry) { return entry.second.started + window_ <= now; });
    auto& w = windows_[key];
    if (w.attempts == 0 || w.started + window_ <= now) w = Window{now, 0};
    return w;
}

bool AttemptLimiter::allowed(const std::string& key) { return current(key).attempts < max_attempts_; }

void AttemptLimiter::record(const std::string& key) { ++current(key).attempts; }

}  // namespace openhall::core
