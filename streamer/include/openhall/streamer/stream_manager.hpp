// Starts an event's stream when it goes live and finalizes the recording when it ends; owns the live streams.
// Every function runs on the main loop.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "openhall/core/chapters.hpp"
#include "openhall/core/event_service.hpp"
#include "openhall/core/media_timeline.hpp"
#include "openhall/core/stream_config.hpp"
#include "openhall/streamer/event_stream.hpp"
#include "openhall/streamer/recording_finisher.hpp"

namespace openhall::streamer {

// Initializes GStreamer once for the process (safe to call again).
void initialize_gstreamer();

class StreamManager final : public core::EventStatusObserver {
public:
    StreamManager(core::Database& db, core::EventService& events, std::filesystem::path media_root);
    ~StreamManager() override;

    // Restarts the streams of events that were live when the process stopped.
    void resume_live_events();

    void on_status_changed(const core::Event& event, core::EventStatus from) override;

    std::optional<StreamHealth> health(core::EventId event) const;
    // The same for the staff page: null when the event is not streaming.
    nlohmann::json health_json(core::EventId event) const;
    // Prometheus lines for every live stream.
    void collect_metrics(std::string& out) const;

    // The input an event's configuration describes.
    static InputSpec input_for(const core::StreamConfig& config);

    std::filesystem::path folder_of(core::EventId event) const;

    // On process shutdown: closes the segment being written in each live stream (waiting at most a few seconds)
    // without the end tag, since the events are still live; the next start continues them.
    void shutdown();

private:
    void start(core::EventId event);
    void stream_finished(core::EventId event);
    void on_segment(core::EventId event, const core::MediaSegment& segment);
    void write_playlist(core::EventId event, bool ended);
    void write_chapters(core::EventId event);

    core::Database& db_;
    core::EventService& events_;
    std::filesystem::path media_root_;
    std::map<core::EventId, std::unique_ptr<EventStream>> streams_;
    std::map<core::EventId, std::vector<core::MediaSegment>> segments_;
    std::map<core::EventId, std::unique_ptr<RecordingFinisher>> finishers_;
    bool shutting_down_ = false;
};

}  // namespace openhall::streamer
