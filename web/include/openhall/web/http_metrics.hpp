// Request counts by route and status and a latency histogram, written in Prometheus text format.
#pragma once

#include <array>
#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <tuple>
#include <vector>

namespace openhall::web {

class HttpMetrics {
public:
    // Runs on the HTTP thread (the GLib main loop), like every other call here.
    void record(const std::string& method, const std::string& route, int status, std::chrono::duration<double> took);

    // Other components add their own lines (gauges such as events by status) at scrape time.
    void add_collector(std::function<void(std::string& out)> collector);

    std::string render() const;

private:
    static constexpr std::array<double, 11> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                       0.1,   0.25,   0.5,   1.0,  2.5};
    std::map<std::tuple<std::string, std::string, int>, std::uint64_t> requests_;
    std::array<std::uint64_t, kBuckets.size()> bucket_counts_{};
    std::uint64_t count_ = 0;
    double sum_seconds_ = 0;
    std::vector<std::function<void(std::string&)>> collectors_;
};

}  // namespace openhall::web
