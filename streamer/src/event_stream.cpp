#include "openhall/streamer/event_stream.hpp"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace openhall::streamer {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

constexpr auto kTickEvery = milliseconds{200};
constexpr auto kBackoffMax = milliseconds{8000};
constexpr auto kBitrateWindow = milliseconds{2000};
// Audio within this of the video keyframe keeps the source's own lip sync; further away, the two tracks were
// never synchronised (an RTSP camera before RTCP arrives) and audio starts where the video does.
constexpr GstClockTime kMaxAudioOffset = GST_SECOND;

gboolean tick(gpointer self) { return static_cast<EventStream*>(self)->on_tick(); }
gboolean restart(gpointer self) { return static_cast<EventStream*>(self)->on_restart_input(); }

bool is_keyframe(GstBuffer* buffer) { return !GST_BUFFER_FLAG_IS_SET(buffer, GST_BUFFER_FLAG_DELTA_UNIT); }

// Timestamps compared across tracks must be running times: encoders may shift a track's timestamps (x264enc
// adds 1000 hours) and compensate in its segment.
struct RunningTimes {
    GstClockTime pts = GST_CLOCK_TIME_NONE;
    GstClockTime dts = GST_CLOCK_TIME_NONE;  // the PTS when the buffer has no DTS
};

RunningTimes running_times(GstSample* sample) {
    GstBuffer* buffer = gst_sample_get_buffer(sample);
    const GstSegment* segment = gst_sample_get_segment(sample);
    auto convert = [&](GstClockTime t) -> GstClockTime {
        if (!GST_CLOCK_TIME_IS_VALID(t)) return GST_CLOCK_TIME_NONE;
        if (!segment || segment->format != GST_FORMAT_TIME) return t;
        guint64 rt = 0;
        // A decode time may fall before the segment's start (B-frames); treat that as zero.
        return gst_segment_to_running_time_full(segment, GST_FORMAT_TIME, t, &rt) > 0 ? rt : 0;
    };
    RunningTimes r{convert(GST_BUFFER_PTS(buffer)), convert(GST_BUFFER_DTS(buffer))};
    if (!GST_CLOCK_TIME_IS_VALID(r.dts)) r.dts = r.pts;
    return r;
}

milliseconds to_ms(GstClockTime t) { return milliseconds{static_cast<long long>(t / GST_MSECOND)}; }

std::int64_t index_of(const std::string& file) {
    // "seg00012.ts" → 12
    std::int64_t value = 0;
    const auto digits = file.find_first_of("0123456789");
    if (digits != std::string::npos) std::from_chars(file.data() + digits, file.data() + file.size(), value);
    return value;
}

}  // namespace

EventStream::EventStream(core::EventId event, InputSpec input, std::filesystem::path folder,
                         std::optional<core::MediaSegment> previous, SegmentHandler on_segment,
                         FinishedHandler on_finished)
    : event_(event), input_spec_(std::move(input)), name_(fmt::format("event-{}", event.value)),
      folder_(std::move(folder)), on_segment_(std::move(on_segment)), on_finished_(std::move(on_finished)) {
    int first_index = 0;
    if (previous) {
        // A restarted recording continues the timeline after the last segment, with a discontinuity.
        out_end_ = static_cast<GstClockTime>((previous->media_start + previous->duration).count()) * GST_MSECOND;
        first_index = static_cast<int>(previous->sequence + 1);
        anything_written_ = true;
    }
    output_ = std::make_unique<LiveOutput>(
        name_ + "-output", folder_, first_index, [this](const Fragment& f) { on_fragment(f); },
        [this] { on_finished_(); });
}

EventStream::~EventStream() {
    tick_.reset();
    restart_.reset();
    // Inputs stop first (joining their streaming threads) so nothing pushes into a stopped output.
    input_.reset();
    slate_.reset();
    output_.reset();
}

void EventStream::start() {
    std::filesystem::create_directories(folder_);
    output_->start();
    started_at_ = steady_clock::now();
    start_input();
    tick_ = SourceId(g_timeout_add(static_cast<guint>(kTickEvery.count()), tick, this));
}

void EventStream::start_input() {
    input_ = std::make_unique<InputPipeline>(
        name_ + "-input", input_spec_,
        [this](Track track, GstSample* sample) { on_sample(Source::Input, track, sample); },
        [this](const std::string& reason) { input_failed(reason); });
    try {
        input_->start();
    } catch (const std::exception& e) {
        input_failed(e.what());
    }
}

