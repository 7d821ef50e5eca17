// The recordings under <data>/media/<event>/: their public URLs (null until a file exists) and the files.
#pragma once

#include <filesystem>

#include <nlohmann/json.hpp>

#include "openhall/core/base/ids.hpp"
#include "openhall/web/static_files.hpp"

namespace openhall::web {

class MediaLibrary {
public:
    explicit MediaLibrary(std::filesystem::path root);

    // {"hls_url","poster_url","mp4_url","chapters_url"}, each null until its file exists.
    nlohmann::json stream_urls(core::EventId event) const;

    const StaticFiles& files() const { return files_; }
    std::filesystem::path folder_of(core::EventId event) const { return root_ / std::to_string(event.value); }

    // Segments never change, so caches may keep them; the playlist changes every second while live.
    static std::string_view cache_control_for(const std::filesystem::path& file);

private:
    std::filesystem::path root_;
    StaticFiles files_;
};

}  // namespace openhall::web
