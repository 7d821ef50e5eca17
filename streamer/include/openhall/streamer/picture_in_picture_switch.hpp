// Where an event's main video goes while a sign-language interpreter may come and go (issue 17; docs/streaming.md,
// "The interpreter's picture"): straight to the output timeline, or through the PictureInPicture compositor while
// the interpreter's picture arrives. Each switch happens at a keyframe, so the output stays decodable, and the
// timeline marks it as a discontinuity (another encoder, new codec parameters):
//
//   Off ──interpreter's picture seen (tick)──▶ Joining ──an interpreter's keyframe fed, then a main keyframe──▶ On
//   On ──no interpreter's picture for kInsetLost (tick), the main picture changed size, or its clock drifted──▶ Leaving
//   Leaving ──main keyframe K held back, then the compositor's output reaches K (or kLeaveTimeout)──▶ Off
//
// Joining: the compositor is built and fed the interpreter's picture from a keyframe; the main video still goes
// straight to the timeline until its next keyframe after that, which is the compositor's first main frame (its
// output is handed on from that frame, a forced keyframe, so nothing is shown twice, and the interpreter is already
// decoded there). Leaving: the compositor keeps the main video until the main input's next keyframe K; the frames
// from K on wait here until the compositor has handed on everything before K, then go to the timeline as they are.
// The sound never passes here: the compositor keeps the main input's timestamps, so it stays in sync.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <gst/gst.h>

#include "openhall/streamer/gst_handles.hpp"
#include "openhall/streamer/output_timeline.hpp"
#include "openhall/streamer/picture_in_picture.hpp"

namespace openhall::streamer {

class PictureInPictureSwitch {
public:
    // The interpreter's picture missing this long means the interpreter has gone (the timeline's signal loss).
    static constexpr std::chrono::milliseconds kInsetLost{1000};
    // Leaving waits at most this long for the compositor to reach the main keyframe held back.
    static constexpr std::chrono::milliseconds kLeaveTimeout{1500};
    // A compositor that hands on nothing for this long is given up, and not tried again before kRetryAfter.
    static constexpr std::chrono::milliseconds kStalled{3000};
    static constexpr std::chrono::milliseconds kRetryAfter{10000};
    // Main frames held back while leaving, at most (10 s at 25 fps): more means the compositor stopped.
    static constexpr std::size_t kMaxHeld = 250;
    // Composited frames further than this past the latest main frame are the interpreter's alone (the main video
    // stopped while its input stays connected): not handed on, so the timeline's slate covers the gap.
    static constexpr std::int64_t kMainGapNs = 200'000'000;
    // The main encoder's clock may drift this far from ours (PictureInPicture::main_drift_ns) before a new compositor
    // places it again (leaving and joining, a discontinuity each).
    static constexpr std::int64_t kMaxMainDriftNs = 250'000'000;

    // `timeline` outlives this object. Nothing is composited before tick() sees the interpreter's picture. Never
    // throws. Main loop.
    PictureInPictureSwitch(std::string name, OutputTimeline& timeline);
    // Destroys the compositor, if any (no output reaches the timeline after this returns). Main loop; the inputs
    // that call main_video() and inset_video() are gone first.
    ~PictureInPictureSwitch();
    PictureInPictureSwitch(const PictureInPictureSwitch&) = delete;
    PictureInPictureSwitch& operator=(const PictureInPictureSwitch&) = delete;

    // A new attempt of the main input (the timeline's generation): its running times start afresh, so a compositor
    // placed on the old ones is dropped, and built again by tick(). Main loop.
    void main_started(std::uint64_t generation);
    // The main input's attempt stopped (its encoder left, its camera failed): the compositor, which has no main
    // picture to composite any more, is dropped; the timeline covers the gap with the slate. Main loop.
    void main_stopped();
    // A main video access unit of `generation` (InputPipeline's sample: H.264, running times in ns): to the timeline
    // or to the compositor. The main input's video streaming thread; the sample stays the caller's.
    void main_video(std::uint64_t generation, GstSample* sample);
    // An interpreter's video access unit (H.264). The interpreter input's streaming thread; the sample stays the
    // caller's.
    void inset_video(GstSample* sample);
    // A new interpreter's encoder (or a new attempt at reading it): its picture is decoded again from a keyframe and
    // placed by its own aspect. Main loop.
    void inset_restarted();
    // Builds the compositor when the interpreter's picture has come, starts leaving when it has stopped (or the
    // main picture's clock drifted), ends a leave the compositor does not finish, and destroys retired compositors.
    // Main loop, every 0.5 s.
    void tick();
    // The event's end: the compositor is destroyed now (the main video has stopped). Main loop.
    void stop();

    // Whether the output now carries the interpreter's picture. Any thread.
    bool shown() const;
    // Composited frames handed to the timeline since this event's stream started. Any thread.
    std::uint64_t frames_composited() const;

    // The compositor's output (PictureInPicture::Output) of compositor `serial`; not for other callers.
    void composited(std::uint64_t serial, GstSample* sample);

private:
    using Clock = std::chrono::steady_clock;
    enum class Phase { Off, Joining, On, Leaving };

    void build(const PictureLayout& layout, std::uint64_t generation, std::uint64_t serial);  // main loop, unlocked
    void resume_passthrough();  // lock held
    void retire();              // lock held: the compositor is destroyed on the next tick, outside the lock
    void to_timeline(GstSample* sample);  // lock held
    void feed_main(GstSample* sample);    // lock held: to compositor_, noting its time

    std::string name_;
    OutputTimeline& timeline_;

    mutable std::mutex mutex_;  // guards everything below; taken before the compositor's and the timeline's locks
    Phase phase_ = Phase::Off;
    std::uint64_t generation_ = 0;
    bool main_active_ = false;  // between main_started() and main_stopped()
    CapsRef main_caps_;  // of the current generation's latest main video frame
    std::unique_ptr<PictureInPicture> compositor_;
    std::uint64_t serial_ = 0;          // of compositor_; outputs of older compositors are ignored
    PictureLayout layout_{};            // compositor_'s
    bool inset_fed_ = false;            // compositor_ has had an interpreter's keyframe (the rest may follow)
    bool output_begun_ = false;         // compositor_'s output has reached the timeline
    Clock::time_point inset_at_{};      // the interpreter's latest frame
    Clock::time_point output_at_{};     // compositor_'s latest output, or when it was fed its first main frame
    Clock::time_point retry_at_{};      // no compositor before this (the last one stalled or did not start)
    std::int64_t last_main_pts_ = 0;    // running time of the latest main frame fed to compositor_
    std::optional<std::int64_t> leave_at_;  // Leaving: the running time of the main keyframe held back
    Clock::time_point leave_since_{};
    std::deque<SampleRef> held_;        // Leaving: main frames from that keyframe on
    std::vector<std::unique_ptr<PictureInPicture>> retired_;
    std::uint64_t frames_composited_ = 0;
};

}  // namespace openhall::streamer
