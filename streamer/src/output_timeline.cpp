#include "openhall/streamer/output_timeline.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

namespace openhall::streamer {
namespace {

using std::chrono::milliseconds;

constexpr auto kPaceEvery = milliseconds{10};
// Consecutive frames further apart than this mean the input's clock jumped (a 33-bit wrap, an encoder restart
// within one connection), not that frames were lost.
constexpr GstClockTime kVideoLeap = 2 * GST_SECOND;
// Audio this far from where it should be is a jump of the source's timestamps: restamp from here, do not fill.
constexpr std::int64_t kAudioJump = 2 * static_cast<std::int64_t>(GST_SECOND);
// The first audio of a stretch further than this from the video keyframe was never synchronised with it (an RTSP
// camera before RTCP arrives): audio starts where the video does.
constexpr std::int64_t kUnsynchronisedAudio = static_cast<std::int64_t>(GST_SECOND);
// A gap in the output's wall clock longer than this is not caught up with a burst of slate frames.
constexpr auto kMaxCatchUp = milliseconds{3000};

const VideoFormat kDefaultFormat{};

std::int64_t signed_ns(GstClockTime t) { return static_cast<std::int64_t>(t); }
// An input running time moved onto the output timeline (never before its start).
GstClockTime shifted(std::int64_t t, std::int64_t offset) { return static_cast<GstClockTime>(std::max<std::int64_t>(0, t + offset)); }

}  // namespace

OutputTimeline::OutputTimeline(Settings settings, Writer writer, LongGopHandler on_long_gop)
    : settings_(std::move(settings)), writer_(std::move(writer)), on_long_gop_(std::move(on_long_gop)),
      video_end_(settings_.start), audio_end_(settings_.start) {
    anything_written_ = settings_.continues_recording;
}

OutputTimeline::~OutputTimeline() {
    stop();
    if (pacer_.joinable()) pacer_.join();
}

void OutputTimeline::start() {
    silent_aac_frame();  // encoded once per process; ready before any gap needs it
    pacer_ = std::thread([this] { run(); });
}

void OutputTimeline::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
}

core::WallMillis OutputTimeline::wall_at(Clock::time_point t) {
    const auto wall = std::chrono::system_clock::now() - (Clock::now() - t);
    return std::chrono::time_point_cast<milliseconds>(wall);
}

bool OutputTimeline::recent(Clock::time_point t, Clock::time_point now) const {
    return t != Clock::time_point{} && now - t < settings_.signal_loss;
}

void OutputTimeline::input_started(std::uint64_t generation) {
    std::lock_guard lock(mutex_);
    generation_ = generation;
    input_active_ = true;
    has_video_.reset();
    has_audio_.reset();
    video_arrived_ = audio_arrived_ = video_taken_ = Clock::time_point{};
    started_at_ = Clock::now();
    long_gop_ = false;
}

void OutputTimeline::input_stopped(std::uint64_t generation) {
    {
        std::lock_guard lock(mutex_);
        if (generation != generation_) return;
        input_active_ = false;
    }
    wake_.notify_all();
}

void OutputTimeline::input_tracks(std::uint64_t generation, bool has_video, bool has_audio) {
    {
        std::lock_guard lock(mutex_);
        if (generation != generation_) return;
        has_video_ = has_video;
        has_audio_ = has_audio;
    }
    wake_.notify_all();
}

TimelineStatus OutputTimeline::status() const {
    std::lock_guard lock(mutex_);
    return {video_feed_, audio_feed_, input_format_, video_end_, long_gop_, slate_ != nullptr};
}

// ---- the pacing thread -------------------------------------------------------------------------------------------

void OutputTimeline::run() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        lock.unlock();
        prepare_cards();
        lock.lock();
        if (stopping_) break;
        pace(Clock::now());
        wake_.wait_for(lock, kPaceEvery);
    }
}

// Cards are encoded at the input's picture size and rate, outside the lock (it takes a few hundred ms).
void OutputTimeline::prepare_cards() {
    VideoFormat format;
    {
        std::lock_guard lock(mutex_);
        format = input_format_.value_or(cards_format_.value_or(kDefaultFormat));
        if (cards_format_ == format) return;
    }
    try {
        auto slate = std::make_shared<const EncodedCard>(encode_card(Card::Slate, "", format));
        auto audio_only = std::make_shared<const EncodedCard>(encode_card(Card::AudioOnly, settings_.title, format));
        std::lock_guard lock(mutex_);
        slate_ = std::move(slate);
        audio_only_card_ = std::move(audio_only);
        cards_format_ = format;
    } catch (const std::exception& e) {
        spdlog::error("the slate could not be encoded: {}", e.what());
        std::unique_lock lock(mutex_);
        wake_.wait_for(lock, std::chrono::seconds{5}, [&] { return stopping_; });
    }
}

