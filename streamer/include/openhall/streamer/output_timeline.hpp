// The one output timeline of an event's stream. Inputs come and go; the timeline decides, frame by frame, what each
// track of the output carries (the input, the slate, the audio-only card, silence) and stamps it so that the
// recording has no hole and no overlap:
//   - video is restamped per stretch, each stretch beginning at a keyframe exactly where the last one ended;
//   - audio is stamped back to back, late or overlapping frames dropped and short gaps filled with silence, so its
//     timestamps only ever increase whatever the encoder sent;
//   - a discontinuity is marked wherever the source, its timestamps or its codec parameters change;
//   - a track that has nothing for `signal_loss` is covered: the slate when the input is lost (or its video is),
//     the audio-only card when the source has no video, silence when it has no sound.
// Covering runs on the timeline's own pacing thread, in real time, starting from the frame where the input stopped.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include <gst/gst.h>

#include "openhall/core/events/media_timeline.hpp"
#include "openhall/streamer/filler_media.hpp"
#include "openhall/streamer/gst_handles.hpp"
#include "openhall/streamer/input_pipeline.hpp"

namespace openhall::streamer {

// Carried by every video keyframe the timeline writes: each may start a segment.
struct SegmentMark {
    core::WallMillis program_date_time;  // when that frame was live (arrival of the input's frame, or the slate's)
    bool discontinuity = false;          // the source, its timestamps or its codec parameters changed here
};

enum class VideoFeed { None, Input, Slate, AudioOnlyCard };
enum class AudioFeed { None, Input, Silence };

struct TimelineStatus {
    VideoFeed video = VideoFeed::None;
    AudioFeed audio = AudioFeed::None;
    std::optional<VideoFormat> input_format;  // of the input's video, once seen
    GstClockTime end = 0;                     // end of the video written so far, in ns on the output timeline
    bool long_gop = false;                    // the current input's keyframes were too far apart to pass through
    bool cards_ready = false;                 // the slate and the audio-only card are encoded (for some format)
};

class OutputTimeline {
public:
    // Receives the output in order, with the timeline's lock held (streaming threads and the pacing thread), so it
    // must not call the timeline back. Takes the buffer, whose PTS, DTS and duration are ns on the output timeline;
    // `caps` (or null) applies from this buffer on; `mark` comes with every video keyframe.
    using Writer = std::function<void(Track, GstBuffer*, GstCaps*, std::optional<SegmentMark>)>;
    // The input of `generation` had keyframes further apart than Settings::max_gop; its frames are refused from now
    // on. Called with the lock held, from a streaming thread: post, do not act.
    using LongGopHandler = std::function<void(std::uint64_t generation)>;

    struct Settings {
        GstClockTime start = 0;              // ns; after a restart, the end of the recording so far
        bool continues_recording = false;    // after a restart: a discontinuity first, and the slate may run at once
        std::string title;                   // shown on the audio-only card
        std::chrono::milliseconds signal_loss{1000};  // a track with nothing for this long is covered
        // ns; the longest keyframe interval passed through. Segments end at keyframes, so this is the playlist's
        // target duration, which no segment may exceed (RFC 8216 §4.3.3.1).
        GstClockTime max_gop = 2 * GST_SECOND;
    };

    // Nothing runs before start(); never throws. Any thread.
    OutputTimeline(Settings settings, Writer writer, LongGopHandler on_long_gop);
    // stop(), then joins the pacing thread, which may first finish a card it is encoding (0.1–0.5 s). Main loop;
    // never on the pacing thread or inside the writer.
    ~OutputTimeline();
    OutputTimeline(const OutputTimeline&) = delete;
    OutputTimeline& operator=(const OutputTimeline&) = delete;

    // Starts the pacing thread; once. Blocks ~50 ms the first time in a process (the silent AAC frame is encoded
    // once). Throws std::runtime_error from silent_aac_frame() when that cannot be encoded (avenc_aac, or another
    // element of it, missing); no thread is started then, and a later start() tries again. Main loop.
    void start();
    // Nothing is written after this returns; it waits for a write in progress (the lock) but never for the pacing
    // thread (which may be encoding a card), the destructor joins it. Main loop; never inside the writer.
    void stop();

