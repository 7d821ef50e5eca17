// Files of the web pages from one root folder; no request path can leave it.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "openhall/web/http_types.hpp"

namespace openhall::web {

class StaticFiles {
public:
    explicit StaticFiles(std::filesystem::path root);

    // The file at `relative` (e.g. "static/css/site.css") with its content type and the given Cache-Control,
    // or a 404 JSON error. A `range` header value ("bytes=0-499") gives 206 with that part, or 416.
    Response serve(std::string_view relative, std::string_view cache_control = "no-cache",
                   std::optional<std::string> range = std::nullopt) const;

    const std::filesystem::path& root() const { return root_; }

private:
    std::filesystem::path root_;
};

std::string_view content_type_for(const std::filesystem::path& file);

}  // namespace openhall::web
