// UTF-8 checks and lengths in code points, used by every validator.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "openhall/core/base/result.hpp"

namespace openhall::core {

bool is_valid_utf8(std::string_view text);

// Number of Unicode code points; nullopt when the text is not valid UTF-8.
std::optional<std::size_t> utf8_length(std::string_view text);

// InvalidInput naming `field` when the text is not UTF-8 or its length in characters is outside [min, max].
Status check_text(std::string_view field, std::string_view value, std::size_t min, std::size_t max);

// Removes leading and trailing ASCII white space.
std::string trim(std::string_view text);

// The value of `name` in a Cookie header ("a=1; openhall_session=xyz"), or nullopt.
std::optional<std::string> cookie_value(std::string_view header, std::string_view name);

}  // namespace openhall::core
