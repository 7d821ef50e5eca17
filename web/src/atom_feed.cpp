#include "openhall/web/atom_feed.hpp"

#include <fmt/format.h>

#include "openhall/core/text/text.hpp"

namespace openhall::web {

std::string atom_feed(const FeedInfo& info, const std::vector<FeedEntry>& entries) {
    std::string xml = fmt::format(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
        "  <id>{0}/feed.atom</id>\n"
        "  <title>{1}</title>\n"
        "  <updated>{2}</updated>\n"
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{0}/feed.atom\"/>\n"
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{0}/interpretations\"/>\n"
        "  <author><name>{1}</name></author>\n",
        core::escape_markup(info.base_url), core::escape_markup(info.title), core::format_rfc3339(info.updated));
    for (const auto& e : entries) {
        xml += fmt::format(
            "  <entry>\n"
            "    <id>{}</id>\n"
            "    <title>{}</title>\n"
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n"
            "    <published>{}</published>\n"
            "    <updated>{}</updated>\n"
            "    <summary>{}</summary>\n"
            "    <content type=\"html\">{}</content>\n"
            "  </entry>\n",
            core::escape_markup(e.id), core::escape_markup(e.title), core::escape_markup(e.url), core::format_rfc3339(e.published),
            core::format_rfc3339(e.updated), core::escape_markup(e.summary), core::escape_markup(e.content_html));
    }
    xml += "</feed>\n";
    return xml;
}

}  // namespace openhall::web
