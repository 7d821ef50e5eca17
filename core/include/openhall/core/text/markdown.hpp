// Markdown to HTML with cmark (CommonMark). Raw HTML in the source is dropped and unsafe link schemes
// (javascript:, data: other than images, vbscript:) are removed, so the result may be shown as it is.
#pragma once

#include <string>
#include <string_view>

namespace openhall::core {

std::string render_markdown(std::string_view markdown);

// The text alone, at most `max_chars` characters (cut at a character boundary, "…" added when cut); for
// excerpts in lists, search results and the feed.
std::string markdown_excerpt(std::string_view markdown, std::size_t max_chars);

}  // namespace openhall::core
