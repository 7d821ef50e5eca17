// Counts attempts per key in a fixed time window; used to slow down password guessing per address.
#pragma once

#include <chrono>
#include <string>
#include <unordered_map>

#include "openhall/core/base/time.hpp"

namespace openhall::core {

class AttemptLimiter {
public:
    AttemptLimiter(const Clock& clock, int max_attempts, std::chrono::seconds window)
        : clock_(clock), max_attempts_(max_attempts), window_(window) {}

    // False once `max_attempts` were recorded for the key within the current window.
    bool allowed(const std::string& key);
    void record(const std::string& key);
    void clear(const std::string& key) { windows_.erase(key); }

private:
    struct Window {
        Timestamp started;
        int attempts = 0;
    };
    Window& current(const std::string& key);

    const Clock& clock_;
    int max_attempts_;
    std::chrono::seconds window_;
    std::unordered_map<std::string, Window> windows_;
};

}  // namespace openhall::core
