#include "openhall/core/text/markdown.hpp"

#include <cstdlib>
#include <memory>

#include <cmark.h>

namespace openhall::core {

std::string render_markdown(std::string_view markdown) {
    // CMARK_OPT_DEFAULT leaves out CMARK_OPT_UNSAFE: raw HTML becomes a comment and dangerous URLs are emptied.
    std::unique_ptr<char, decltype(&std::free)> html(
        cmark_markdown_to_html(markdown.data(), markdown.size(), CMARK_OPT_DEFAULT | CMARK_OPT_SMART), &std::free);
    return html ? std::string(html.get()) : std::string();
}

std::string markdown_excerpt(std::string_view markdown, std::size_t max_chars) {
    cmark_node* document = cmark_parse_document(markdown.data(), markdown.size(), CMARK_OPT_DEFAULT);
    std::string text;
    cmark_iter* iter = cmark_iter_new(document);
    for (auto event = cmark_iter_next(iter); event != CMARK_EVENT_DONE; event = cmark_iter_next(iter)) {
        cmark_node* node = cmark_iter_get_node(iter);
        const auto type = cmark_node_get_type(node);
        if (event == CMARK_EVENT_ENTER && (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE)) {
            text += cmark_node_get_literal(node);
        } else if (type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK ||
                   (event == CMARK_EVENT_EXIT && type >= CMARK_NODE_FIRST_BLOCK && type <= CMARK_NODE_LAST_BLOCK)) {
            if (!text.empty() && text.back() != ' ') text += ' ';
        }
    }
    cmark_iter_free(iter);
    cmark_node_free(document);
    std::size_t chars = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;  // inside a character
        if (chars++ == max_chars) return text.substr(0, i) + "…";
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    return text;
}

}  // namespace openhall::core
