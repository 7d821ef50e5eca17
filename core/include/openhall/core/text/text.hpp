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

// A field of one line (a title, a name, a contact) or of lines (a description, a note, a statement).
enum class TextShape { Line, Lines };

// InvalidInput naming `field` when the text is not UTF-8; holds a control character (Unicode Cc: none in a Line,
// none but line feed, carriage return and tab in Lines); is blank while required (min > 0 and nothing but white
// space, U+3000 and U+00A0 included); or its length in code points is outside [min, max]. Issue 14: "a\u0000b" and
// "   " reached the calendar and the pages before.
Status check_text(std::string_view field, std::string_view value, std::size_t min, std::size_t max,
                  TextShape shape = TextShape::Line);

// Removes leading and trailing ASCII white space.
std::string trim(std::string_view text);

// Text for HTML or XML content and attribute values: & < > " ' as entities, and the control characters XML 1.0
// does not allow (all but tab, line feed and carriage return) left out. The Atom feed and the e-mails' HTML.
std::string escape_markup(std::string_view text);

// The value of `name` in a Cookie header ("a=1; openhall_session=xyz"), or nullopt.
std::optional<std::string> cookie_value(std::string_view header, std::string_view name);

}  // namespace openhall::core
