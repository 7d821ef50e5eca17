// The sign-language interpreter's picture in a corner of the output (issue 17; docs/streaming.md, "The
// interpreter's picture"). The main video and the interpreter's, both H.264 access units as input pipelines give
// them (InputPipeline::Handlers::on_sample), are decoded; the interpreter's is scaled to a quarter of the main
// picture's width and placed in its lower right corner; the result is encoded with the output's H.264 encoder
// (add_h264_encoder). It runs only while an interpreter is present: the rest of the time the main video passes
// through untouched and no encoder runs (the CPU it costs is in bench/RESULTS.md).
//
// Timing: the compositor runs live on the pipeline clock. Main frames are placed on that clock by their own
// timestamps (the first frame kMainLeadNs after the running time it arrived, the others keeping the source's
// spacing), so the output frames map back to the main input's timestamps exactly and its sound stays in sync. The
// interpreter's frames are placed the same way on their own first arrival, kInsetLeadNs ahead; a picture that drifts
// more than kInsetResyncNs from its arrival time (its encoder's clock runs at another rate) is placed again. The
// main picture is placed further ahead than the interpreter's, so the compositor (which, before the main picture's
// first frame, runs on the interpreter's alone) has not yet made the frame where the main picture begins when it
// arrives. The main picture is never placed again (its times are the output's): main_drift_ns() says how far its
// encoder's clock has moved from ours, and the owner starts a new compositor when that is too far.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include <gst/gst.h>

#include "openhall/streamer/callback_gate.hpp"

namespace openhall::streamer {

struct PictureLayout {
    int width = 0;   // the main picture's, in pixels: the output keeps its size
    int height = 0;
    int fps_n = 25;  // the output's frame rate, fps_n/fps_d (the main picture's: 30000/1001 stays that)
    int fps_d = 1;
    unsigned kbps = 0;  // the encoder's bit rate; 0: about 0.1 bit per pixel, as a transcoded input
};

// Where the interpreter's picture goes in a `main` picture: a quarter of its width, the interpreter's aspect
// (16:9 when unknown), 2.5 % of the width from the right and the bottom edges. Even sizes (4:2:0). Any thread.
struct InsetPlace {
    int x, y, width, height;
};
InsetPlace inset_place(int main_width, int main_height, int inset_width = 16, int inset_height = 9);

class PictureInPicture {
public:
    // A composited access unit (H.264 byte-stream, a keyframe every second, parameter sets with each), its PTS and
    // DTS the main input's running times (ns; running_times() of the main samples), with no segment of its own.
    // Streaming thread (the encoder's appsink); the sample stays the caller's. Never called after the destructor
    // returns.
    using Output = std::function<void(GstSample*)>;

    // How far the interpreter's frames may drift from their arrival on the clock before they are placed again.
    static constexpr std::int64_t kInsetResyncNs = 500'000'000;
    // How far ahead of their arrival frames are placed: the interpreter's (decoded in time), the main picture's.
    static constexpr std::int64_t kInsetLeadNs = 100'000'000;
    static constexpr std::int64_t kMainLeadNs = 300'000'000;
    // How late a frame may reach the compositor (decoding, a burst from the network) and still be used.
    static constexpr std::int64_t kLatencyNs = 300'000'000;

    // Nothing runs before start(). Never throws. Main loop.
    PictureInPicture(std::string name, PictureLayout layout, Output on_sample);
    // Detaches the output (none is called after this returns; waits for one in progress) and retires the
    // pipeline without waiting. Main loop.
    ~PictureInPicture();
    PictureInPicture(const PictureInPicture&) = delete;
    PictureInPicture& operator=(const PictureInPicture&) = delete;

    // Builds and plays appsrc (main) ! h264parse ! avdec_h264 ! compositor ! videoconvert ! x264enc ! h264parse !
    // appsink, with appsrc (interpreter) ! h264parse ! avdec_h264 ! the compositor's second pad at inset_place().
    // Throws std::runtime_error "the GStreamer element F is not installed", or when the pipeline does not start.
    // Main loop.
    void start();

    // A main video access unit (as InputPipeline gives it: caps, PTS, DTS in ns). Any thread (the main input's
    // streaming thread); copies what it needs. Ignored before start(). The output begins with the main picture's
    // first frame, a keyframe (forced in the encoder); what was composited before it is not handed on.
    void push_main(GstSample* sample);
    // An interpreter's video access unit. Any thread (the interpreter input's streaming thread). It may come before
    // the main picture's first frame (so the interpreter is decoded by the time the main picture starts).
    void push_inset(GstSample* sample);

    // Frames composited and handed on so far. Any thread.
    std::uint64_t frames_out() const { return frames_out_; }
    // How far main frames lately arrived from where the first one's arrival placed them (ns, smoothed over about
    // 1.5 s; positive: later). The encoder's clock and ours run at slightly different rates (50 ppm is 0.18 s an
    // hour). Any thread.
    std::int64_t main_drift_ns() const;
    // A new interpreter's encoder: its first frames are placed anew, and its picture's aspect is read again. Any
    // thread (before that encoder's first frame is pushed).
    void restart_inset();

    // Entry point for the appsink callback (a free function in the .cpp); not for other callers.
    void on_composited(GstSample* sample);
    using Gate = CallbackGate<PictureInPicture>;

private:
    // A source's first running time (its samples' running_times()) and where on the pipeline's clock it was placed.
    struct Anchor {
        std::int64_t first_pts = -1;
        std::int64_t running = 0;
    };
    GstClockTime running_time_now() const;
    double frames_per_second() const { return std::max(1.0, static_cast<double>(layout_.fps_n) / std::max(layout_.fps_d, 1)); }
    // Places the sample on the clock `lead` ns ahead of now (the first, or every one that drifted with `resync`) and
    // pushes it; the running time it was anchored at when it set the anchor.
    std::optional<std::int64_t> push(GstElement* source, GstSample* sample, Anchor& anchor, std::int64_t lead, bool resync);

    std::string name_;
    PictureLayout layout_;
    Output on_sample_;
    std::shared_ptr<Gate> gate_;
    GstElement* pipeline_ = nullptr;
    GstElement* main_src_ = nullptr;
    GstElement* inset_src_ = nullptr;
    GstElement* sink_ = nullptr;  // the appsink (owned by the pipeline)
    GstPad* inset_pad_ = nullptr;  // the compositor's pad for the interpreter (owned by the compositor)
    guint bus_watch_ = 0;
    mutable std::mutex anchors_mutex_;
    Anchor main_anchor_, inset_anchor_;
    std::atomic<bool> inset_placed_{false};  // the inset pad's size set from the interpreter's first caps
    std::atomic<std::uint64_t> frames_out_{0};
    std::int64_t main_drift_ns_ = 0;  // guarded by anchors_mutex_
    bool output_begun_ = false;  // a keyframe has been handed on (the appsink's thread only)
};

}  // namespace openhall::streamer
