#include "openhall/web/media_library.hpp"

#include <fmt/format.h>

namespace openhall::web {
namespace {

std::filesystem::path created(std::filesystem::path root) {
    std::filesystem::create_directories(root);
    return root;
}

}  // namespace

MediaLibrary::MediaLibrary(std::filesystem::path root) : root_(created(std::move(root))), files_(root_) {}

nlohmann::json MediaLibrary::stream_urls(core::EventId event) const {
    const auto folder = folder_of(event);
    auto url_if = [&](const std::string& file) -> nlohmann::json {
        std::error_code ec;
        if (!std::filesystem::is_regular_file(folder / file, ec)) return nullptr;
        return fmt::format("/media/{}/{}", event.value, file);
    };
    return {{"hls_url", url_if("index.m3u8")},
            {"poster_url", url_if("poster.jpg")},
            {"mp4_url", url_if(fmt::format("{}.mp4", event.value))},
            {"chapters_url", url_if("chapters.vtt")}};
}

std::string_view MediaLibrary::cache_control_for(const std::filesystem::path& file) {
    const auto ext = file.extension();
    if (ext == ".ts") return "public, max-age=31536000, immutable";
    if (ext == ".m3u8") return "no-cache";
    return "public, max-age=300";
}

}  // namespace openhall::web
