// The Atom feed (RFC 4287) of published interpretations.
#pragma once

#include <string>
#include <vector>

#include "openhall/core/base/time.hpp"

namespace openhall::web {

struct FeedEntry {
    std::string id;  // a tag: URI that never changes
    std::string title;
    std::string url;
    std::string summary;
    std::string content_html;
    core::Timestamp published;
    core::Timestamp updated;
};

struct FeedInfo {
    std::string base_url;
    std::string title;
    core::Timestamp updated;
};

std::string atom_feed(const FeedInfo& info, const std::vector<FeedEntry>& entries);

}  // namespace openhall::web
