// The sign-language interpreter's input (issue 17): an SRT listener on the event's second port, whose newest
// caller's picture goes to `on_video` (the PictureInPictureSwitch) as H.264 access units. Any codec an event's own
// input takes is taken (InputPipeline normalises it); the interpreter's sound is not used, the room's sound is the
// event's. An attempt that fails while its caller stays connected is started again after kRetry.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include <gst/gst.h>

#include "openhall/streamer/gst_handles.hpp"
#include "openhall/streamer/input_pipeline.hpp"
#include "openhall/streamer/srt_feed.hpp"
#include "openhall/streamer/srt_listener.hpp"

namespace openhall::streamer {

struct InterpreterHealth {
    bool connected = false;    // an interpreter's encoder is connected
    std::string video_format;  // what it sends ("H.264 640×360"), empty before it is known
    std::uint64_t video_frames = 0;
    std::string last_error;    // why its last attempt ended, or why its caller was refused; empty when none
};

class InterpreterInput {
public:
    // A video access unit of the interpreter (H.264 byte-stream, running times in ns). Its input's video streaming
    // thread; the sample stays the caller's. Never called after the destructor returns.
    using VideoHandler = std::function<void(GstSample*)>;
    // A new reading of the interpreter begins (a new caller, or a new attempt for the same one): its pictures start
    // again from wherever its encoder is. Main loop, before that reading's first picture.
    using NewSourceHandler = std::function<void()>;
    static constexpr std::chrono::milliseconds kRetry{1000};

    // `passphrase` as SrtListener takes it. Nothing runs before start(); never throws. Main loop, like every member.
    InterpreterInput(std::string name, int port, std::string passphrase, VideoHandler on_video,
                     NewSourceHandler on_new_source);
    // Stops the listener (joins its thread: one poll, 20 ms) and retires the input without waiting. Main loop.
    ~InterpreterInput();
    InterpreterInput(const InterpreterInput&) = delete;
    InterpreterInput& operator=(const InterpreterInput&) = delete;

    // Binds the port and listens; once. Throws std::runtime_error with libsrt's reason (the port already bound).
    void start();
    // Asks the listener to stop without waiting for its thread; the input is dropped and no other starts.
    void request_stop();
    InterpreterHealth health() const;

private:
    void caller_connected(std::uint64_t caller);
    void caller_gone(std::uint64_t caller, const std::string& reason);
    void start_attempt();
    void attempt_stopped(std::uint64_t attempt, const InputStop& stop);
    void drop_input();

    std::string name_;
    int port_;
    std::string passphrase_;
    VideoHandler on_video_;
    NewSourceHandler on_new_source_;
    bool stopping_ = false;  // after request_stop(): work still posted starts nothing
    std::shared_ptr<SrtFeed> feed_ = std::make_shared<SrtFeed>();
    std::unique_ptr<SrtListener> listener_;
    std::unique_ptr<InputPipeline> input_;
    std::uint64_t caller_ = 0;   // the connected caller, 0 when none
    std::uint64_t attempt_ = 0;  // numbers the input attempts
    InputReport last_report_;
    std::string last_error_;
    SourceId retry_;
    MainLoopGuard guard_;
};

}  // namespace openhall::streamer
