#include "openhall/streamer/event_stream.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "openhall/streamer/hls_playlist.hpp"

namespace openhall::streamer {

namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

constexpr auto kTickEvery = milliseconds{500};
constexpr auto kBitrateWindow = milliseconds{2000};

std::chrono::milliseconds to_ms(GstClockTime t) { return milliseconds{static_cast<long long>(t / GST_MSECOND)}; }

}  // namespace

std::string_view wire_name(InputProblem problem) {
    switch (problem) {
        case InputProblem::None: return "none";
        case InputProblem::NoVideoTrack: return "no_video_track";
        case InputProblem::NoAudioTrack: return "no_audio_track";
        case InputProblem::NoMediaTracks: return "no_media_tracks";
        case InputProblem::DecoderFailed: return "decoder_failed";
        case InputProblem::LongKeyframeInterval: return "long_keyframe_interval";
        case InputProblem::CallerRefused: return "caller_refused";
        case InputProblem::SourceFailed: return "source_failed";
    }
    return "none";
}

std::string_view wire_name(StreamState state) {
    switch (state) {
        case StreamState::Waiting: return "waiting";
        case StreamState::Input: return "input";
        case StreamState::AudioOnly: return "audio_only";
        case StreamState::Slate: return "slate";
        case StreamState::Finishing: return "finishing";
    }
    return "waiting";
}

bool is_failure(InputProblem problem) {
    switch (problem) {
        case InputProblem::None:
        case InputProblem::NoVideoTrack:          // how the input is: shown over the audio-only card
        case InputProblem::NoAudioTrack:          // how the input is: silence is recorded
        case InputProblem::LongKeyframeInterval:  // how the input is: transcoded
            return false;
        case InputProblem::NoMediaTracks:
        case InputProblem::DecoderFailed:
        case InputProblem::CallerRefused:
        case InputProblem::SourceFailed:
            return true;
    }
    return true;
}

EventStream::EventStream(core::EventId event, StreamSource source, std::filesystem::path folder,
                         std::optional<core::MediaSegment> previous, SegmentHandler on_segment,
                         FinishedHandler on_finished)
    : event_(event), source_(std::move(source)), name_(fmt::format("event-{}", event.value)), folder_(std::move(folder)),
      previous_(std::move(previous)), on_segment_(std::move(on_segment)), on_finished_(std::move(on_finished)),
      srt_(std::make_shared<SrtFeed>()) {}

EventStream::~EventStream() {
    retry_.reset();
    tick_.reset();
    drop_input();
    interpreter_.reset();  // before the switch its pictures go to
    pip_switch_.reset();   // before the timeline its compositor writes to
    if (timeline_) timeline_->stop();
    // Asked to stop in finish(): by now its thread (polling every 20 ms) has ended, and joining it is immediate.
    listener_.reset();
}

void EventStream::start() {
    std::filesystem::create_directories(folder_);
    GstClockTime start = 0;
    std::int64_t first_sequence = 0;
    if (previous_) {
        // A restarted recording continues the timeline after the last segment, with a discontinuity.
        start = static_cast<GstClockTime>((previous_->media_start + previous_->duration).count()) * GST_MSECOND;
        first_sequence = previous_->sequence + 1;
    }
    writer_ = std::make_unique<SegmentWriter>(
        name_ + "-output", folder_, first_sequence,
        [this](const SegmentWriter::Segment& s) {
            const auto start_ms = to_ms(s.start);
            on_segment_(core::MediaSegment{s.sequence, s.file, start_ms, to_ms(s.start + s.duration) - start_ms,
                                           s.program_date_time, s.discontinuity});
        },
        [this](bool clean) {
            if (!clean) last_error_ = "the segment writer did not drain; the last segment was closed as written";
            on_finished_();
        });
    writer_->start();
    OutputTimeline::Settings settings;
    settings.start = start;
    settings.continues_recording = previous_.has_value();
    settings.title = source_.title;
    settings.max_gop = static_cast<GstClockTime>(kTargetDurationSeconds) * GST_SECOND;
    timeline_ = std::make_unique<OutputTimeline>(
        settings,
        [writer = writer_.get()](Track track, GstBuffer* buffer, GstCaps* caps, std::optional<SegmentMark> mark) {
            writer->write(track, buffer, caps, mark);
        },
        [this, poster = guard_.poster()](std::uint64_t generation) {
            poster.post([this, generation] { keyframes_too_far_apart(generation); });
        });
    timeline_->start();
    pip_switch_ = std::make_unique<PictureInPictureSwitch>(name_, *timeline_);
    if (source_.interpreter_srt_port != 0) {
        interpreter_ = std::make_unique<InterpreterInput>(
            name_ + "-interpreter", source_.interpreter_srt_port, source_.interpreter_passphrase,
            [pip = pip_switch_.get()](GstSample* sample) { pip->inset_video(sample); },
            [pip = pip_switch_.get()] { pip->inset_restarted(); });
        try {
            interpreter_->start();
        } catch (const std::runtime_error& e) {  // the event goes on without its interpreter, and staff see why
            interpreter_failure_ = fmt::format("the interpreter's SRT port {} cannot be used: {}",
                                               source_.interpreter_srt_port, e.what());
            spdlog::error("{}: {}", name_, interpreter_failure_);
            interpreter_.reset();
        }
    }
    tick_ = SourceId(g_timeout_add(static_cast<guint>(kTickEvery.count()),
                                   [](gpointer self) -> gboolean {
                                       static_cast<EventStream*>(self)->on_tick();
                                       return G_SOURCE_CONTINUE;
                                   },
                                   this));
    if (source_.input.kind == InputSpec::Kind::Srt) start_listener();
    else start_attempt();
}

