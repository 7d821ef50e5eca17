// UTF-8 checks and lengths in code points, used by every validator.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace openhall::core {

bool is_valid_utf8(std::string_view text);

// Number of Unicode code points; nullopt when the text is not valid UTF-8.
std::optional<std::size_t> utf8_length(std::string_view text);

// Removes leading and trailing ASCII white space.
std::string trim(std::string_view text);

// The value of `name` in a Cookie header ("a=1; openhall_session=xyz"), or nullopt.
std::optional<std::string> cookie_value(std::string_view header, std::string_view name);

}  // namespace openhall::core