    // A new input attempt; samples carry its generation (from 1), and an earlier attempt's samples are ignored.
    // Main loop.
    void input_started(std::uint64_t generation);
    // The attempt ended (error, end of file, caller gone): the slate takes over now. Main loop.
    void input_stopped(std::uint64_t generation);
    // Which tracks the attempt's source has; a missing one is covered at once. Main loop.
    void input_tracks(std::uint64_t generation, bool has_video, bool has_audio);
    // The attempt's video comes from another encoder from its next keyframe on (the interpreter's picture composited
    // in, or no longer): that keyframe starts a new stretch right after what is written, marked as a discontinuity
    // (new codec parameters), and the attempt's frames before it are dropped. Nothing changes when the timeline is
    // not showing that attempt's video (its next keyframe starts a stretch anyway). Any thread.
    void input_encoder_changes(std::uint64_t generation);
    // A normalised sample of the attempt (H.264 access unit or ADTS AAC frame), placed by its running times (ns).
    // Streaming threads, after start(); the sample stays the caller's. Ignored without a buffer or timestamps, after
    // stop(), or from an attempt that is not the current one, has stopped, or was refused for its keyframes.
    void on_input_sample(std::uint64_t generation, Track track, GstSample* sample);

    TimelineStatus status() const;  // any thread; waits for a write in progress (the lock)

private:
    using Clock = std::chrono::steady_clock;

    void run();
    void prepare_cards();
    void pace(Clock::time_point now);
    VideoFeed wanted_video(Clock::time_point now) const;
    bool needs_silence(Clock::time_point now) const;
    bool recent(Clock::time_point t, Clock::time_point now) const;
    void begin_filler(VideoFeed feed, Clock::time_point now);
    void emit_filler(Clock::time_point now);
    void take_input_video(std::uint64_t generation, GstSample* sample, const RunningTimes& times, Clock::time_point now);
    void take_input_audio(GstSample* sample, const RunningTimes& times);
    void begin_input_stretch(std::uint64_t generation, std::int64_t keyframe_dts);
    void write_video(GstBuffer* frame, GstClockTime pts, GstClockTime dts, GstClockTime duration, GstCaps* caps,
                     std::optional<SegmentMark> mark);
    void write_audio(GstBuffer* frame, GstClockTime duration, GstCaps* caps);
    void write_silence();
    static core::WallMillis wall_at(Clock::time_point t);

    const Settings settings_;
    const Writer writer_;
    const LongGopHandler on_long_gop_;

    mutable std::mutex mutex_;  // guards everything below
    std::condition_variable wake_;
    std::thread pacer_;
    bool stopping_ = false;

    // The input.
    std::uint64_t generation_ = 0;
    std::uint64_t refused_generation_ = 0;
    bool input_active_ = false;
    bool input_seen_ = false;  // an input sample ever arrived: before that, nothing is written
    std::optional<bool> has_video_, has_audio_;
    Clock::time_point started_at_{};                                      // of the current generation
    Clock::time_point video_arrived_{}, audio_arrived_{}, video_taken_{};  // of the current generation
    Clock::time_point stretch_started_at_{};  // when the current video stretch (input or card) began

    // Video.
    VideoFeed video_feed_ = VideoFeed::None;
    std::uint64_t video_generation_ = 0;
    bool anything_written_ = false;
    GstClockTime video_end_;                  // end of the latest frame (largest PTS + duration)
    Clock::time_point video_end_at_{};        // when that end was live
    GstClockTime last_out_dts_ = GST_CLOCK_TIME_NONE;
    std::int64_t video_offset_ = 0;           // output = input running time + offset, within an input stretch
    GstClockTime stretch_origin_ = 0;         // where the stretch began: its frame grid starts there
    std::int64_t last_in_dts_ = 0;            // running time of the input's last frame taken
    GstClockTime gop_start_ = 0;              // output DTS of the current GOP's keyframe
    bool awaiting_keyframe_ = false;          // the input's timestamps jumped; wait for a keyframe to rebase
    bool long_gop_ = false;
    CapsRef input_caps_;
    CapsRef written_video_caps_;
    std::optional<VideoFormat> input_format_;
    GstClockTime input_frame_duration_ = GST_SECOND / 25;
    std::shared_ptr<const EncodedCard> slate_, audio_only_card_;  // for cards_format_
    std::optional<VideoFormat> cards_format_;
    std::shared_ptr<const EncodedCard> filler_;  // the card being shown
    std::uint64_t filler_count_ = 0;
    GstClockTime filler_start_ = 0;
    Clock::time_point filler_start_at_{};

    // Audio.
    AudioFeed audio_feed_ = AudioFeed::None;
    GstClockTime audio_end_;
    std::int64_t audio_offset_ = 0;
    bool audio_aligned_ = false;  // the current stretch's first audio frame has set audio_offset_
    CapsRef written_audio_caps_;
};

}  // namespace openhall::streamer
