#include "openhall/streamer/stream_manager.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "openhall/streamer/hls_playlist.hpp"

namespace openhall::streamer {

void initialize_gstreamer() {
    static const bool initialized = [] {
        gst_init(nullptr, nullptr);
        return true;
    }();
    (void)initialized;
}

StreamManager::StreamManager(core::Database& db, core::EventService& events, std::filesystem::path media_root)
    : db_(db), events_(events), media_root_(std::move(media_root)) {
    initialize_gstreamer();
    events_.add_observer(this);
}

StreamManager::~StreamManager() {
    // Streams of live events stop with the process; their playlists keep the segments written so far and the
    // next start continues them.
    streams_.clear();
    finishers_.clear();
}

std::filesystem::path StreamManager::folder_of(core::EventId event) const {
    return media_root_ / std::to_string(event.value);
}

InputSpec StreamManager::input_for(const core::StreamConfig& config) {
    switch (config.kind) {
        case core::StreamSourceKind::Srt:
            return {InputSpec::Kind::Srt,
                    fmt::format("srt://:{}?mode=listener&passphrase={}&pbkeylen=16", config.srt_port.value_or(0),
                                config.passphrase)};
        case core::StreamSourceKind::Rtsp: return {InputSpec::Kind::Rtsp, config.url};
        case core::StreamSourceKind::File: return {InputSpec::Kind::File, config.url};
        case core::StreamSourceKind::Test: return {InputSpec::Kind::TestPattern, ""};
    }
    return {};
}

void StreamManager::resume_live_events() {
    core::EventFilter live;
    live.status = core::EventStatus::Live;
    for (const auto& e : events_.list(live)) start(e.id);
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
    core::MediaSegmentRepository repository(db_);
    segments_[event] = repository.list(event);
    auto previous = segments_[event].empty() ? std::nullopt : std::optional(segments_[event].back());
    auto stream = std::make_unique<EventStream>(
        event, input_for(*config), folder_of(event), previous,
        [this, event](const core::MediaSegment& s) { on_segment(event, s); },
        [this, event] { stream_finished(event); });
    try {
        stream->start();
        streams_[event] = std::move(stream);
        spdlog::info("event {}: streaming from {}", event.value, core::wire_name(config->kind));
    } catch (const std::exception& e) {
        spdlog::error("event {}: the stream could not start: {}", event.value, e.what());
    }
}

void StreamManager::on_segment(core::EventId event, const core::MediaSegment& segment) {
    // Runs from a bus watch: errors are logged here, never thrown through GLib.
    try {
        core::MediaSegmentRepository(db_).insert(event, segment);
    } catch (const std::exception& e) {
        spdlog::error("event {}: segment {} not recorded in the database: {}", event.value, segment.uri, e.what());
    }
    segments_[event].push_back(segment);
    write_playlist(event, false);
}

void StreamManager::write_playlist(core::EventId event, bool ended) {
    try {
        write_file_atomically(folder_of(event) / "index.m3u8", render_hls_playlist(segments_[event], ended));
    } catch (const std::exception& e) {
        spdlog::error("event {}: cannot write the playlist: {}", event.value, e.what());
    }
}

void StreamManager::shutdown() {
    shutting_down_ = true;
    for (auto& [id, stream] : streams_) stream->finish();
    const auto deadline = g_get_monotonic_time() + 5 * G_USEC_PER_SEC;
    while (!streams_.empty() && g_get_monotonic_time() < deadline)
        if (!g_main_context_iteration(nullptr, FALSE)) g_usleep(5000);
    streams_.clear();
}

void StreamManager::stream_finished(core::EventId event) {
    write_playlist(event, !shutting_down_);
    if (!shutting_down_) write_chapters(event);
    const auto& segments = segments_[event];
    if (!segments.empty() && !shutting_down_) {
        auto finisher = std::make_unique<RecordingFinisher>(
            fmt::format("event-{}-finish", event.value), folder_of(event), segments.front().sequence,
            segments.back().sequence, fmt::format("{}.mp4", event.value), [this, event] {
                // Destroyed later, not inside its own callback.
                on_main_loop_soon([this, event] { finishers_.erase(event); });
            });
        finisher->start();
        finishers_[event] = std::move(finisher);
    }
    // The stream is destroyed after this callback (from its output's bus watch) has returned.
    on_main_loop_soon([this, event] { streams_.erase(event); });
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
    return {{"state", h->state},
            {"transcoding", h->transcoding},
            {"video_frames", h->video_frames},
            {"input_bytes", h->input_bytes},
            {"input_bitrate", h->input_bitrate},
            {"input_restarts", h->input_restarts},
            {"last_error", h->last_error.empty() ? nlohmann::json() : nlohmann::json(h->last_error)}};
}

void StreamManager::collect_metrics(std::string& out) const {
    out += "# HELP openhall_stream_input_bytes Bytes received from an event's input.\n"
           "# TYPE openhall_stream_input_bytes counter\n";
    for (const auto& [id, stream] : streams_)
        out += fmt::format("openhall_stream_input_bytes{{event=\"{}\"}} {}\n", id.value, stream->health().input_bytes);
    out += "# HELP openhall_stream_video_frames Video frames received from an event's input.\n"
           "# TYPE openhall_stream_video_frames counter\n";
    for (const auto& [id, stream] : streams_)
        out += fmt::format("openhall_stream_video_frames{{event=\"{}\"}} {}\n", id.value, stream->health().video_frames);
    out += "# HELP openhall_stream_input_bitrate Bits per second received from an event's input lately.\n"
           "# TYPE openhall_stream_input_bitrate gauge\n";
    for (const auto& [id, stream] : streams_)
        out += fmt::format("openhall_stream_input_bitrate{{event=\"{}\"}} {}\n", id.value, stream->health().input_bitrate);
    out += "# HELP openhall_stream_state 1 for the state an event's stream is in.\n# TYPE openhall_stream_state gauge\n";
    for (const auto& [id, stream] : streams_)
        out += fmt::format("openhall_stream_state{{event=\"{}\",state=\"{}\"}} 1\n", id.value, stream->health().state);
    out += "# HELP openhall_stream_input_restarts Times an event's input was restarted after failing.\n"
           "# TYPE openhall_stream_input_restarts counter\n";
    for (const auto& [id, stream] : streams_)
        out += fmt::format("openhall_stream_input_restarts{{event=\"{}\"}} {}\n", id.value,
                           stream->health().input_restarts);
}

}  // namespace openhall::streamer
