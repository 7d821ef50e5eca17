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

    // The Cache-Control header for `file` (a name inside the event's folder), so that a cache in front of the
    // server (nginx, a CDN; docs/deployment.md) serves the viewers (RFC 9111 §5.2.2):
    // - segments (.ts) never change once listed: public, a year, immutable;
    // - a live playlist (no #EXT-X-ENDLIST) changes with every segment: public with a max-age of half its
    //   #EXT-X-TARGETDURATION, at least 1 s, so no viewer waits more than half a segment behind the origin
    //   (RFC 8216 §6.2.1 gives a client the target duration between reloads);
    // - a replay playlist (ends with #EXT-X-ENDLIST) is final: public for 10 minutes;
    // - other files (poster, chapters, MP4): public for 5 minutes.
    // Reads the playlist's first and last bytes; a playlist that cannot be read gets no-cache. Any thread.
    std::string cache_control_for(core::EventId event, const std::string& file) const;

private:
    std::filesystem::path root_;
    StaticFiles files_;
};

}  // namespace openhall::web
