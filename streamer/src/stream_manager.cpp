#include "openhall/streamer/stream_manager.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "openhall/core/captions/caption_repository.hpp"
#include "openhall/core/captions/subtitle_formats.hpp"
#include "openhall/streamer/hls_playlist.hpp"
#include "openhall/streamer/pipeline_reaper.hpp"
#include "openhall/streamer/subtitle_rendition.hpp"

namespace openhall::streamer {
namespace {

std::string mp4_name(core::EventId event) { return fmt::format("{}.mp4", event.value); }

nlohmann::json nullable(const std::string& text) { return text.empty() ? nlohmann::json() : nlohmann::json(text); }

}  // namespace

void initialize_gstreamer() {
    static const bool initialized = [] {
        gst_init(nullptr, nullptr);
        return true;
    }();
    (void)initialized;
}

StreamManager::StreamManager(core::Database& db, const std::filesystem::path& db_file, core::EventService& events,
                             std::filesystem::path media_root)
    : db_(db), recorder_(db_file), events_(events), media_root_(std::move(media_root)) {
    initialize_gstreamer();
    events_.add_observer(this);
}

StreamManager::~StreamManager() {
    // Streams of live events stop with the process; their playlists keep the segments written so far and the
    // next start continues them.
    streams_.clear();
    finishers_.clear();
    alive_.reset();  // release timers still waiting do nothing
    captioners_.clear();
}

std::filesystem::path StreamManager::folder_of(core::EventId event) const {
    return media_root_ / std::to_string(event.value);
}

StreamSource StreamManager::source_for(const core::StreamConfig& config, std::string title) {
    StreamSource source;
    source.title = std::move(title);
    switch (config.kind) {
        case core::StreamSourceKind::Srt:
            source.input.kind = InputSpec::Kind::Srt;
            source.srt_port = config.srt_port.value_or(0);
            source.srt_passphrase = config.passphrase;
            break;
        case core::StreamSourceKind::Rtsp: source.input = {InputSpec::Kind::Rtsp, config.url}; break;
        case core::StreamSourceKind::File: source.input = {InputSpec::Kind::File, config.url}; break;
        case core::StreamSourceKind::Test: source.input = {InputSpec::Kind::TestPattern, ""}; break;
    }
    source.interpreter_srt_port = config.interpreter_port.value_or(0);
    source.interpreter_passphrase = config.interpreter_passphrase;
    return source;
}

void StreamManager::resume() {
    core::EventFilter live;
    live.status = core::EventStatus::Live;
    for (const auto& e : events_.list(live)) start(e.id);
    core::EventFilter ended;
    ended.status = core::EventStatus::Ended;
    for (const auto& e : events_.list(ended)) {
        std::error_code ec;
        if (std::filesystem::exists(folder_of(e.id) / mp4_name(e.id), ec)) continue;
        segments_[e.id] = core::MediaSegmentRepository(db_).list(e.id);
        if (!segments_[e.id].empty()) finish_recording(e.id);
    }
}

void StreamManager::use_speech_engine(SpeechEngineSettings settings, EngineLineHandler on_line) {
    if (const auto problem = speech_engine_problem(settings); !problem.empty()) {
        spdlog::error("captions from speech: off: {}", problem);
        return;
    }
    spdlog::info("captions from speech: {}{}", settings.engine,
                 settings.model_dir.empty() ? " (en-us)" : " with the model in " + settings.model_dir.string());
    speech_ = std::move(settings);
    on_engine_line_ = std::move(on_line);
}

void StreamManager::on_status_changed(const core::Event& event, core::EventStatus) {
    if (event.status == core::EventStatus::Live) start(event.id);
    if (event.status == core::EventStatus::Ended) {
        auto it = streams_.find(event.id);
        if (it != streams_.end()) it->second->finish();
    }
}

void StreamManager::start(core::EventId event) {
    if (streams_.count(event)) return;
    auto config = core::StreamConfigRepository(db_).find(event);
    if (!config) {
        spdlog::info("event {} is live without a configured stream", event.value);
        return;
    }
    const auto found = events_.find(event);
    segments_[event] = core::MediaSegmentRepository(db_).list(event);
    auto previous = segments_[event].empty() ? std::nullopt : std::optional(segments_[event].back());
    auto stream = std::make_unique<EventStream>(
        event, source_for(*config, found ? found->title : ""), folder_of(event), previous,
        [this, event](const core::MediaSegment& s) { on_segment(event, s); }, [this, event] { stream_finished(event); });
    try {
        stream->start();
        streams_[event] = std::move(stream);
        spdlog::info("event {}: streaming from {}", event.value, core::wire_name(config->kind));
    } catch (const std::exception& e) {
        spdlog::error("event {}: the stream could not start: {}", event.value, e.what());
        return;
    }
    if (on_engine_line_) start_captioner(event);
}

void StreamManager::start_captioner(core::EventId event) {
    auto captioner = std::make_unique<SpeechCaptioner>(
        fmt::format("event-{}-speech", event.value), speech_,
        [this, event](std::int64_t start_ms, std::int64_t end_ms, std::string text, bool final) {
            on_engine_line_(event, start_ms, end_ms, std::move(text), final);
        });
    try {
        captioner->start();
        captioners_[event] = {std::move(captioner), ++captioner_generation_};
    } catch (const std::exception& e) {
        spdlog::error("event {}: captions from speech could not start: {}", event.value, e.what());
    }
}

void StreamManager::on_segment(core::EventId event, const core::MediaSegment& segment) {
    recorder_.record(event, segment);
    segments_[event].push_back(segment);
    note_bit_rates(event, {segment});
    // The segment's captions as far as they are known now (a line sent while it was recorded is in it); the
    // replay's are written again at the end, with corrections.
    write_subtitle_segments(event, {segment});
    write_playlist(event, false);
    if (auto it = captioners_.find(event); it != captioners_.end()) it->second.captioner->feed(folder_of(event), segment);
}

void StreamManager::write_playlist(core::EventId event, bool ended) {
    const auto folder = folder_of(event);
    try {
        // The subtitle segments before the playlists that list them, the media playlists before the one naming them.
        write_file_atomically(folder / kSubtitlePlaylist, render_subtitle_playlist(segments_[event], ended));
        write_file_atomically(folder / "index.m3u8", render_hls_playlist(segments_[event], ended));
        write_file_atomically(folder / kMultivariantPlaylist, render_multivariant_playlist(peak_bit_rate_[event], captions_language_));
    } catch (const std::exception& e) {
        spdlog::error("event {}: cannot write the playlist: {}", event.value, e.what());
    }
}

void StreamManager::rewrite_subtitles(core::EventId event, std::optional<std::pair<std::int64_t, std::int64_t>> changed) {
    if (streams_.count(event)) return;
    recorder_.flush();
    auto segments = core::MediaSegmentRepository(db_).list(event);
    if (segments.empty()) return;
    // One line changed: only the segments near it, unless the rendition was never written (a recording made before
    // captions existed), which is then written whole.
    if (changed && std::filesystem::exists(folder_of(event) / kSubtitlePlaylist)) {
        const auto from = changed->first - core::kCueMaxMs, to = changed->second + core::kCueMaxMs;
        std::erase_if(segments, [&](const core::MediaSegment& s) {
            return (s.media_start + s.duration).count() < from || s.media_start.count() > to;
        });
        write_subtitle_segments(event, segments);
        return;
    }
    write_subtitle_segments(event, segments);
    note_bit_rates(event, segments);
    const auto found = events_.find(event);
    const bool ended = found && found->status != core::EventStatus::Live;
    segments_[event] = std::move(segments);
    write_playlist(event, ended);
    segments_.erase(event);
}

void StreamManager::note_bit_rates(core::EventId event, const std::vector<core::MediaSegment>& segments) {
    auto& peak = peak_bit_rate_[event];
    for (const auto& segment : segments) peak = std::max(peak, segment_bit_rate(folder_of(event), segment));
}

void StreamManager::write_subtitle_segments(core::EventId event, const std::vector<core::MediaSegment>& segments) {
    try {
        const auto lines = core::CaptionRepository(db_).list(event);
        for (const auto& segment : segments) write_subtitle_segment(folder_of(event), segment, lines);
    } catch (const std::exception& e) {
        spdlog::error("event {}: cannot write the subtitle segments: {}", event.value, e.what());
    }
}

void StreamManager::shutdown(std::chrono::milliseconds budget) {
    shutting_down_ = true;
    for (auto& [id, stream] : streams_) stream->finish();
    const auto deadline = std::chrono::steady_clock::now() + budget;
    // The loop sleeps until the writers' drains arrive, or this wakes it at the deadline.
    SourceId wake_at_deadline(
        g_timeout_add(static_cast<guint>(budget.count()), [](gpointer) -> gboolean { return G_SOURCE_CONTINUE; }, nullptr));
    while (!streams_.empty() && std::chrono::steady_clock::now() < deadline) g_main_context_iteration(nullptr, TRUE);
    streams_.clear();
    finishers_.clear();
    // Give stopping pipelines what is left of the budget; a wedged one is abandoned with the process.
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (!wait_for_retired_pipelines(std::max(left, std::chrono::milliseconds{0})))
        spdlog::warn("some pipelines had not stopped at exit");
}

void StreamManager::stream_finished(core::EventId event) {
    // The recognizer gives its last result once its audio ends; it is let go a while later (its line, if any, has
    // reached on_engine_line_ by then).
    if (auto it = captioners_.find(event); it != captioners_.end()) {
        it->second.captioner->finish();
        // The same captioner 30 s later, unless the event went live again meanwhile (a newer generation); nothing
        // once this manager is gone.
        auto* release = new std::function<void()>(
            [this, alive = std::weak_ptr<char>(alive_), event, generation = it->second.generation] {
                if (alive.expired()) return;
                auto found = captioners_.find(event);
                if (found != captioners_.end() && found->second.generation == generation) captioners_.erase(found);
            });
        g_timeout_add_seconds_full(
            G_PRIORITY_DEFAULT, 30,
            [](gpointer work) -> gboolean {
                (*static_cast<std::function<void()>*>(work))();
                return G_SOURCE_REMOVE;
            },
            release, [](gpointer work) { delete static_cast<std::function<void()>*>(work); });
    }
    if (!shutting_down_) {
        write_subtitle_segments(event, segments_[event]);
        note_bit_rates(event, segments_[event]);  // over the whole recording, earlier runs' segments too
    }
    write_playlist(event, !shutting_down_);
    if (!shutting_down_) {
        write_chapters(event);
        if (!segments_[event].empty()) finish_recording(event);
        segments_.erase(event);  // the list is the store's from here on (a long event's is a megabyte)
    }
    // The stream is destroyed after this callback (posted by its writer) has returned.
    on_main_loop_soon([this, event] { streams_.erase(event); });
}

void StreamManager::finish_recording(core::EventId event) {
    const auto& segments = segments_[event];
    recordings_[event] = {"writing", {}};
    auto finisher = std::make_unique<RecordingFinisher>(
        fmt::format("event-{}-finish", event.value), folder_of(event), segments, mp4_name(event),
        [this, event](const RecordingResult& result) {
            recordings_[event] = {result.mp4_written && result.poster_written ? "written" : "failed", result};
            // Destroyed later, not inside its own callback.
            on_main_loop_soon([this, event] { finishers_.erase(event); });
        });
    finisher->start();
    finishers_[event] = std::move(finisher);
    segments_.erase(event);  // the finisher has its own copy
}

core::Status StreamManager::finish_recording_again(core::EventId event) {
    const auto found = events_.find(event);
    if (!found) return core::Error{core::ErrorCode::NotFound, fmt::format("event {} does not exist", event.value)};
    if (found->status != core::EventStatus::Ended && found->status != core::EventStatus::Archived)
        return core::Error{core::ErrorCode::Conflict, "the recording is finished after the event has ended"};
    if (finishers_.count(event) || streams_.count(event))
        return core::Error{core::ErrorCode::Conflict, "the recording is being written now"};
    recorder_.flush();
    segments_[event] = core::MediaSegmentRepository(db_).list(event);
    if (segments_[event].empty()) return core::Error{core::ErrorCode::Conflict, "the event has no recording"};
    finish_recording(event);
    return core::Ok{};
}

nlohmann::json StreamManager::recording_json(core::EventId event) const {
    nlohmann::json out{{"state", "none"}, {"mp4", false}, {"poster", false}, {"error", nullptr}};
    std::error_code ec;
    const bool mp4 = std::filesystem::exists(folder_of(event) / mp4_name(event), ec);
    const bool poster = std::filesystem::exists(folder_of(event) / "poster.jpg", ec);
    out["mp4"] = mp4;
    out["poster"] = poster;
    if (auto it = recordings_.find(event); it != recordings_.end()) {
        out["state"] = it->second.state;
        out["error"] = nullable(it->second.result.error);
    } else if (mp4) {
        out["state"] = "written";
    } else if (!streams_.count(event) && std::filesystem::exists(folder_of(event) / "index.m3u8", ec)) {
        const auto found = events_.find(event);
        if (found && (found->status == core::EventStatus::Ended || found->status == core::EventStatus::Archived))
            out["state"] = "missing";
    }
    return out;
}

void StreamManager::write_chapters(core::EventId event) {
    const auto& segments = segments_[event];
    if (segments.empty()) return;
    try {
        auto chapters = core::AgendaMarkRepository(db_).chapters(event, segments);
        if (chapters.empty()) return;
        const auto end = std::chrono::duration<double>(segments.back().media_start + segments.back().duration).count();
        write_file_atomically(folder_of(event) / "chapters.vtt", core::chapters_webvtt(chapters, end));
    } catch (const std::exception& e) {
        spdlog::error("event {}: cannot write the chapters: {}", event.value, e.what());
    }
}

std::optional<StreamHealth> StreamManager::health(core::EventId event) const {
    auto it = streams_.find(event);
    if (it == streams_.end()) return std::nullopt;
    return it->second->health();
}

nlohmann::json StreamManager::health_json(core::EventId event) const {
    const auto h = health(event);
    if (!h) return nullptr;
    nlohmann::json problem = nullptr;
    if (h->problem != InputProblem::None) problem = {{"code", wire_name(h->problem)}, {"message", h->problem_text}};
    nlohmann::json interpreter = nullptr;
    if (h->interpreter)
        interpreter = {{"connected", h->interpreter->connected},
                       {"shown", h->interpreter_shown},
                       {"video_format", nullable(h->interpreter->video_format)},
                       {"video_frames", h->interpreter->video_frames},
                       {"last_error", nullable(h->interpreter->last_error)}};
    return {{"state", wire_name(h->state)},
            {"transcoding", h->transcoding},
            {"video", wire_name(h->input.video)},
            {"audio", wire_name(h->input.audio)},
            {"video_format", nullable(h->input.video_format)},
            {"audio_format", nullable(h->input.audio_format)},
            {"video_frames", h->input.video_frames},
            {"input_bytes", h->input.bytes},
            {"input_bitrate", h->input_bitrate},
            {"input_restarts", h->input_restarts},
            {"last_error", nullable(h->last_error)},
            {"problem", problem},
            {"interpreter", interpreter}};
}

void StreamManager::collect_metrics(std::string& out) const {
    std::map<core::EventId, StreamHealth> healths;
    for (const auto& [id, stream] : streams_) healths.emplace(id, stream->health());
    const auto family = [&](const char* name, const char* type, const char* help, auto value) {
        out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
        for (const auto& [id, h] : healths) out += fmt::format("{}{{event=\"{}\"{}}} {}\n", name, id.value, value(h).first, value(h).second);
    };
    using Line = std::pair<std::string, std::uint64_t>;
    family("openhall_stream_input_bytes", "counter", "Bytes received from an event's input.",
           [](const StreamHealth& h) { return Line{"", h.input.bytes}; });
    family("openhall_stream_video_frames", "counter", "Video frames received from an event's input.",
           [](const StreamHealth& h) { return Line{"", h.input.video_frames}; });
    family("openhall_stream_input_bitrate", "gauge", "Bits per second received from an event's input lately.",
           [](const StreamHealth& h) { return Line{"", h.input_bitrate}; });
    family("openhall_stream_state", "gauge", "1 for the state an event's stream is in.",
           [](const StreamHealth& h) { return Line{fmt::format(",state=\"{}\"", wire_name(h.state)), 1}; });
    family("openhall_stream_input_restarts", "counter", "Times an event's input was started again.",
           [](const StreamHealth& h) { return Line{"", h.input_restarts}; });
    family("openhall_stream_interpreter_shown", "gauge", "1 while an event's output carries the interpreter's picture.",
           [](const StreamHealth& h) { return Line{"", h.interpreter_shown ? 1u : 0u}; });
    family("openhall_stream_transcoding", "gauge", "1 when an event's input is decoded and encoded again.",
           [](const StreamHealth& h) { return Line{"", h.transcoding ? 1u : 0u}; });
    family("openhall_stream_input_problem", "gauge",
           "1 with the reason an event's input cannot be used as it is (none when it can).",
           [](const StreamHealth& h) { return Line{fmt::format(",problem=\"{}\"", wire_name(h.problem)), 1}; });
}

}  // namespace openhall::streamer
