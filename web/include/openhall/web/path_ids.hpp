// Ids in a route's path ("/api/v1/events/{id}"): a positive integer, or 404 naming what was not found, so a
// malformed id reads like one that does not exist.
#pragma once

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "openhall/core/base/result.hpp"
#include "openhall/web/http_types.hpp"

namespace openhall::web {

template <typename Id>
core::Result<Id> id_param(const Request& request, const std::string& name, std::string_view what) {
    const auto& text = request.params.at(name);
    std::int64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || value <= 0)
        return core::make_error(core::ErrorCode::NotFound, fmt::format("{} {} does not exist", what, text));
    return Id{value};
}

// A positive integer in the query ("?revision=3", "?event=12"), at most `max`: nullopt when absent or empty;
// InvalidInput "`message`" when it is anything else.
inline core::Result<std::optional<std::int64_t>> positive_query_integer(const Request& request, const std::string& name,
                                                                        std::string_view message,
                                                                        std::int64_t max = INT64_MAX) {
    const auto it = request.query.find(name);
    if (it == request.query.end() || it->second.empty()) return std::optional<std::int64_t>{};
    std::int64_t value = 0;
    auto [end, ec] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), value);
    if (ec != std::errc{} || end != it->second.data() + it->second.size() || value <= 0 || value > max)
        return core::make_error(core::ErrorCode::InvalidInput, std::string(message));
    return std::optional(value);
}

}  // namespace openhall::web
