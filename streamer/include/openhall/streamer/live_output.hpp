// The output of an event's stream: H.264 and AAC buffers in, one-second MPEG-TS segments out (splitmuxsink).
#pragma once

#include <filesystem>
#include <functional>
#include <string>

#include <gst/gst.h>

#include "openhall/streamer/gst_handles.hpp"
#include "openhall/streamer/input_pipeline.hpp"

namespace openhall::streamer {

struct Fragment {
    std::string file;             // the segment's file name, e.g. "seg00012.ts"
    GstClockTime start = 0;       // running time of its first frame
    GstClockTime end = 0;         // running time where the next one starts
};

class LiveOutput {
public:
    // Both called on the main loop.
    using FragmentHandler = std::function<void(const Fragment&)>;
    using FinishedHandler = std::function<void()>;

    LiveOutput(std::string name, std::filesystem::path folder, int first_index, FragmentHandler on_fragment,
               FinishedHandler on_finished);
    ~LiveOutput();
    LiveOutput(const LiveOutput&) = delete;
    LiveOutput& operator=(const LiveOutput&) = delete;

    void start();

    // Thread-safe; takes the buffer. `caps` is set on the track first when not null.
    void push(Track track, GstBuffer* buffer, GstCaps* caps);

    // The next video keyframe starts a new segment (used when the input switches).
    void split_at_next_keyframe();

    // Ends both tracks; the last segment is closed and `on_finished` runs.
    void finish();

    // Entry point for the bus watch.
    gboolean on_bus_message(GstMessage* message);

private:
    std::string name_;
    std::filesystem::path folder_;
    int first_index_;
    FragmentHandler on_fragment_;
    FinishedHandler on_finished_;
    PipelinePtr pipeline_;
    GstElement* video_src_ = nullptr;  // owned by the pipeline
    GstElement* audio_src_ = nullptr;
    GstElement* splitmux_ = nullptr;
    guint bus_watch_ = 0;
    GstClockTime open_start_ = GST_CLOCK_TIME_NONE;
    std::string open_file_;
    bool finished_ = false;
};

}  // namespace openhall::streamer
