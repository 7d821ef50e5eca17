// One input of an event's stream: a source (SRT, RTSP, file, test pattern, or the slate) turned into H.264 and
// AAC samples. H.264 and AAC are passed through untouched; any other codec is decoded and encoded (x264, AAC),
// chosen from the caps the source delivers.
#pragma once

#include <atomic>
#include <functional>
#include <string>

#include <gst/gst.h>

#include "openhall/streamer/gst_handles.hpp"

namespace openhall::streamer {

enum class Track { Video, Audio };

struct InputSpec {
    enum class Kind { Srt, Rtsp, File, TestPattern, Slate } kind = Kind::TestPattern;
    std::string uri;  // srt://:PORT?mode=listener&passphrase=…, rtsp://…, or a file path
    int width = 640;  // of generated pictures (test pattern and slate)
    int height = 360;
    int audio_rate = 48000;  // of generated sound
    int audio_channels = 2;
};

struct InputCounters {
    std::atomic<std::uint64_t> video_frames{0};
    std::atomic<std::uint64_t> bytes{0};
    std::atomic<bool> transcoding{false};
};

class InputPipeline {
public:
    // Called on GStreamer streaming threads with a sample the callee does not own.
    using SampleHandler = std::function<void(Track, GstSample*)>;
    // Called on the main loop when the input fails or ends (errors are already logged).
    using FailureHandler = std::function<void(const std::string& reason)>;

    InputPipeline(std::string name, InputSpec spec, SampleHandler on_sample, FailureHandler on_failure);
    ~InputPipeline();
    InputPipeline(const InputPipeline&) = delete;
    InputPipeline& operator=(const InputPipeline&) = delete;

    void start();
    const InputCounters& counters() const { return counters_; }
    // True once the source reached its end (a file played out), as opposed to failing.
    bool ended() const { return ended_; }
    const std::string& name() const { return name_; }

    // Entry points for the GStreamer callbacks (free functions in the .cpp); not for other callers.
    void on_source_pad(GstPad* pad);
    void on_parsed_pad(GstPad* pad);
    void on_decoded_pad(GstPad* pad);
    void deliver(Track track, GstSample* sample);
    gboolean on_bus_message(GstMessage* message);

private:
    GstElement* make(const char* factory);
    GstElement* output_branch(Track track, bool encode);
    void link_and_play(GstPad* pad, GstElement* first);
    void build_generated(bool slate);

    std::string name_;
    InputSpec spec_;
    SampleHandler on_sample_;
    FailureHandler on_failure_;
    PipelinePtr pipeline_;
    guint bus_watch_ = 0;
    InputCounters counters_;
    std::atomic<bool> video_linked_{false};
    std::atomic<bool> audio_linked_{false};
    bool failed_ = false;
    bool ended_ = false;
};

}  // namespace openhall::streamer
