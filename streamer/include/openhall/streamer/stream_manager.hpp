// Starts an event's stream when it goes live and finalizes the recording when it ends; owns the live streams and
// the recordings being finished. Every function runs on the main thread, which runs the main loop (the default
// GMainContext); the constructor, resume() and shutdown() run there outside g_main_loop_run.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "openhall/core/base/result.hpp"
#include "openhall/core/events/chapters.hpp"
#include "openhall/core/events/event_service.hpp"
#include "openhall/core/events/media_timeline.hpp"
#include "openhall/core/events/stream_config.hpp"
#include "openhall/streamer/event_stream.hpp"
#include "openhall/streamer/recording_finisher.hpp"
#include "openhall/streamer/segment_recorder.hpp"
#include "openhall/streamer/speech_captioner.hpp"

namespace openhall::streamer {

// Initializes GStreamer once for the process (safe to call again, from any thread). gst_init ends the process
// when GStreamer cannot start, so this never returns an error.
void initialize_gstreamer();

class StreamManager final : public core::EventStatusObserver {
public:
    // `db` is read on the main loop; segments are stored through their own connection to `db_file`. Throws
    // SQLite::Exception when that connection cannot be opened (start-up). Watches `events` from here on.
    StreamManager(core::Database& db, const std::filesystem::path& db_file, core::EventService& events,
                  std::filesystem::path media_root);
    // Drops live streams without finishing them (the next start continues them) and stops recordings being written.
    ~StreamManager() override;

    // Restarts the streams of events that were live when the process stopped, and finishes the recordings of
    // ended events whose MP4 was never written (the process stopped while finishing). A stream that cannot start
    // is logged and skipped, not thrown.
    void resume();

    // Live: starts the event's stream (a failure to start is logged, not thrown). Ended: finishes it; the recording
    // is finalized once its last segment is written. Called synchronously by EventService, on the main loop.
    void on_status_changed(const core::Event& event, core::EventStatus from) override;

    std::optional<StreamHealth> health(core::EventId event) const;
    // The same for the staff page: null when the event is not streaming.
    nlohmann::json health_json(core::EventId event) const;
    // The recording after the event: {"state": none|writing|written|failed|missing, "mp4": bool, "poster": bool,
    // "error": string|null}. "missing": ended with segments but no MP4, and nothing is writing it.
    nlohmann::json recording_json(core::EventId event) const;
    // Writes the MP4 and the poster again from the segments; the result shows in recording_json. NotFound when the
    // event does not exist; Conflict when it is neither ended nor archived, has no segments, or its recording (or
    // its stream) is still being written.
    // Blocks the main loop on SegmentRecorder::flush() (a commit, fsync included) so the stored list is complete.
    core::Status finish_recording_again(core::EventId event);
    // Appends Prometheus lines for every live stream to `out`.
    void collect_metrics(std::string& out) const;

    // What an event's stream configuration describes (SRT port 0 when none is set). Any thread.
    static StreamSource source_for(const core::StreamConfig& config, std::string title);

    // `media_root`/<event id>. Any thread.
    std::filesystem::path folder_of(core::EventId event) const;

    // Writes the subtitles rendition of an event's recording again from its stored transcript; nothing while it is
    // being recorded (its segments get their captions as they are listed) or when it has no recording.
    // `changed`: one line changed, on screen over [first, second] ms of the recording (its start, and its own end
    // or its start), so only the WebVTT segments within core::kCueMaxMs of that are written (its cue, and the cue
    // before, which may now last longer); nullopt: the whole transcript changed (an import), every segment and the
    // playlists. Main loop; blocks on the disk for each
    // segment (a two-hour recording: a few thousand small files).
    void rewrite_subtitles(core::EventId event, std::optional<std::pair<std::int64_t, std::int64_t>> changed = std::nullopt);

    // Captions from a speech engine for every live event from now on (speech_captioner.hpp); `on_line` gets each
    // utterance (main loop), its partial results (`final` false: the words so far, a few a second at most) and its
    // final one, and decides whether it becomes a line. Call before resume(). Logs plainly and does nothing when the
    // engine cannot run here (speech_engine_problem).
    using EngineLineHandler =
        std::function<void(core::EventId, std::int64_t start_ms, std::int64_t end_ms, std::string text, bool final)>;
    void use_speech_engine(SpeechEngineSettings settings, EngineLineHandler on_line);
    // The language of the captions' rendition (multivariant playlists written from now on): zh, zh-Hans, zh-Hant, en.
    void set_captions_language(std::string language) { captions_language_ = std::move(language); }

    // On process shutdown: closes the segment being written in each live stream without the end tag (the events
    // are still live; the next start continues them). Returns within about `budget` whatever the pipelines do.
    // Main thread, after g_main_loop_run has returned: it iterates the default GMainContext itself meanwhile.
    void shutdown(std::chrono::milliseconds budget = std::chrono::milliseconds{4000});

private:
    struct Recording {
        std::string state;  // writing, written, failed
        RecordingResult result;
    };

    void start(core::EventId event);
    void stream_finished(core::EventId event);
    void finish_recording(core::EventId event);
    void on_segment(core::EventId event, const core::MediaSegment& segment);
    void start_captioner(core::EventId event);
    void write_playlist(core::EventId event, bool ended);
    // Every WebVTT segment of the subtitles rendition again, from the stored transcript (corrections included).
    void write_subtitle_segments(core::EventId event, const std::vector<core::MediaSegment>& segments);
    // Raises the event's peak bit rate (peak_bit_rate_) to the highest of `segments`' files.
    void note_bit_rates(core::EventId event, const std::vector<core::MediaSegment>& segments);
    void write_chapters(core::EventId event);

    core::Database& db_;
    SegmentRecorder recorder_;
    core::EventService& events_;
    std::filesystem::path media_root_;
    std::map<core::EventId, std::unique_ptr<EventStream>> streams_;
    std::map<core::EventId, std::vector<core::MediaSegment>> segments_;
    std::map<core::EventId, std::unique_ptr<RecordingFinisher>> finishers_;
    std::map<core::EventId, Recording> recordings_;
    // The peak segment bit rate of each event's recording, bits/s: the multivariant playlist's BANDWIDTH.
    std::map<core::EventId, std::uint64_t> peak_bit_rate_;
    SpeechEngineSettings speech_;
    std::string captions_language_ = "zh";
    EngineLineHandler on_engine_line_;
    struct Captioning {
        std::unique_ptr<SpeechCaptioner> captioner;
        std::uint64_t generation = 0;  // which start of the event it belongs to
    };
    std::map<core::EventId, Captioning> captioners_;
    std::uint64_t captioner_generation_ = 0;
    std::shared_ptr<char> alive_ = std::make_shared<char>();  // what delayed work checks (expired: the manager is gone)
    bool shutting_down_ = false;
};

}  // namespace openhall::streamer