// SRT: attempts follow the listener's callers.
void EventStream::start_listener() {
    auto handlers = SrtFeed::listener_handlers(
        srt_, guard_.poster(),
        {[this](std::uint64_t caller) { srt_caller_connected(caller); },
         [this](std::uint64_t caller, const std::string& reason) { srt_caller_gone(caller, reason); },
         [this](const std::string& message) { set_problem(InputProblem::CallerRefused, message); }});
    listener_ = std::make_unique<SrtListener>(name_ + "-srt", source_.srt_port, source_.srt_passphrase, std::move(handlers));
    listener_->start();
}

void EventStream::set_problem(InputProblem problem, std::string text) {
    problem_ = problem;
    problem_text_ = std::move(text);
    if (is_failure(problem)) last_error_ = problem_text_;
}

// ---- input attempts -----------------------------------------------------------------------------------------------

void EventStream::start_attempt() {
    if (finishing_) return;
    const auto generation = ++generation_;
    timeline_->input_started(generation);
    pip_switch_->main_started(generation);
    InputPipeline::Handlers handlers;
    handlers.on_sample = [timeline = timeline_.get(), pip = pip_switch_.get(), generation](Track track, GstSample* sample) {
        if (track == Track::Video) pip->main_video(generation, sample);  // through the compositor while one is on
        else timeline->on_input_sample(generation, track, sample);
    };
    handlers.on_tracks = [this, generation](bool has_video, bool has_audio) {
        if (generation != generation_) return;
        timeline_->input_tracks(generation, has_video, has_audio);
        if (!has_video) set_problem(InputProblem::NoVideoTrack, "no video track: the sound is shown over a title card");
        else if (!has_audio) set_problem(InputProblem::NoAudioTrack, "no audio track: silence is recorded with the picture");
        else if (problem_ == InputProblem::NoVideoTrack || problem_ == InputProblem::NoAudioTrack) set_problem(InputProblem::None, "");
    };
    handlers.on_stopped = [this, generation](const InputStop& stop) {
        // From the input's own bus watch: never destroy it here.
        guard_.post([this, generation, stop] { attempt_stopped(generation, stop); });
    };
    input_ = std::make_unique<InputPipeline>(fmt::format("{}-input-{}", name_, generation), source_.input, std::move(handlers));
    try {
        input_->start();
    } catch (const std::exception& e) {
        attempt_stopped(generation, {InputStop::Why::Failed, e.what()});
        return;
    }
    if (source_.input.kind == InputSpec::Kind::Srt) srt_->attach(srt_caller_, input_->transport_input());
}

void EventStream::stop_input() {
    timeline_->input_stopped(generation_);  // the slate takes over once the input has been missing a while
    pip_switch_->main_stopped();
    drop_input();
}

void EventStream::drop_input() {
    if (!input_) return;
    last_report_ = input_->report();
    srt_->detach();
    input_.reset();  // retired without waiting
}

void EventStream::attempt_stopped(std::uint64_t generation, const InputStop& stop) {
    if (generation != generation_ || finishing_) return;
    stop_input();
    using Why = InputStop::Why;
    switch (stop.why) {
        case Why::Ended:
            if (source_.input.kind == InputSpec::Kind::File) {
                // A clip is played once; the slate carries the event on until staff end it.
                spdlog::info("{}: the media file has played to its end", name_);
                return;
            }
            break;
        case Why::TransportRefused: {
            if (transport_refused_) {  // refused both ways: a camera to fix, retried with back-off
                set_problem(InputProblem::SourceFailed, "the camera refused RTP over TCP and over UDP");
                break;
            }
            // The camera takes the other transport: ask for it at once, and keep asking for it.
            transport_refused_ = true;
            auto& transport = source_.input.rtsp_transport;
            transport = transport == InputSpec::RtspTransport::Tcp ? InputSpec::RtspTransport::Udp : InputSpec::RtspTransport::Tcp;
            spdlog::info("{}: the camera refused that transport; asking for RTP over {}", name_,
                         transport == InputSpec::RtspTransport::Tcp ? "TCP" : "UDP");
            start_attempt();
            return;
        }
        case Why::DecoderFailed: set_problem(InputProblem::DecoderFailed, "decoder failed: " + stop.message); break;
        case Why::NoMediaTracks: set_problem(InputProblem::NoMediaTracks, stop.message); break;
        case Why::Failed: set_problem(InputProblem::SourceFailed, stop.message); break;
    }
    last_error_ = stop.message;
    if (source_.input.kind == InputSpec::Kind::Srt && srt_caller_ == 0) return;  // waits for the next caller
    spdlog::warn("{}: input stopped ({}); trying again in {} ms", name_, stop.message, backoff_.count());
    schedule_retry();
}

