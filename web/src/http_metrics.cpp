#include "openhall/web/http_metrics.hpp"

#include <fmt/format.h>

namespace openhall::web {
namespace {

// Label values are route patterns and methods we chose, but escape anyway as the format requires.
std::string label(std::string_view value) {
    std::string out;
    for (char c : value) {
        if (c == '\\' || c == '"') out += '\\';
        if (c == '\n') { out += "\\n"; continue; }
        out += c;
    }
    return out;
}

}  // namespace

void HttpMetrics::record(const std::string& method, const std::string& route, int status,
                         std::chrono::duration<double> took) {
    ++requests_[{method, route, status}];
    const double seconds = took.count();
    for (std::size_t i = 0; i < kBuckets.size(); ++i)
        if (seconds <= kBuckets[i]) ++bucket_counts_[i];
    ++count_;
    sum_seconds_ += seconds;
}

void HttpMetrics::add_collector(std::function<void(std::string&)> collector) {
    collectors_.push_back(std::move(collector));
}

std::string HttpMetrics::render() const {
    std::string out;
    out += "# HELP openhall_http_requests_total HTTP requests by method, route and status.\n";
    out += "# TYPE openhall_http_requests_total counter\n";
    for (const auto& [key, n] : requests_) {
        const auto& [method, route, status] = key;
        out += fmt::format("openhall_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{}\"}} {}\n",
                           label(method), label(route), status, n);
    }
    out += "# HELP openhall_http_request_duration_seconds Time to handle an HTTP request.\n";
    out += "# TYPE openhall_http_request_duration_seconds histogram\n";
    for (std::size_t i = 0; i < kBuckets.size(); ++i)
        out += fmt::format("openhall_http_request_duration_seconds_bucket{{le=\"{}\"}} {}\n", kBuckets[i],
                           bucket_counts_[i]);
    out += fmt::format("openhall_http_request_duration_seconds_bucket{{le=\"+Inf\"}} {}\n", count_);
    out += fmt::format("openhall_http_request_duration_seconds_sum {}\n", sum_seconds_);
    out += fmt::format("openhall_http_request_duration_seconds_count {}\n", count_);
    for (const auto& collect : collectors_) collect(out);
    return out;
}

}  // namespace openhall::web
