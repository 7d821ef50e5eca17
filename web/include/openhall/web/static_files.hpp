// Files of the web pages from one root folder; no request path can leave it.
#pragma once

#include <filesystem>
#include <string_view>

#include "openhall/web/http_types.hpp"

namespace openhall::web {

class StaticFiles {
public:
    explicit StaticFiles(std::filesystem::path root);

    // The file at `relative` (e.g. "static/css/site.css") with its content type, or a 404 JSON error.
    Response serve(std::string_view relative) const;

    const std::filesystem::path& root() const { return root_; }

private:
    std::filesystem::path root_;
};

std::string_view content_type_for(const std::filesystem::path& file);

}  // namespace openhall::web
