// Token buckets per key (a viewer, an address): `burst` at once, then one more every `refill`. Bounded: when it
// holds too many keys, the ones that are full again are forgotten (they would allow the same as a new key).
#pragma once

#include <chrono>
#include <string>
#include <unordered_map>

namespace openhall::gateway {

class RateLimiter {
public:
    using Clock = std::chrono::steady_clock;
    RateLimiter(double burst, std::chrono::milliseconds refill, std::size_t max_keys = 100000)
        : burst_(burst), refill_(refill), max_keys_(max_keys) {}

    // Takes one token for the key when it has one.
    bool allow(const std::string& key, Clock::time_point now = Clock::now());

private:
    struct Bucket {
        double tokens;
        Clock::time_point updated;
    };
    double level(const Bucket& b, Clock::time_point now) const;
    void forget_full(Clock::time_point now);

    double burst_;
    std::chrono::milliseconds refill_;
    std::size_t max_keys_;
    std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace openhall::gateway