VideoFeed OutputTimeline::wanted_video(Clock::time_point now) const {
    const bool alive = input_active_ && (recent(video_arrived_, now) || recent(audio_arrived_, now));
    // A source without video: said so by its demuxer, or sound alone for a while.
    const bool no_video_track = alive && (has_video_ == false || (video_arrived_ == Clock::time_point{} &&
                                                                   now - started_at_ >= settings_.signal_loss));
    // Before the first picture nothing is written (no slate for an encoder that has not connected yet).
    if (!input_seen_ && !settings_.continues_recording) return no_video_track ? VideoFeed::AudioOnlyCard : VideoFeed::None;
    if (!alive) return VideoFeed::Slate;
    if (no_video_track) return VideoFeed::AudioOnlyCard;
    // The input has video, but none usable lately (its timestamps jumped, its keyframes are too far apart).
    if (!recent(video_taken_, now)) return VideoFeed::Slate;
    return VideoFeed::Input;
}

bool OutputTimeline::needs_silence(Clock::time_point now) const {
    if (video_feed_ == VideoFeed::None) return false;
    if (video_feed_ == VideoFeed::Slate || !input_active_ || has_audio_ == false) return true;
    // With the input's picture or the audio-only card: silence once the input's sound has been missing a while (it
    // usually arrives a little after the picture).
    return !recent(audio_arrived_, now) && now - stretch_started_at_ >= settings_.signal_loss;
}

void OutputTimeline::pace(Clock::time_point now) {
    const VideoFeed wanted = wanted_video(now);
    if ((wanted == VideoFeed::Slate || wanted == VideoFeed::AudioOnlyCard) && wanted != video_feed_)
        begin_filler(wanted, now);
    if (video_feed_ == VideoFeed::Slate || video_feed_ == VideoFeed::AudioOnlyCard) emit_filler(now);
    if (needs_silence(now)) {
        const GstClockTime frame = silent_aac_frame().duration;
        while (audio_end_ + frame <= video_end_) write_silence();
    }
}

void OutputTimeline::begin_filler(VideoFeed feed, Clock::time_point now) {
    auto card = feed == VideoFeed::Slate ? slate_ : audio_only_card_;
    if (!card) return;  // still being encoded; the next round starts it
    spdlog::info("timeline: showing the {}", feed == VideoFeed::Slate ? "slate" : "audio-only card");
    video_feed_ = feed;
    input_seen_ = true;
    stretch_started_at_ = now;
    filler_ = std::move(card);
    filler_count_ = 0;
    filler_start_ = video_end_;
    // Continue from the moment the last frame was live, so the output keeps pace with the wall clock.
    filler_start_at_ = video_end_at_ == Clock::time_point{} ? now : std::max(video_end_at_, now - kMaxCatchUp);
}

void OutputTimeline::emit_filler(Clock::time_point now) {
    const auto& frames = filler_->frames;
    const GstClockTime duration = filler_->frame_duration;
    for (;;) {
        const auto due = filler_start_at_ + std::chrono::nanoseconds(filler_count_ * duration);
        if (due > now) return;
        const auto index = filler_count_ % frames.size();
        const GstClockTime at = filler_start_ + filler_count_ * duration;
        std::optional<SegmentMark> mark;
        if (index == 0) mark = SegmentMark{wall_at(due), filler_count_ == 0 && anything_written_};
        write_video(frames[index].get(), at, at, duration, filler_->caps.get(), mark);
        video_end_at_ = due + std::chrono::nanoseconds(duration);
        ++filler_count_;
    }
}

// ---- the input ----------------------------------------------------------------------------------------------------

void OutputTimeline::on_input_sample(std::uint64_t generation, Track track, GstSample* sample) {
    if (!gst_sample_get_buffer(sample)) return;
    const auto times = running_times(sample);
    if (!times.valid) return;  // nothing to place it by
    std::lock_guard lock(mutex_);
    if (stopping_ || !input_active_ || generation != generation_ || generation == refused_generation_) return;
    const auto now = Clock::now();
    if (track == Track::Video) {
        video_arrived_ = now;
        take_input_video(generation, sample, times, now);
    } else {
        audio_arrived_ = now;
        take_input_audio(sample, times);
    }
}

