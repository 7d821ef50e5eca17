#include "openhall/web/static_files.hpp"

#include <charconv>

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

struct ByteRange {
    std::uint64_t first;
    std::uint64_t length;
};

// One range of "bytes=A-B", "bytes=A-" or "bytes=-N" within a file of `size` bytes; nullopt if unsatisfiable.
std::optional<ByteRange> parse_range(std::string_view header, std::uint64_t size) {
    constexpr std::string_view prefix = "bytes=";
    if (!header.starts_with(prefix) || header.find(',') != std::string_view::npos || size == 0) return std::nullopt;
    header.remove_prefix(prefix.size());
    const auto dash = header.find('-');
    if (dash == std::string_view::npos) return std::nullopt;
    auto number = [](std::string_view text, std::uint64_t& out) {
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
        return ec == std::errc{} && end == text.data() + text.size();
    };
    std::uint64_t a = 0, b = 0;
    const auto first = header.substr(0, dash), last = header.substr(dash + 1);
    if (first.empty()) {  // the last N bytes
        if (!number(last, b) || b == 0) return std::nullopt;
        b = std::min(b, size);
        return ByteRange{size - b, b};
    }
    if (!number(first, a) || a >= size) return std::nullopt;
    if (last.empty()) return ByteRange{a, size - a};
    if (!number(last, b) || b < a) return std::nullopt;
    return ByteRange{a, std::min(b, size - 1) - a + 1};
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

Response StaticFiles::serve(std::string_view relative, std::string_view cache_control,
                           std::optional<std::string> range) const {
    auto not_found = [&] { return error_response(core::ErrorCode::NotFound, "no such file"); };
    if (!is_safe_relative(relative)) return not_found();
    std::error_code ec;
    const auto file = std::filesystem::weakly_canonical(root_ / std::filesystem::path(relative), ec);
    if (ec) return not_found();
    // Symbolic links could still point outside: compare the resolved path with the root.
    const auto rel = file.lexically_relative(root_);
    if (rel.empty() || rel.native().starts_with("..") || !std::filesystem::is_regular_file(file, ec))
        return not_found();
    const auto size = std::filesystem::file_size(file, ec);
    if (ec) return not_found();
    Response response;
    response.content_type = std::string(content_type_for(file));
    response.file = FileBody{file, 0, size};
    response.with_header("Cache-Control", std::string(cache_control)).with_header("Accept-Ranges", "bytes");
    if (range) {
        auto part = parse_range(*range, size);
        if (!part) {
            auto refused = error_response(core::ErrorCode::InvalidInput, "the requested range is not in the file");
            refused.status = 416;
            return refused.with_header("Content-Range", "bytes */" + std::to_string(size));
        }
        response.status = 206;
        response.file->offset = part->first;
        response.file->length = part->length;
        response.with_header("Content-Range", "bytes " + std::to_string(part->first) + "-" +
                                                  std::to_string(part->first + part->length - 1) + "/" +
                                                  std::to_string(size));
    }
    return response;
}

}  // namespace openhall::web