void EventStream::schedule_retry() {
    ++restarts_;
    retry_ = SourceId(g_timeout_add(static_cast<guint>(backoff_.count()),
                                    [](gpointer self) -> gboolean {
                                        auto* stream = static_cast<EventStream*>(self);
                                        stream->retry_.forget();
                                        stream->start_attempt();
                                        return G_SOURCE_REMOVE;
                                    },
                                    this));
    backoff_ = std::min(backoff_ * 2, kLastRetry);
}

void EventStream::srt_caller_connected(std::uint64_t caller) {
    if (finishing_) return;
    stop_input();
    retry_.reset();
    srt_caller_ = caller;
    if (problem_ == InputProblem::CallerRefused) set_problem(InputProblem::None, "");
    start_attempt();
}

void EventStream::srt_caller_gone(std::uint64_t caller, const std::string& reason) {
    if (caller != srt_caller_ || finishing_) return;
    srt_caller_ = 0;
    retry_.reset();
    stop_input();
    spdlog::info("{}: the encoder disconnected ({}); the slate carries on", name_, reason);
}

void EventStream::keyframes_too_far_apart(std::uint64_t generation) {
    if (generation != generation_ || finishing_) return;
    // Sticky for this event: the encoder's settings are not going to change between its reconnections.
    source_.input.transcode_video = true;
    set_problem(InputProblem::LongKeyframeInterval,
                fmt::format("keyframes more than {} s apart: the video is transcoded", kTargetDurationSeconds));
    stop_input();
    start_attempt();  // SRT: a new pipeline for the same caller
}

// ---- health -------------------------------------------------------------------------------------------------------

void EventStream::on_tick() {
    pip_switch_->tick();
    const auto now = steady_clock::now();
    const auto feed = timeline_ ? timeline_->status().video : VideoFeed::None;
    if (feed == VideoFeed::Input || feed == VideoFeed::AudioOnlyCard) {  // the input is shown
        backoff_ = kFirstRetry;
        transport_refused_ = false;
        // An earlier failure is history (last_error keeps it).
        if (is_failure(problem_)) set_problem(InputProblem::None, "");
    }
    if (now - bitrate_window_start_ >= kBitrateWindow) {
        const std::uint64_t bytes = input_ ? input_->report().bytes : 0;  // a new attempt counts from zero
        const auto received = bytes >= bitrate_window_bytes_ ? bytes - bitrate_window_bytes_ : bytes;
        const auto elapsed_ms = std::chrono::duration_cast<milliseconds>(now - bitrate_window_start_).count();
        input_bitrate_ = elapsed_ms > 0 ? received * 8 * 1000 / static_cast<std::uint64_t>(elapsed_ms) : 0;
        bitrate_window_start_ = now;
        bitrate_window_bytes_ = bytes;
    }
}

void EventStream::finish() {
    if (finishing_) return;
    finishing_ = true;
    retry_.reset();
    tick_.reset();
    drop_input();
    if (interpreter_) interpreter_->request_stop();
    pip_switch_->stop();
    if (listener_) listener_->request_stop();  // joined when this stream is destroyed, after the writer drained
    timeline_->stop();
    writer_->finish();
}

StreamHealth EventStream::health() const {
    StreamHealth h;
    const auto status = timeline_ ? timeline_->status() : TimelineStatus{};
    if (finishing_) h.state = StreamState::Finishing;
    else if (status.video == VideoFeed::Input) h.state = StreamState::Input;
    else if (status.video == VideoFeed::AudioOnlyCard) h.state = StreamState::AudioOnly;
    else if (status.video == VideoFeed::Slate) h.state = StreamState::Slate;
    else h.state = StreamState::Waiting;
    h.input = input_ ? input_->report() : last_report_;
    h.transcoding = h.input.video == TrackHandling::Transcoded || h.input.audio == TrackHandling::Transcoded;
    h.input_bitrate = input_bitrate_;
    h.input_restarts = restarts_;
    h.last_error = last_error_;
    h.problem = problem_;
    h.problem_text = problem_text_;
    if (interpreter_) h.interpreter = interpreter_->health();
    else if (!interpreter_failure_.empty()) h.interpreter = InterpreterHealth{false, "", 0, interpreter_failure_};
    h.interpreter_shown = pip_switch_ && pip_switch_->shown();
    return h;
}

}  // namespace openhall::streamer
