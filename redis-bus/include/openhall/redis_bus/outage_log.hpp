// How a loop that retries Redis reports an outage: one warning when it begins, one every half minute while it
// lasts (with how long and how many tries), one line when Redis answers again. Without it each retry logged a
// line (the relay's and the gateways' loops retry every 300 to 500 ms: 61 lines in ten seconds of outage).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace openhall::redis_bus {

class OutageLog {
public:
    using Clock = std::function<std::chrono::steady_clock::time_point()>;
    static constexpr std::chrono::seconds kRepeatEvery{30};

    // `what` names the loop in each line ("relay: publishing"). `now` is for tests.
    explicit OutageLog(std::string what, Clock now = std::chrono::steady_clock::now);

    // A try failed with `reason` (RedisUnavailable's text). Logs a warning on the first failure and when
    // kRepeatEvery has passed since the last line; otherwise only counts. The loop's own thread.
    void failed(std::string_view reason);
    // A try succeeded: logs once how long Redis was away, if it was. Cheap when there was no outage.
    void succeeded();

private:
    std::string what_;
    Clock now_;
    std::optional<std::chrono::steady_clock::time_point> began_;
    std::chrono::steady_clock::time_point last_line_{};
    std::uint64_t failures_ = 0;
};

}  // namespace openhall::redis_bus
