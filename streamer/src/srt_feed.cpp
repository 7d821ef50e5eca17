#include "openhall/streamer/srt_feed.hpp"

#include <gst/app/gstappsrc.h>

#include <fmt/format.h>

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

SrtListener::Handlers SrtFeed::listener_handlers(std::shared_ptr<SrtFeed> feed, MainLoopPoster poster,
                                                 MainLoopHandlers handlers) {
    auto shared = std::make_shared<MainLoopHandlers>(std::move(handlers));
    SrtListener::Handlers out;
    out.on_caller = [feed, poster, shared](std::uint64_t caller, const std::string&) {
        feed->begin_caller(caller);
        poster.post([shared, caller] { shared->on_caller(caller); });
    };
    out.on_data = [feed](std::uint64_t caller, GstBuffer* bytes) { feed->push(caller, bytes); };
    out.on_caller_gone = [poster, shared](std::uint64_t caller, const std::string& reason) {
        poster.post([shared, caller, reason] { shared->on_caller_gone(caller, reason); });
    };
    out.on_refused = [poster, shared](const std::string& peer) {
        poster.post([shared, peer] {
            shared->on_refused(fmt::format("a caller from {} was refused: wrong passphrase or encryption settings", peer));
        });
    };
    return out;
}

}  // namespace openhall::streamer
