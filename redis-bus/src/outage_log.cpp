#include "openhall/redis_bus/outage_log.hpp"

#include <spdlog/spdlog.h>

namespace openhall::redis_bus {
namespace {

long long seconds_between(std::chrono::steady_clock::time_point from, std::chrono::steady_clock::time_point to) {
    return std::chrono::duration_cast<std::chrono::seconds>(to - from).count();
}

}  // namespace

OutageLog::OutageLog(std::string what, Clock now) : what_(std::move(what)), now_(std::move(now)) {}

void OutageLog::failed(std::string_view reason) {
    const auto now = now_();
    ++failures_;
    if (!began_) {
        began_ = now;
        last_line_ = now;
        spdlog::warn("{}: {}; trying again until Redis answers", what_, reason);
        return;
    }
    if (now - last_line_ < kRepeatEvery) return;
    last_line_ = now;
    spdlog::warn("{}: Redis still unavailable after {} s ({} tries): {}", what_, seconds_between(*began_, now),
                 failures_, reason);
}

void OutageLog::succeeded() {
    if (!began_) return;
    spdlog::info("{}: Redis answers again after {} s ({} failed tries)", what_, seconds_between(*began_, now_()),
                 failures_);
    began_.reset();
    failures_ = 0;
}

}  // namespace openhall::redis_bus
