// The recorded timeline of an event: its segments, and the map from a wall-clock instant to a media position.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "openhall/core/base/ids.hpp"
#include "openhall/core/store/database.hpp"

namespace openhall::core {

using WallMillis = std::chrono::sys_time<std::chrono::milliseconds>;

struct MediaSegment {
    std::int64_t sequence = 0;
    std::string uri;                          // relative to the event's media folder, e.g. "seg00012.ts"
    std::chrono::milliseconds media_start{};  // position of its first frame in the recording
    std::chrono::milliseconds duration{};
    WallMillis program_date_time;  // wall-clock time of its first frame
    bool discontinuity = false;    // the source changed (signal lost or back) at its start
    bool operator==(const MediaSegment&) const = default;
};

// Seconds from the start of the recording at which `instant` was shown: inside a segment, its start plus the
// time since its first frame; between segments, the end of the earlier one; past the last one, the timeline
// continues in real time (the live edge); before the first segment, nullopt.
std::optional<double> media_offset_at(const std::vector<MediaSegment>& segments, WallMillis instant);

class MediaSegmentRepository {
public:
    explicit MediaSegmentRepository(Database& db) : db_(db) {}
    void insert(EventId event, const MediaSegment& segment);
    std::vector<MediaSegment> list(EventId event);
    // The position where a restarted recording continues, and the next sequence number.
    std::optional<MediaSegment> last(EventId event);
    // media_offset_at over the stored timeline, reading only the segments around the instant.
    std::optional<double> offset_at(EventId event, WallMillis instant);

private:
    Database& db_;
};

}  // namespace openhall::core
