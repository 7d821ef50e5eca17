// Stores closed segments in the database on its own thread and connection. Every commit is fsynced
// (synchronous=FULL), which took up to 200 ms on this machine's disk; on the main loop that held every HTTP request
// behind it. The playlist is written from the segments in memory, so nothing waits for the row.
#pragma once

#include <condition_variable>
#include <deque>
#include <filesystem>
#include <mutex>
#include <thread>
#include <utility>

#include "openhall/core/base/ids.hpp"
#include "openhall/core/events/media_timeline.hpp"
#include "openhall/core/store/database.hpp"

namespace openhall::streamer {

class SegmentRecorder {
public:
    // Opens its own connection to `db_file` and starts its thread. Throws SQLite::Exception (a std::runtime_error)
    // when it cannot open the database (start-up). Any thread (the stream manager makes it on the main thread).
    explicit SegmentRecorder(const std::filesystem::path& db_file);
    // Stores what is queued, then stops: blocks the caller until that commit is done and the thread has ended.
    // Any thread (the stream manager's destructor, on the main thread at shutdown).
    ~SegmentRecorder();
    SegmentRecorder(const SegmentRecorder&) = delete;
    SegmentRecorder& operator=(const SegmentRecorder&) = delete;

    // Queues the row; returns at once (the queue is unbounded). Any thread. A failure is logged, never thrown (the
    // segment stays in the playlist).
    void record(core::EventId event, core::MediaSegment segment);
    // Blocks the caller until everything queued before the call has been committed, fsync included
    // (synchronous=FULL: up to 200 ms a commit on this machine's disk, more behind a long queue). It also returns
    // when that commit failed (logged; the rows are not stored). For readers that need the rows (a recording written
    // again after the end). Any thread; the stream manager calls it on the main loop, on a staff request.
    void flush();

private:
    void run();

    core::Database db_;
    std::mutex mutex_;
    std::condition_variable wake_, stored_;
    std::deque<std::pair<core::EventId, core::MediaSegment>> queue_;
    std::uint64_t queued_ = 0, done_ = 0;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace openhall::streamer