void OutputTimeline::input_encoder_changes(std::uint64_t generation) {
    std::lock_guard lock(mutex_);
    // The same path as timestamps that jumped, without the warning.
    if (video_feed_ == VideoFeed::Input && video_generation_ == generation) awaiting_keyframe_ = true;
}

void OutputTimeline::begin_input_stretch(std::uint64_t generation, std::int64_t keyframe_dts) {
    video_feed_ = VideoFeed::Input;
    input_seen_ = true;
    stretch_started_at_ = Clock::now();
    video_generation_ = generation;
    video_offset_ = signed_ns(video_end_) - keyframe_dts;
    stretch_origin_ = video_end_;
    awaiting_keyframe_ = false;
    audio_aligned_ = false;
    filler_.reset();
}

void OutputTimeline::take_input_video(std::uint64_t generation, GstSample* sample, const RunningTimes& times,
                                      Clock::time_point now) {
    GstBuffer* buffer = gst_sample_get_buffer(sample);
    GstCaps* caps = gst_sample_get_caps(sample);
    const bool keyframe = !GST_BUFFER_FLAG_IS_SET(buffer, GST_BUFFER_FLAG_DELTA_UNIT);
    const bool caps_changed = caps && (!input_caps_ || !gst_caps_is_equal(caps, input_caps_.get()));
    if (caps_changed)
        if (auto format = video_format_of(caps)) input_format_ = format;  // the slate is made to match, early
    bool discontinuity = false;
    if (video_feed_ != VideoFeed::Input || video_generation_ != generation) {
        if (!keyframe) return;  // a new source starts at a keyframe
        if (video_feed_ != VideoFeed::None) spdlog::info("timeline: showing the input");
        discontinuity = anything_written_;
        begin_input_stretch(generation, times.dts);
    } else {
        const bool backwards = times.dts <= last_in_dts_;
        const bool leap = times.dts > last_in_dts_ + signed_ns(kVideoLeap);
        if (backwards || leap || awaiting_keyframe_) {
            if (!keyframe) {
                if (!awaiting_keyframe_)
                    spdlog::warn("timeline: the input's timestamps jumped by {} ms; waiting for a keyframe",
                                 (times.dts - last_in_dts_) / signed_ns(GST_MSECOND));
                awaiting_keyframe_ = true;
                return;
            }
            discontinuity = true;
            begin_input_stretch(generation, times.dts);
        } else if (keyframe && caps_changed) {
            discontinuity = true;  // new codec parameters (a new picture size): same timing, a new segment
        } else if (!keyframe && shifted(times.dts, video_offset_) > gop_start_ + settings_.max_gop) {
            spdlog::warn("timeline: the input's keyframes are more than {} ms apart; it will be transcoded",
                         settings_.max_gop / GST_MSECOND);
            refused_generation_ = generation;
            long_gop_ = true;
            on_long_gop_(generation);
            return;
        }
    }
    if (caps_changed) {
        input_caps_ = ref_caps(caps);
        if (input_format_)
            input_frame_duration_ = gst_util_uint64_scale_int(GST_SECOND, input_format_->fps_d, input_format_->fps_n);
    }
    GstClockTime dts = shifted(times.dts, video_offset_);
    GstClockTime pts = std::max(dts, shifted(times.pts, video_offset_));
    GstClockTime duration = GST_BUFFER_DURATION_IS_VALID(buffer) ? GST_BUFFER_DURATION(buffer) : input_frame_duration_;
    if (input_format_ && input_format_->declared_rate) {
        // A source with a frame rate stays on its frame grid: an RTSP camera's timestamps shift by a few
        // milliseconds when RTCP synchronises its tracks, and a recording off its grid reads as another frame rate
        // (frames then collide in players and in ffmpeg). The grid starts where the stretch does.
        const auto on_grid = [&](GstClockTime t) {
            const auto frames = (t - std::min(t, stretch_origin_) + input_frame_duration_ / 2) / input_frame_duration_;
            return stretch_origin_ + frames * input_frame_duration_;
        };
        dts = on_grid(dts);
        pts = std::max(dts, on_grid(pts));
        duration = input_frame_duration_;
        if (GST_CLOCK_TIME_IS_VALID(last_out_dts_) && dts <= last_out_dts_) {
            dts = last_out_dts_ + input_frame_duration_;  // two frames in one slot: the later takes the next
            pts = std::max(pts, dts);
        }
    }
    if (GST_CLOCK_TIME_IS_VALID(last_out_dts_) && dts <= last_out_dts_) return;
    last_in_dts_ = times.dts;
    video_taken_ = now;
    if (keyframe) gop_start_ = dts;
    std::optional<SegmentMark> mark;
    if (keyframe) mark = SegmentMark{wall_at(now), discontinuity};
    write_video(buffer, pts, dts, duration, caps, mark);
    video_end_at_ = now + std::chrono::nanoseconds(duration);
}

