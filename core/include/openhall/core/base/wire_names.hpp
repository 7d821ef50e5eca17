// Lookups in a table of {enum value, wire name} pairs, the one place each enum's names are spelt.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>

namespace openhall::core {

template <typename Enum, std::size_t N>
constexpr std::string_view name_in(const std::pair<Enum, std::string_view> (&table)[N], Enum value) {
    for (const auto& [v, name] : table)
        if (v == value) return name;
    return "unknown";
}

template <typename Enum, std::size_t N>
constexpr std::optional<Enum> value_in(const std::pair<Enum, std::string_view> (&table)[N], std::string_view name) {
    for (const auto& [v, n] : table)
        if (n == name) return v;
    return std::nullopt;
}

}  // namespace openhall::core
