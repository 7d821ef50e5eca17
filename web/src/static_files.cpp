#include "openhall/web/static_files.hpp"

#include <fstream>
#include <sstream>

#include "openhall/web/error_response.hpp"

namespace openhall::web {
namespace {

// Only plain names: no "..", ".", empty segments, hidden files or backslashes.
bool is_safe_relative(std::string_view relative) {
    if (relative.empty() || relative.front() == '/') return false;
    std::size_t start = 0;
    while (start <= relative.size()) {
        auto end = relative.find('/', start);
        if (end == std::string_view::npos) end = relative.size();
        auto segment = relative.substr(start, end - start);
        if (segment.empty() || segment.front() == '.' || segment.find('\\') != std::string_view::npos ||
            segment.find('\0') != std::string_view::npos)
            return false;
        start = end + 1;
    }
    return true;
}

}  // namespace

std::string_view content_type_for(const std::filesystem::path& file) {
    static constexpr std::pair<std::string_view, std::string_view> kTypes[] = {
        {".html", "text/html; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".json", "application/json"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".jpg", "image/jpeg"},
        {".ico", "image/x-icon"},
        {".txt", "text/plain; charset=utf-8"},
        {".m3u8", "application/vnd.apple.mpegurl"},
        {".ts", "video/mp2t"},
        {".mp4", "video/mp4"},
        {".vtt", "text/vtt; charset=utf-8"},
    };
    const auto ext = file.extension().string();
    for (const auto& [e, type] : kTypes)
        if (e == ext) return type;
    return "application/octet-stream";
}

StaticFiles::StaticFiles(std::filesystem::path root) : root_(std::filesystem::weakly_canonical(std::move(root))) {}

Response StaticFiles::serve(std::string_view relative) const {
    auto not_found = [&] { return error_response(core::ErrorCode::NotFound, "no such file"); };
    if (!is_safe_relative(relative)) return not_found();
    std::error_code ec;
    const auto file = std::filesystem::weakly_canonical(root_ / std::filesystem::path(relative), ec);
    if (ec) return not_found();
    // Symbolic links could still point outside: compare the resolved path with the root.
    const auto rel = file.lexically_relative(root_);
    if (rel.empty() || rel.native().starts_with("..") || !std::filesystem::is_regular_file(file, ec))
        return not_found();
    std::ifstream in(file, std::ios::binary);
    if (!in) return not_found();
    std::ostringstream content;
    content << in.rdbuf();
    auto response = Response::text(200, std::string(content_type_for(file)), content.str());
    response.with_header("Cache-Control", "no-cache");
    return response;
}

}  // namespace openhall::web