void OutputTimeline::take_input_audio(GstSample* sample, const RunningTimes& times) {
    // Sound follows the picture: none before the input's video has begun (the slate has silence), except from a
    // source without video, shown over the audio-only card.
    const bool with_input_video = video_feed_ == VideoFeed::Input && video_generation_ == generation_;
    if (!with_input_video && video_feed_ != VideoFeed::AudioOnlyCard) return;
    GstBuffer* buffer = gst_sample_get_buffer(sample);
    const GstClockTime frame =
        GST_BUFFER_DURATION_IS_VALID(buffer) ? GST_BUFFER_DURATION(buffer) : silent_aac_frame().duration;
    if (!audio_aligned_) {
        audio_offset_ = with_input_video ? video_offset_ : signed_ns(audio_end_) - times.pts;
        const std::int64_t off = times.pts + audio_offset_ - signed_ns(audio_end_);
        if (with_input_video && std::abs(off) > kUnsynchronisedAudio) {
            spdlog::info("timeline: the input's audio is {} ms from its video; aligning them", off / signed_ns(GST_MSECOND));
            audio_offset_ = signed_ns(audio_end_) - times.pts;
        }
        audio_aligned_ = true;
    }
    std::int64_t off = times.pts + audio_offset_ - signed_ns(audio_end_);
    if (std::abs(off) > kAudioJump) {
        spdlog::warn("timeline: the input's audio timestamps jumped by {} ms", off / signed_ns(GST_MSECOND));
        audio_offset_ -= off;
        off = 0;
    }
    const auto half = signed_ns(frame) / 2;
    if (off < -half) return;  // overlaps what is written already
    for (; off > 3 * half; off -= signed_ns(silent_aac_frame().duration)) write_silence();
    write_audio(buffer, frame, gst_sample_get_caps(sample));
    audio_feed_ = AudioFeed::Input;
}

// ---- writing ------------------------------------------------------------------------------------------------------

namespace {

// A copy of `frame` (the metadata is copied, the memory shared) stamped for the output.
GstBuffer* stamped(GstBuffer* frame, GstClockTime pts, GstClockTime dts, GstClockTime duration) {
    GstBuffer* out = gst_buffer_copy(frame);
    GST_BUFFER_PTS(out) = pts;
    GST_BUFFER_DTS(out) = dts;
    GST_BUFFER_DURATION(out) = duration;
    GST_BUFFER_FLAG_UNSET(out, GST_BUFFER_FLAG_DISCONT);
    return out;
}

// `caps` when they differ from what the track last carried (and then they are what it carries), else null.
GstCaps* if_changed(GstCaps* caps, CapsRef& written) {
    if (!caps || (written && gst_caps_is_equal(caps, written.get()))) return nullptr;
    written = ref_caps(caps);
    return caps;
}

}  // namespace

void OutputTimeline::write_video(GstBuffer* frame, GstClockTime pts, GstClockTime dts, GstClockTime duration,
                                 GstCaps* caps, std::optional<SegmentMark> mark) {
    writer_(Track::Video, stamped(frame, pts, dts, duration), if_changed(caps, written_video_caps_), mark);
    anything_written_ = true;
    last_out_dts_ = dts;
    video_end_ = std::max(video_end_, pts + duration);
}

void OutputTimeline::write_audio(GstBuffer* frame, GstClockTime duration, GstCaps* caps) {
    writer_(Track::Audio, stamped(frame, audio_end_, audio_end_, duration), if_changed(caps, written_audio_caps_),
            std::nullopt);
    audio_end_ += duration;
}

void OutputTimeline::write_silence() {
    const auto& silence = silent_aac_frame();
    write_audio(silence.frame.get(), silence.duration, silence.caps.get());
    audio_feed_ = AudioFeed::Silence;
}

}  // namespace openhall::streamer
