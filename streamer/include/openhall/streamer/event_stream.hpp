// One live event's stream: the input (or the slate when the input is lost) restamped onto one continuous
// timeline and written as segments. Runs on the main loop, except on_sample, which streaming threads call.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "openhall/core/ids.hpp"
#include "openhall/core/media_timeline.hpp"
#include "openhall/streamer/gst_handles.hpp"
#include "openhall/streamer/input_pipeline.hpp"
#include "openhall/streamer/live_output.hpp"

namespace openhall::streamer {

struct StreamHealth {
    std::string state;  // waiting (no input yet), input, slate, finishing
    bool transcoding = false;
    std::uint64_t video_frames = 0;
    std::uint64_t input_bytes = 0;
    std::uint64_t input_bitrate = 0;  // bits per second over the last few seconds
    std::uint32_t input_restarts = 0;
    std::string last_error;
};

class EventStream {
public:
    using SegmentHandler = std::function<void(const core::MediaSegment&)>;  // main loop
    using FinishedHandler = std::function<void()>;                           // main loop

    // `previous` is the last segment of an earlier recording of this event (after a restart), or nullopt.
    EventStream(core::EventId event, InputSpec input, std::filesystem::path folder,
                std::optional<core::MediaSegment> previous, SegmentHandler on_segment, FinishedHandler on_finished);
    ~EventStream();
    EventStream(const EventStream&) = delete;
    EventStream& operator=(const EventStream&) = delete;

    void start();
    void finish();
    StreamHealth health() const;

    // How long without input before the slate takes over.
    static constexpr std::chrono::milliseconds kSignalLossAfter{1000};

    // For the GStreamer and GLib callbacks (free functions in the .cpp).
    enum class Source { None, Input, Slate };
    void on_sample(Source from, Track track, GstSample* sample);
    gboolean on_tick();
    gboolean on_restart_input();

private:
    void start_input();
    void input_failed(const std::string& reason);
    void switch_to(Source source, GstClockTime keyframe_time, GstCaps* caps);  // with mutex_ held
    void forward(Track track, GstSample* sample);                       // with mutex_ held
    void on_fragment(const Fragment& fragment);
    core::WallMillis wall_clock_at(GstClockTime running_time) const;

    core::EventId event_;
    InputSpec input_spec_;
    std::string name_;
    std::filesystem::path folder_;
    SegmentHandler on_segment_;
    FinishedHandler on_finished_;

    mutable std::mutex mutex_;  // guards everything below that streaming threads touch
    Source active_ = Source::None;
    bool input_restarted_ = false;  // a new input pipeline has not yet taken over at a keyframe
    GstClockTime in_base_ = GST_CLOCK_TIME_NONE;  // input timestamp of the active source's first keyframe
    GstClockTime audio_base_ = GST_CLOCK_TIME_NONE;  // the same for audio (see kMaxAudioOffset)
    GstClockTime out_base_ = 0;                   // where that keyframe sits on our timeline
    GstClockTime out_end_ = 0;                    // end of everything written so far
    bool caps_sent_[2] = {false, false};
    bool anything_written_ = false;
    struct Anchor {
        GstClockTime running_time;
        core::WallMillis wall;
    };
    std::vector<Anchor> anchors_;              // the wall clock at each switch
    std::vector<GstClockTime> discontinuities_;  // running times where the source changed
    std::chrono::steady_clock::time_point last_input_at_{};
    std::chrono::steady_clock::time_point started_at_{};
    int picture_width_ = 640;
    int picture_height_ = 360;
    int audio_rate_ = 48000;
    int audio_channels_ = 2;

    std::unique_ptr<InputPipeline> input_;
    std::unique_ptr<InputPipeline> slate_;
    std::unique_ptr<LiveOutput> output_;
    SourceId tick_;
    SourceId restart_;
    std::uint32_t restarts_ = 0;
    std::chrono::milliseconds backoff_{500};
    std::string last_error_;
    // The input bitrate, measured over windows of kBitrateWindow on the tick.
    std::chrono::steady_clock::time_point bitrate_window_start_{};
    std::uint64_t bitrate_window_bytes_ = 0;
    std::uint64_t input_bitrate_ = 0;
    bool finishing_ = false;
    bool restart_pending_ = false;
};

}  // namespace openhall::streamer