void EventStream::input_failed(const std::string& reason) {
    // Called from the input's own bus watch: schedule the restart, never destroy the input here.
    if (input_ && input_->ended() && input_spec_.kind == InputSpec::Kind::File) {
        // A clip is played once; the slate carries the event on until staff end it.
        spdlog::info("{}: the media file has played to its end", name_);
        return;
    }
    last_error_ = reason;
    if (finishing_ || restart_pending_) return;
    restart_pending_ = true;
    ++restarts_;
    spdlog::warn("{}: input stopped ({}); trying again in {} ms", name_, reason, backoff_.count());
    restart_ = SourceId(g_timeout_add(static_cast<guint>(backoff_.count()), restart, this));
    backoff_ = std::min(backoff_ * 2, kBackoffMax);
}

gboolean EventStream::on_restart_input() {
    restart_.forget();
    restart_pending_ = false;
    input_.reset();
    {
        // The new input's timestamps start afresh: it takes over at its first keyframe, like a new source.
        std::lock_guard lock(mutex_);
        input_restarted_ = true;
    }
    if (!finishing_) start_input();
    return G_SOURCE_REMOVE;
}

void EventStream::on_sample(Source from, Track track, GstSample* sample) {
    GstBuffer* buffer = gst_sample_get_buffer(sample);
    if (!buffer) return;
    std::lock_guard lock(mutex_);
    const auto now = steady_clock::now();
    if (from == Source::Input) last_input_at_ = now;
    if (active_ == from && !(from == Source::Input && input_restarted_)) {
        forward(track, sample);
        return;
    }
    // Another source is active: take over only at a video keyframe, and the slate only while the input is lost.
    if (track != Track::Video || !is_keyframe(buffer)) return;
    const bool input_lost = active_ == Source::None || now - last_input_at_ > kSignalLossAfter;
    if (from == Source::Slate && !input_lost) return;
    switch_to(from, running_times(sample).dts, gst_sample_get_caps(sample));
    forward(track, sample);
}

void EventStream::switch_to(Source source, GstClockTime keyframe_time, GstCaps* caps) {
    if (anything_written_) {
        output_->split_at_next_keyframe();
        discontinuities_.push_back(out_end_);
    }
    in_base_ = keyframe_time;
    audio_base_ = GST_CLOCK_TIME_NONE;
    out_base_ = out_end_;
    caps_sent_[0] = caps_sent_[1] = false;
    anchors_.push_back({out_base_, std::chrono::time_point_cast<milliseconds>(std::chrono::system_clock::now())});
    if (source == Source::Input && caps) {
        const GstStructure* s = gst_caps_get_structure(caps, 0);
        gst_structure_get_int(s, "width", &picture_width_);
        gst_structure_get_int(s, "height", &picture_height_);
    }
    spdlog::info("{}: now showing {}", name_, source == Source::Input ? "the input" : "the slate");
    active_ = source;
    if (source == Source::Input) input_restarted_ = false;
}

void EventStream::forward(Track track, GstSample* sample) {
    GstBuffer* in = gst_sample_get_buffer(sample);
    const auto [pts, dts] = running_times(sample);
    if (!GST_CLOCK_TIME_IS_VALID(dts)) return;
    if (track == Track::Audio && !GST_CLOCK_TIME_IS_VALID(audio_base_)) {
        const auto distance = dts > in_base_ ? dts - in_base_ : in_base_ - dts;
        audio_base_ = distance <= kMaxAudioOffset ? in_base_ : dts;
        if (audio_base_ != in_base_)
            spdlog::info("{}: audio and video timestamps are {} ms apart; aligning them", name_, distance / GST_MSECOND);
    }
    const GstClockTime base = track == Track::Audio ? audio_base_ : in_base_;
    // Anything from before the switch keyframe (audio that ran ahead) is not part of this source's stretch.
    if (dts < base) return;
    GstBuffer* out = gst_buffer_copy(in);  // shares the memory; only the metadata is copied
    GST_BUFFER_PTS(out) = GST_CLOCK_TIME_IS_VALID(pts) ? pts - std::min(pts, base) + out_base_ : GST_CLOCK_TIME_NONE;
    GST_BUFFER_DTS(out) = GST_BUFFER_DTS_IS_VALID(in) ? dts - base + out_base_ : GST_CLOCK_TIME_NONE;
    const GstClockTime end = (GST_BUFFER_PTS_IS_VALID(out) ? GST_BUFFER_PTS(out) : GST_BUFFER_DTS(out)) +
                             (GST_BUFFER_DURATION_IS_VALID(out) ? GST_BUFFER_DURATION(out) : 0);
    out_end_ = std::max(out_end_, end);
    auto& sent = caps_sent_[track == Track::Video ? 0 : 1];
    if (!sent && track == Track::Audio && active_ == Source::Input) {
        // The slate copies the input's sound format so the recording's audio never changes format.
        if (GstCaps* caps = gst_sample_get_caps(sample)) {
            const GstStructure* s = gst_caps_get_structure(caps, 0);
            gst_structure_get_int(s, "rate", &audio_rate_);
            gst_structure_get_int(s, "channels", &audio_channels_);
        }
    }
    output_->push(track, out, sent ? nullptr : gst_sample_get_caps(sample));
    sent = true;
    anything_written_ = true;
}

