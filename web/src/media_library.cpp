#include "openhall/web/media_library.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <optional>
#include <string_view>
#include <utility>

#include <fmt/format.h>

namespace openhall::web {
namespace {

std::filesystem::path created(std::filesystem::path root) {
    std::filesystem::create_directories(root);
    return root;
}

// The playlist's first 512 bytes (where #EXT-X-TARGETDURATION is) and its last 64 (where #EXT-X-ENDLIST is).
std::optional<std::pair<std::string, std::string>> playlist_head_and_tail(const std::filesystem::path& playlist) {
    std::ifstream in(playlist, std::ios::binary);
    if (!in) return std::nullopt;
    std::string head(512, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));
    in.clear();
    in.seekg(0, std::ios::end);
    const auto size = static_cast<std::streamoff>(in.tellg());
    std::string tail(static_cast<std::size_t>(std::min<std::streamoff>(size, 64)), '\0');
    in.seekg(size - static_cast<std::streamoff>(tail.size()));
    in.read(tail.data(), static_cast<std::streamsize>(tail.size()));
    if (!in) return std::nullopt;
    return std::pair{std::move(head), std::move(tail)};
}

// #EXT-X-TARGETDURATION:<s> (RFC 8216 §4.3.3.1); 0 when the head does not say.
int target_duration_s(std::string_view head) {
    constexpr std::string_view kTag = "#EXT-X-TARGETDURATION:";
    const auto at = head.find(kTag);
    if (at == std::string_view::npos) return 0;
    int seconds = 0;
    const auto digits = head.substr(at + kTag.size());
    std::from_chars(digits.data(), digits.data() + digits.size(), seconds);
    return seconds;
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
            {"master_url", url_if("master.m3u8")},
            {"poster_url", url_if("poster.jpg")},
            {"mp4_url", url_if(fmt::format("{}.mp4", event.value))},
            {"chapters_url", url_if("chapters.vtt")}};
}

std::string MediaLibrary::cache_control_for(core::EventId event, const std::string& file) const {
    const auto ext = std::filesystem::path(file).extension();
    if (ext == ".ts") return "public, max-age=31536000, immutable";
    if (ext != ".m3u8") return "public, max-age=300";
    const auto head_and_tail = playlist_head_and_tail(folder_of(event) / file);
    if (!head_and_tail) return "no-cache";
    const auto& [head, tail] = *head_and_tail;
    if (tail.find("#EXT-X-ENDLIST") != std::string::npos) return "public, max-age=600";
    return fmt::format("public, max-age={}", std::max(1, target_duration_s(head) / 2));
}

}  // namespace openhall::web
