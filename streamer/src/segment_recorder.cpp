#include "openhall/streamer/segment_recorder.hpp"

#include <SQLiteCpp/Transaction.h>
#include <spdlog/spdlog.h>

namespace openhall::streamer {

SegmentRecorder::SegmentRecorder(const std::filesystem::path& db_file) : db_(db_file), thread_([this] { run(); }) {}

SegmentRecorder::~SegmentRecorder() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

void SegmentRecorder::record(core::EventId event, core::MediaSegment segment) {
    {
        std::lock_guard lock(mutex_);
        queue_.emplace_back(event, std::move(segment));
        ++queued_;
    }
    wake_.notify_all();
}

void SegmentRecorder::flush() {
    std::unique_lock lock(mutex_);
    const auto target = queued_;
    stored_.wait(lock, [&] { return done_ >= target; });
}

void SegmentRecorder::run() {
    std::unique_lock lock(mutex_);
    for (;;) {
        wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;  // stopping, and everything is stored
        auto batch = std::move(queue_);
        queue_.clear();
        lock.unlock();
        // Everything that arrived meanwhile in one transaction: one fsync for several events' segments.
        try {
            SQLite::Transaction transaction(db_.handle());
            for (const auto& [event, segment] : batch) core::MediaSegmentRepository(db_).insert(event, segment);
            transaction.commit();
        } catch (const std::exception& e) {
            spdlog::error("{} segment(s) not recorded in the database: {}", batch.size(), e.what());
        }
        lock.lock();
        done_ += batch.size();
        stored_.notify_all();
    }
}

}  // namespace openhall::streamer