gboolean EventStream::on_tick() {
    bool start_slate = false, stop_slate = false;
    InputSpec slate_spec;
    {
        std::lock_guard lock(mutex_);
        const auto now = steady_clock::now();
        const bool input_lost = (active_ == Source::None && now - started_at_ > kSignalLossAfter) ||
                                (active_ != Source::None && now - last_input_at_ > kSignalLossAfter);
        start_slate = input_lost && !slate_ && !finishing_;
        stop_slate = active_ == Source::Input && slate_ != nullptr;
        if (active_ == Source::Input) backoff_ = milliseconds{500};
        if (now - bitrate_window_start_ >= kBitrateWindow) {
            // A restarted input counts from zero again.
            const std::uint64_t bytes = input_ ? input_->counters().bytes.load() : 0;
            const auto received = bytes >= bitrate_window_bytes_ ? bytes - bitrate_window_bytes_ : bytes;
            const auto elapsed_ms = std::chrono::duration_cast<milliseconds>(now - bitrate_window_start_).count();
            input_bitrate_ = elapsed_ms > 0 ? received * 8 * 1000 / static_cast<std::uint64_t>(elapsed_ms) : 0;
            bitrate_window_start_ = now;
            bitrate_window_bytes_ = bytes;
        }
        slate_spec = {InputSpec::Kind::Slate, "", picture_width_, picture_height_, audio_rate_, audio_channels_};
    }
    // Pipelines start and stop outside the lock: stopping one waits for its streaming threads, which take it.
    if (stop_slate) slate_.reset();
    if (start_slate) {
        slate_ = std::make_unique<InputPipeline>(
            name_ + "-slate", slate_spec, [this](Track track, GstSample* sample) { on_sample(Source::Slate, track, sample); },
            [this](const std::string& reason) { last_error_ = "slate: " + reason; });
        slate_->start();
    }
    return G_SOURCE_CONTINUE;
}

void EventStream::finish() {
    if (finishing_) return;
    finishing_ = true;
    tick_.reset();
    restart_.reset();
    input_.reset();
    slate_.reset();
    output_->finish();
}

core::WallMillis EventStream::wall_clock_at(GstClockTime running_time) const {
    const Anchor* best = nullptr;
    for (const auto& a : anchors_)
        if (a.running_time <= running_time) best = &a;
    if (!best && !anchors_.empty()) best = &anchors_.front();
    if (!best) return std::chrono::time_point_cast<milliseconds>(std::chrono::system_clock::now());
    return best->wall + to_ms(running_time) - to_ms(best->running_time);
}

void EventStream::on_fragment(const Fragment& fragment) {
    core::MediaSegment segment;
    {
        std::lock_guard lock(mutex_);
        segment.program_date_time = wall_clock_at(fragment.start);
        // The segment begins where the source changed (within a frame or two).
        segment.discontinuity = std::any_of(discontinuities_.begin(), discontinuities_.end(), [&](GstClockTime t) {
            const auto distance = t > fragment.start ? t - fragment.start : fragment.start - t;
            return distance < 200 * GST_MSECOND;
        });
    }
    segment.sequence = index_of(fragment.file);
    segment.uri = fragment.file;
    segment.media_start = to_ms(fragment.start);
    segment.duration = to_ms(fragment.end) - to_ms(fragment.start);
    on_segment_(segment);
}

StreamHealth EventStream::health() const {
    std::lock_guard lock(mutex_);
    StreamHealth h;
    h.state = finishing_ ? "finishing" : active_ == Source::Input ? "input" : active_ == Source::Slate ? "slate" : "waiting";
    if (input_) {
        h.transcoding = input_->counters().transcoding;
        h.video_frames = input_->counters().video_frames;
        h.input_bytes = input_->counters().bytes;
    }
    h.input_bitrate = input_bitrate_;
    h.input_restarts = restarts_;
    h.last_error = last_error_;
    return h;
}

}  // namespace openhall::streamer
