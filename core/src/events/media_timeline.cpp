#include "openhall/core/events/media_timeline.hpp"

#include <algorithm>

namespace openhall::core {

using std::chrono::milliseconds;

std::optional<double> media_offset_at(const std::vector<MediaSegment>& segments, WallMillis instant) {
    if (segments.empty() || instant < segments.front().program_date_time) return std::nullopt;
    // The last segment that started at or before the instant.
    auto after = std::upper_bound(segments.begin(), segments.end(), instant,
                                  [](WallMillis t, const MediaSegment& s) { return t < s.program_date_time; });
    const auto& s = *std::prev(after);
    // Past the last segment the live timeline runs on in real time (the segment being written is not listed
    // yet); between two segments, the position stays at the end of the earlier one.
    const bool last = after == segments.end();
    const auto into = last ? instant - s.program_date_time : std::min<milliseconds>(instant - s.program_date_time, s.duration);
    return std::chrono::duration<double>(s.media_start + into).count();
}

void MediaSegmentRepository::insert(EventId event, const MediaSegment& s) {
    auto st = db_.prepare(
        "INSERT INTO media_segments(event_id, sequence, uri, media_start_ms, duration_ms, program_date_time_ms,"
        " discontinuity) VALUES (?, ?, ?, ?, ?, ?, ?)");
    st.bind(1, event.value);
    st.bind(2, s.sequence);
    st.bind(3, s.uri);
    st.bind(4, static_cast<std::int64_t>(s.media_start.count()));
    st.bind(5, static_cast<std::int64_t>(s.duration.count()));
    st.bind(6, static_cast<std::int64_t>(s.program_date_time.time_since_epoch().count()));
    st.bind(7, s.discontinuity ? 1 : 0);
    st.exec();
}

namespace {

MediaSegment segment_from(PreparedStatement& st) {
    return MediaSegment{st.getColumn(0).getInt64(),
                        st.getColumn(1).getString(),
                        milliseconds{st.getColumn(2).getInt64()},
                        milliseconds{st.getColumn(3).getInt64()},
                        WallMillis{milliseconds{st.getColumn(4).getInt64()}},
                        st.getColumn(5).getInt() != 0};
}

}  // namespace

std::vector<MediaSegment> MediaSegmentRepository::list(EventId event) {
    auto st = db_.prepare(
        "SELECT sequence, uri, media_start_ms, duration_ms, program_date_time_ms, discontinuity FROM media_segments"
        " WHERE event_id = ? ORDER BY sequence");
    st.bind(1, event.value);
    std::vector<MediaSegment> out;
    while (st.executeStep()) out.push_back(segment_from(st));
    return out;
}

std::optional<MediaSegment> MediaSegmentRepository::last(EventId event) {
    auto st = db_.prepare(
        "SELECT sequence, uri, media_start_ms, duration_ms, program_date_time_ms, discontinuity FROM media_segments"
        " WHERE event_id = ? ORDER BY sequence DESC LIMIT 1");
    st.bind(1, event.value);
    if (!st.executeStep()) return std::nullopt;
    return segment_from(st);
}

std::optional<double> MediaSegmentRepository::offset_at(EventId event, WallMillis instant) {
    // The segment that started at or before the instant and the one after it (which decides "between two
    // segments" from "past the last"): the same answer as over the whole list.
    auto st = db_.prepare(
        "SELECT sequence, uri, media_start_ms, duration_ms, program_date_time_ms, discontinuity FROM media_segments"
        " WHERE event_id = ?1 AND sequence >= (SELECT MAX(sequence) FROM media_segments WHERE event_id = ?1"
        " AND program_date_time_ms <= ?2) ORDER BY sequence LIMIT 2");
    st.bind(1, event.value);
    st.bind(2, static_cast<std::int64_t>(instant.time_since_epoch().count()));
    std::vector<MediaSegment> around;
    while (st.executeStep()) around.push_back(segment_from(st));
    return media_offset_at(around, instant);
}

}  // namespace openhall::core
