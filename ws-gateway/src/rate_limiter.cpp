#include "openhall/gateway/rate_limiter.hpp"

#include <algorithm>

namespace openhall::gateway {

double RateLimiter::level(const Bucket& b, Clock::time_point now) const {
    const double gained = std::chrono::duration<double>(now - b.updated) / std::chrono::duration<double>(refill_);
    return std::min(burst_, b.tokens + gained);
}

void RateLimiter::forget_full(Clock::time_point now) {
    std::erase_if(buckets_, [&](const auto& entry) { return level(entry.second, now) >= burst_; });
}

bool RateLimiter::allow(const std::string& key, Clock::time_point now) {
    auto it = buckets_.find(key);
    if (it == buckets_.end()) {
        if (buckets_.size() >= max_keys_) forget_full(now);
        it = buckets_.emplace(key, Bucket{burst_, now}).first;
    }
    Bucket& b = it->second;
    b.tokens = level(b, now);
    b.updated = now;
    if (b.tokens < 1.0) return false;
    b.tokens -= 1.0;
    return true;
}

}  // namespace openhall::gateway
