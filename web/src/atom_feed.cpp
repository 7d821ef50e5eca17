#include "openhall/web/atom_feed.hpp"

#include <fmt/format.h>

namespace openhall::web {
namespace {

std::string xml_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&apos;"; break;
            default:
                // XML 1.0 allows no control characters but tab, newline and carriage return.
                if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n' || c == '\r') out += c;
        }
    }
    return out;
}

}  // namespace

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
        xml_escape(info.base_url), xml_escape(info.title), core::format_rfc3339(info.updated));
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
            xml_escape(e.id), xml_escape(e.title), xml_escape(e.url), core::format_rfc3339(e.published),
            core::format_rfc3339(e.updated), xml_escape(e.summary), xml_escape(e.content_html));
    }
    xml += "</feed>\n";
    return xml;
}

}  // namespace openhall::web
