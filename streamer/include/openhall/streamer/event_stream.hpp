// One live event's stream: its input (attempts restarted with back-off, or an SRT listener whose newest caller
// wins), the sign-language interpreter's input when the event has one (its picture composited in a corner while it
// comes), the output timeline that covers every gap, and the segment writer. Runs on the main loop; the input's
// samples and the SRT listener's data arrive on their own threads and go straight to the timeline.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "openhall/core/base/ids.hpp"
#include "openhall/core/events/media_timeline.hpp"
#include "openhall/streamer/gst_handles.hpp"
#include "openhall/streamer/input_pipeline.hpp"
#include "openhall/streamer/interpreter_input.hpp"
#include "openhall/streamer/output_timeline.hpp"
#include "openhall/streamer/picture_in_picture_switch.hpp"
#include "openhall/streamer/segment_writer.hpp"
#include "openhall/streamer/srt_feed.hpp"
#include "openhall/streamer/srt_listener.hpp"

namespace openhall::streamer {

// Why the input cannot be used as it is, when it cannot (shown to staff and in /metrics).
enum class InputProblem { None, NoVideoTrack, NoAudioTrack, NoMediaTracks, DecoderFailed, LongKeyframeInterval, CallerRefused, SourceFailed };
std::string_view wire_name(InputProblem problem);  // none, no_video_track, …, source_failed; any thread
// A failure (kept in last_error, cleared once the input is shown) rather than how the input is (a missing track,
// keyframes too far apart: they last as long as that input). Any thread.
bool is_failure(InputProblem problem);

// What the event's output shows: nothing yet, the input, the input's sound over the audio-only card, the slate, or
// the end being written.
enum class StreamState { Waiting, Input, AudioOnly, Slate, Finishing };
std::string_view wire_name(StreamState state);  // waiting, input, audio_only, slate, finishing; any thread

struct StreamHealth {
    StreamState state = StreamState::Waiting;
    InputReport input;  // how each track of the current input is handled
    bool transcoding = false;
    std::uint64_t input_bitrate = 0;  // bits per second over the last two seconds
    std::uint32_t input_restarts = 0;
    std::string last_error;
    InputProblem problem = InputProblem::None;
    std::string problem_text;
    // The sign-language interpreter's input, when the event has one.
    std::optional<InterpreterHealth> interpreter;
    bool interpreter_shown = false;  // the output carries the interpreter's picture now
};

struct StreamSource {
    InputSpec input;              // kind and address (for SRT: the kind only)
    int srt_port = 0;             // SRT: the listener's UDP port
    std::string srt_passphrase;   // SRT: AES-128 passphrase
    std::string title;            // the event's title, for the audio-only card
    int interpreter_srt_port = 0;          // the interpreter's SRT listener's UDP port; 0: the event has none
    std::string interpreter_passphrase;    // its AES-128 passphrase
};

class EventStream {
public:
    // Each closed segment, in order; media_start and duration in ms (the writer's ns, truncated). Main loop.
    using SegmentHandler = std::function<void(const core::MediaSegment&)>;
    // The end, after finish(). Main loop, once; the callee must not destroy the stream inside it.
    using FinishedHandler = std::function<void()>;

    // `previous` is the last segment of an earlier recording of this event (after a restart), or nullopt. Nothing
    // runs before start(); never throws. Every member runs on the main loop unless it says otherwise.
    EventStream(core::EventId event, StreamSource source, std::filesystem::path folder,
                std::optional<core::MediaSegment> previous, SegmentHandler on_segment, FinishedHandler on_finished);
    // Stops everything without finishing the recording: the input is retired without waiting, a segment still open
    // is left unlisted; it joins the timeline's pacing thread (which may be encoding a card, 0.1–0.5 s) and the SRT
    // listener's thread. Never inside on_finished.
    ~EventStream();
    EventStream(const EventStream&) = delete;
    EventStream& operator=(const EventStream&) = delete;

    // Creates `folder` and starts the writer, the timeline and the input; once. Throws
    // std::filesystem::filesystem_error when the folder cannot be made, std::runtime_error when the writer or the
    // timeline cannot start (a missing GStreamer element, avenc_aac for the silence included) or the SRT port cannot
    // be bound. The input itself never throws here: an attempt that cannot start fails and is retried with back-off.
    // An interpreter's port that cannot be bound does not stop the event: health says why (interpreter.last_error).
    void start();
    // Stops the input, closes the last segment and then calls `on_finished` (within the writer's 2.5 s drain budget
    // whatever state the pipelines are in). After start(); a second call does nothing. Never blocks the main loop on
    // a streaming thread.
    void finish();
    StreamHealth health() const;  // waits only for a timeline write in progress

    // Back-off between input attempts: doubles from the first to the last.
    static constexpr std::chrono::milliseconds kFirstRetry{500};
    static constexpr std::chrono::milliseconds kLastRetry{4000};

private:
    void start_listener();
    void start_attempt();
    void attempt_stopped(std::uint64_t generation, const InputStop& stop);
    void schedule_retry();
    void srt_caller_connected(std::uint64_t caller);
    void srt_caller_gone(std::uint64_t caller, const std::string& reason);
    void keyframes_too_far_apart(std::uint64_t generation);
    void stop_input();  // tells the timeline the current attempt stopped, then drops it
    void drop_input();  // the pipeline only (the end: the timeline is stopped itself)
    void on_tick();
    void set_problem(InputProblem problem, std::string text);

    core::EventId event_;
    StreamSource source_;
    std::string name_;
    std::filesystem::path folder_;
    std::optional<core::MediaSegment> previous_;
    SegmentHandler on_segment_;
    FinishedHandler on_finished_;

    std::unique_ptr<SegmentWriter> writer_;
    std::unique_ptr<OutputTimeline> timeline_;
    std::unique_ptr<PictureInPictureSwitch> pip_switch_;  // the main video's way to the timeline
    std::unique_ptr<InterpreterInput> interpreter_;
    std::string interpreter_failure_;  // why the interpreter's listener could not start, for health
    std::unique_ptr<InputPipeline> input_;
    std::unique_ptr<SrtListener> listener_;
    std::shared_ptr<SrtFeed> srt_;
    std::uint64_t generation_ = 0;
    std::uint64_t srt_caller_ = 0;  // the caller the current SRT input reads, 0 when none
    SourceId retry_;
    SourceId tick_;
    std::chrono::milliseconds backoff_ = kFirstRetry;
    bool transport_refused_ = false;  // the last RTSP attempt was refused its transport (and the other was asked for)
    std::uint32_t restarts_ = 0;
    std::string last_error_;
    InputProblem problem_ = InputProblem::None;
    std::string problem_text_;
    InputReport last_report_;
    bool finishing_ = false;
    // The input bitrate, measured over two-second windows on the tick.
    std::chrono::steady_clock::time_point bitrate_window_start_{};
    std::uint64_t bitrate_window_bytes_ = 0;
    std::uint64_t input_bitrate_ = 0;
    MainLoopGuard guard_;
};

}  // namespace openhall::streamer
