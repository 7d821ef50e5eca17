// After an event ends: the MP4 download (the segments remuxed, no re-encoding) and the poster image. Each file is
// written under a temporary name and renamed only once its pipeline ended cleanly, so a file that exists is whole;
// a step that fails, or stops making progress, is reported with its reason and can be run again.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "openhall/core/events/media_timeline.hpp"
#include "openhall/streamer/callback_gate.hpp"
#include "openhall/streamer/gst_handles.hpp"

namespace openhall::streamer {

struct RecordingResult {
    bool mp4_written = false;
    bool poster_written = false;
    std::string error;  // the first failure's reason, empty when both were written
};

class RecordingFinisher {
public:
    // Runs on the main loop, once, when both steps are over (each written or failed); never inside start(). The
    // callee must not destroy the finisher inside it.
    using DoneHandler = std::function<void(const RecordingResult&)>;

    // `segments`: the recording's listed segments in `folder`, in order (not empty); the MP4 is `folder`/`mp4_name`.
    // Nothing runs before start(); never throws. Main loop.
    RecordingFinisher(std::string name, std::filesystem::path folder, std::vector<core::MediaSegment> segments,
                      std::string mp4_name, DoneHandler done);
    // Stops a step in progress (waiting for a GStreamer callback that is running; the pipeline is retired); `done` is
    // not called then. Main loop, never inside `done`.
    ~RecordingFinisher();
    RecordingFinisher(const RecordingFinisher&) = delete;
    RecordingFinisher& operator=(const RecordingFinisher&) = delete;

    // Starts the MP4 step; the poster follows. Once. Never throws: a missing segment, a missing element or a
    // pipeline that will not start fails that step, reported through `done`. Main loop: the bus watch goes to the
    // caller's thread-default GMainContext, the watchdog to the default one.
    void start();

    // A step that neither reads nor writes anything for this long has hung (the old remux waited forever for a
    // missing track). Both count: the MP4 muxer writes nothing until it has read everything (fast start).
    static constexpr auto kStallAfter = std::chrono::seconds{20};

    // Entry points for GStreamer callbacks (free functions in the .cpp); not for other callers.
    gboolean on_bus_message(GstMessage* message);  // main loop (the bus watch): an error or the end ends the step
    void on_demuxed_pad(GstPad* pad);              // the demuxer's streaming thread, through the gate
    void on_bytes_moved(std::uint64_t bytes);      // streaming threads (pad probes), through the gate
    void on_video_muxed(GstBuffer* buffer);        // the video's streaming thread (timestamps in ns), through the gate
    gboolean on_watchdog();                        // main loop, every second (a timeout on the default GMainContext)

private:
    enum class Step { Mp4, Poster, Done };
    void run_step();
    void build_mp4();
    void build_poster();
    void step_over(bool ok, const std::string& error);
    std::string missing_segment() const;
    GstElement* add(const char* factory, const char* name = nullptr);

    std::string name_;
    std::filesystem::path folder_;
    std::vector<core::MediaSegment> segments_;
    std::string mp4_name_;
    DoneHandler done_;
    std::shared_ptr<CallbackGate<RecordingFinisher>> gate_;
    GstElement* pipeline_ = nullptr;  // the current step's; retired when it is over
    GstElement* muxer_ = nullptr;     // the MP4 step's mp4mux
    GstElement* picture_ = nullptr;   // the poster step's first element for the video
    std::filesystem::path partial_, target_;
    std::filesystem::path mdat_partial_;  // mp4mux's fast-start file: beside the recording, not in /tmp
    guint bus_watch_ = 0;
    SourceId watchdog_;
    std::atomic<std::uint64_t> moved_{0};  // bytes read from the segments and written to the file
    // The span of video the MP4 received, checked against the recording's length.
    std::atomic<GstClockTime> muxed_first_{GST_CLOCK_TIME_NONE};
    std::atomic<GstClockTime> muxed_end_{0};
    std::uint64_t moved_at_last_check_ = 0;
    std::chrono::steady_clock::time_point progress_at_{};
    Step step_ = Step::Mp4;
    RecordingResult result_;
};

}  // namespace openhall::streamer
