// After an event ends: the MP4 download (remuxed from the segments, no re-encoding) and the poster image.
#pragma once

#include <filesystem>
#include <functional>
#include <string>

#include "openhall/streamer/gst_handles.hpp"

namespace openhall::streamer {

class RecordingFinisher {
public:
    // `done` runs on the main loop when both files are written (or failed; errors are logged).
    RecordingFinisher(std::string name, std::filesystem::path folder, std::int64_t first_segment,
                      std::int64_t last_segment, std::string mp4_name, std::function<void()> done);
    ~RecordingFinisher();
    void start();
    gboolean on_bus_message(GstMessage* message);

private:
    void run(const std::string& description);
    void next_step();

    std::string name_;
    std::filesystem::path folder_;
    std::int64_t first_, last_;
    std::string mp4_name_;
    std::function<void()> done_;
    PipelinePtr pipeline_;
    guint bus_watch_ = 0;
    int step_ = 0;
};

}  // namespace openhall::streamer
