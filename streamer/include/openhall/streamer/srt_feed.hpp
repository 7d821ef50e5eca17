// The hand-off of an SRT caller's transport stream from the listener's thread to the input pipeline that reads it.
// The newest caller wins (SrtListener): its data waits here, bounded, while its input is being built on the main
// loop, and goes to that input's appsrc once it is attached. Used by the event's own ingest and the interpreter's.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include <gst/gst.h>

#include "openhall/streamer/gst_handles.hpp"
#include "openhall/streamer/srt_listener.hpp"

namespace openhall::streamer {

class SrtFeed {
public:
    // Data kept for a caller whose input is not attached yet; more is dropped (about 3 s at 10 Mbit/s).
    static constexpr std::size_t kMaxWaitingBytes = 4 * 1024 * 1024;

    // A new caller: only its data is taken from now on, and it waits until attach(). The previous input gets
    // nothing more. The listener's thread.
    void begin_caller(std::uint64_t caller);
    // A chunk of `caller`'s transport stream (the callee takes it): pushed into the attached appsrc, kept while none
    // is, dropped when it is another caller's or kMaxWaitingBytes already wait. The listener's thread.
    void push(std::uint64_t caller, GstBuffer* bytes);
    // `appsrc` (an input pipeline's transport_input()) now reads `caller`: what waited is pushed first. Returns false
    // and attaches nothing when a newer caller has come meanwhile. Main loop.
    bool attach(std::uint64_t caller, ElementRef appsrc);
    // The input is gone: the caller's data waits again. Main loop.
    void detach();

    // What a caller's arrival, departure or refusal means to the owner, run on the main loop through `poster` (so
    // not at all once the owner is gone).
    struct MainLoopHandlers {
        std::function<void(std::uint64_t caller)> on_caller;
        std::function<void(std::uint64_t caller, const std::string& reason)> on_caller_gone;
        std::function<void(const std::string& message)> on_refused;  // "a caller from PEER was refused: …"
    };
    // The listener's handlers for `feed`: on its thread they reach only the feed (a new caller's data waits for its
    // own input; the old input gets nothing more) and post the rest. Any thread.
    static SrtListener::Handlers listener_handlers(std::shared_ptr<SrtFeed> feed, MainLoopPoster poster,
                                                   MainLoopHandlers handlers);

private:
    std::mutex mutex_;
    std::uint64_t caller_ = 0;
    ElementRef appsrc_;
    std::deque<BufferRef> waiting_;
    std::size_t waiting_bytes_ = 0;
};

}  // namespace openhall::streamer
