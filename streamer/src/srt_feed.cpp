#include "openhall/streamer/srt_feed.hpp"

#include <gst/app/gstappsrc.h>

namespace openhall::streamer {

void SrtFeed::begin_caller(std::uint64_t caller) {
    std::lock_guard lock(mutex_);
    caller_ = caller;
    appsrc_.reset();
    waiting_.clear();
    waiting_bytes_ = 0;
}

void SrtFeed::push(std::uint64_t caller, GstBuffer* bytes) {
    BufferRef owned(bytes);
    std::lock_guard lock(mutex_);
    if (caller != caller_) return;
    if (appsrc_) {
        gst_app_src_push_buffer(GST_APP_SRC(appsrc_.get()), owned.release());
    } else if (waiting_bytes_ < kMaxWaitingBytes) {
        waiting_bytes_ += gst_buffer_get_size(owned.get());
        waiting_.push_back(std::move(owned));
    }
}

bool SrtFeed::attach(std::uint64_t caller, ElementRef appsrc) {
    std::lock_guard lock(mutex_);
    if (caller != caller_ || !appsrc) return false;
    appsrc_ = std::move(appsrc);
    for (auto& bytes : waiting_) gst_app_src_push_buffer(GST_APP_SRC(appsrc_.get()), bytes.release());
    waiting_.clear();
    waiting_bytes_ = 0;
    return true;
}

void SrtFeed::detach() {
    std::lock_guard lock(mutex_);
    appsrc_.reset();
}

}  // namespace openhall::streamer
