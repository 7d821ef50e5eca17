#include "openhall/streamer/picture_in_picture_switch.hpp"

#include <algorithm>
#include <cstdlib>

#include <spdlog/spdlog.h>

#include "openhall/streamer/filler_media.hpp"

namespace openhall::streamer {
namespace {

bool is_keyframe(GstSample* sample) {
    GstBuffer* buffer = gst_sample_get_buffer(sample);
    return buffer && !GST_BUFFER_FLAG_IS_SET(buffer, GST_BUFFER_FLAG_DELTA_UNIT);
}

SampleRef ref_sample(GstSample* sample) { return SampleRef(gst_sample_ref(sample)); }

std::optional<PictureLayout> layout_of(GstCaps* caps) {
    const auto format = video_format_of(caps);
    if (!format) return std::nullopt;
    PictureLayout layout;
    layout.width = format->width;
    layout.height = format->height;
    layout.fps_n = format->fps_n;
    layout.fps_d = format->fps_d;
    return layout;
}

// Whether the main picture still has the size the compositor was built for.
bool fits(GstCaps* caps, const PictureLayout& layout) {
    const auto now = layout_of(caps);
    return now && now->width == layout.width && now->height == layout.height;
}

}  // namespace

PictureInPictureSwitch::PictureInPictureSwitch(std::string name, OutputTimeline& timeline)
    : name_(std::move(name)), timeline_(timeline) {}

// A compositor's destructor waits for an output in progress, which takes the lock: compositors are destroyed
// outside it.
PictureInPictureSwitch::~PictureInPictureSwitch() { stop(); }

void PictureInPictureSwitch::main_started(std::uint64_t generation) {
    std::lock_guard lock(mutex_);
    generation_ = generation;
    main_active_ = true;
    main_caps_.reset();
    phase_ = Phase::Off;
    retire();
}

void PictureInPictureSwitch::main_stopped() {
    std::lock_guard lock(mutex_);
    main_active_ = false;  // its last frames, still on their way, are not looked at
    main_caps_.reset();
    phase_ = Phase::Off;
    retire();
}

void PictureInPictureSwitch::main_video(std::uint64_t generation, GstSample* sample) {
    std::lock_guard lock(mutex_);
    // An earlier or stopped attempt's frame: the timeline would refuse it too.
    if (generation != generation_ || !main_active_) return;
    if (GstCaps* caps = gst_sample_get_caps(sample); caps && (!main_caps_ || !gst_caps_is_equal(caps, main_caps_.get())))
        main_caps_ = ref_caps(caps);
    const bool keyframe = is_keyframe(sample);
    switch (phase_) {
        case Phase::Off:
            to_timeline(sample);
            return;
        case Phase::Joining:
            if (!keyframe || !inset_fed_) {  // the interpreter decoded first, so it is there from the first frame
                to_timeline(sample);
                return;
            }
            if (!fits(main_caps_.get(), layout_)) {  // built for another size: built again on the next tick
                phase_ = Phase::Off;
                retire();
                to_timeline(sample);
                return;
            }
            feed_main(sample);
            output_at_ = Clock::now();
            phase_ = Phase::On;
            return;
        case Phase::On:
            if (!keyframe || fits(main_caps_.get(), layout_)) {
                feed_main(sample);
                return;
            }
            spdlog::info("{}: the main picture changed size; the interpreter's picture is placed again", name_);
            phase_ = Phase::Leaving;
            [[fallthrough]];
        case Phase::Leaving:
            if (!leave_at_) {
                if (!keyframe) {
                    feed_main(sample);
                    return;
                }
                const auto times = running_times(sample);
                if (!times.valid) return;
                leave_at_ = times.pts;
                leave_since_ = Clock::now();
            }
            held_.push_back(ref_sample(sample));
            if (held_.size() > kMaxHeld) resume_passthrough();
            return;
    }
}

void PictureInPictureSwitch::inset_video(GstSample* sample) {
    std::lock_guard lock(mutex_);
    inset_at_ = Clock::now();
    if (!compositor_ || phase_ == Phase::Off) return;
    if (!inset_fed_) {
        if (!is_keyframe(sample)) return;  // its decoder starts at a keyframe
        inset_fed_ = true;
    }
    compositor_->push_inset(sample);
}

void PictureInPictureSwitch::composited(std::uint64_t serial, GstSample* sample) {
    std::lock_guard lock(mutex_);
    if (serial != serial_ || !compositor_ || (phase_ != Phase::On && phase_ != Phase::Leaving)) return;
    const auto times = running_times(sample);
    if (!times.valid || times.pts > last_main_pts_ + kMainGapNs) return;  // the interpreter's picture alone
    output_at_ = Clock::now();
    if (phase_ == Phase::Leaving && leave_at_ && times.pts >= *leave_at_) {
        resume_passthrough();  // everything before the held keyframe has been handed on
        return;
    }
    if (!output_begun_) {
        spdlog::info("{}: showing the interpreter's picture", name_);
        timeline_.input_encoder_changes(generation_);
        output_begun_ = true;
    }
    to_timeline(sample);
    ++frames_composited_;
}

void PictureInPictureSwitch::tick() {
    std::vector<std::unique_ptr<PictureInPicture>> dead;
    std::optional<PictureLayout> wanted;
    std::uint64_t generation = 0, serial = 0;
    {
        std::lock_guard lock(mutex_);
        dead.swap(retired_);
        const auto now = Clock::now();
        const bool present = inset_at_ != Clock::time_point{} && now - inset_at_ < kInsetLost;
        switch (phase_) {
            case Phase::Off:
                if (present && main_caps_ && now >= retry_at_) {
                    wanted = layout_of(main_caps_.get());
                    generation = generation_;
                    serial = serial_ + 1;
                }
                break;
            case Phase::Joining:
                if (!present) {
                    phase_ = Phase::Off;
                    retire();
                }
                break;
            case Phase::On:
                if (!present) {
                    spdlog::info("{}: the interpreter's picture has stopped", name_);
                    phase_ = Phase::Leaving;
                } else if (std::llabs(compositor_->main_drift_ns()) > kMaxMainDriftNs) {
                    spdlog::info("{}: the main encoder's clock moved {} ms from ours; its picture is placed again",
                                 name_, compositor_->main_drift_ns() / 1'000'000);
                    phase_ = Phase::Leaving;
                } else if (now - output_at_ > kStalled) {
                    spdlog::error("{}: the picture-in-picture compositor stopped; the main picture is shown alone", name_);
                    retry_at_ = now + kRetryAfter;
                    phase_ = Phase::Leaving;
                }
                break;
            case Phase::Leaving:
                if (leave_at_ && now - leave_since_ > kLeaveTimeout) resume_passthrough();
                break;
        }
    }
    dead.clear();  // outside the lock (see the destructor)
    if (wanted) build(*wanted, generation, serial);
}

void PictureInPictureSwitch::build(const PictureLayout& layout, std::uint64_t generation, std::uint64_t serial) {
    auto compositor = std::make_unique<PictureInPicture>(
        name_ + "-pip-" + std::to_string(serial), layout,
        [this, serial](GstSample* sample) { composited(serial, sample); });
    try {
        compositor->start();
    } catch (const std::exception& e) {
        spdlog::error("{}: the interpreter's picture cannot be shown: {}", name_, e.what());
        std::lock_guard lock(mutex_);
        retry_at_ = Clock::now() + kRetryAfter;
        return;
    }
    std::lock_guard lock(mutex_);
    if (phase_ != Phase::Off || generation != generation_) {
        retired_.push_back(std::move(compositor));
        return;
    }
    compositor_ = std::move(compositor);
    serial_ = serial;
    layout_ = layout;
    inset_fed_ = output_begun_ = false;
    last_main_pts_ = 0;
    phase_ = Phase::Joining;
}

void PictureInPictureSwitch::resume_passthrough() {
    // Even when none of the compositor's output was handed on: the main video stopped reaching the timeline at the
    // join, and its keyframe held back starts a stretch right where the picture stopped.
    timeline_.input_encoder_changes(generation_);
    for (auto& sample : held_) to_timeline(sample.get());
    held_.clear();
    leave_at_.reset();
    phase_ = Phase::Off;
    retire();
    spdlog::info("{}: the main picture is shown alone again", name_);
}

void PictureInPictureSwitch::feed_main(GstSample* sample) {
    if (const auto times = running_times(sample); times.valid) last_main_pts_ = std::max(last_main_pts_, times.pts);
    compositor_->push_main(sample);
}

void PictureInPictureSwitch::inset_restarted() {
    std::lock_guard lock(mutex_);
    inset_fed_ = false;
    if (compositor_) compositor_->restart_inset();
}

void PictureInPictureSwitch::stop() {
    std::unique_ptr<PictureInPicture> current;
    std::vector<std::unique_ptr<PictureInPicture>> retired;
    {
        std::lock_guard lock(mutex_);
        main_active_ = false;
        phase_ = Phase::Off;
        held_.clear();
        leave_at_.reset();
        current = std::move(compositor_);
        retired.swap(retired_);
    }
    // Destroyed here, outside the lock.
}

void PictureInPictureSwitch::retire() {
    if (compositor_) retired_.push_back(std::move(compositor_));
    held_.clear();
    leave_at_.reset();
}

void PictureInPictureSwitch::to_timeline(GstSample* sample) { timeline_.on_input_sample(generation_, Track::Video, sample); }

bool PictureInPictureSwitch::shown() const {
    std::lock_guard lock(mutex_);
    return (phase_ == Phase::On || phase_ == Phase::Leaving) && output_begun_;
}

std::uint64_t PictureInPictureSwitch::frames_composited() const {
    std::lock_guard lock(mutex_);
    return frames_composited_;
}

}  // namespace openhall::streamer
