#include "openhall/streamer/recording_finisher.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace openhall::streamer {
namespace {

gboolean on_bus(GstBus*, GstMessage* message, gpointer self) {
    return static_cast<RecordingFinisher*>(self)->on_bus_message(message);
}

// Quotes a path for gst_parse_launch (paths are ours: the data folder, digits and fixed names).
std::string quoted(const std::filesystem::path& p) { return "\"" + p.string() + "\""; }

}  // namespace

RecordingFinisher::RecordingFinisher(std::string name, std::filesystem::path folder, std::int64_t first_segment,
                                     std::int64_t last_segment, std::string mp4_name, std::function<void()> done)
    : name_(std::move(name)), folder_(std::move(folder)), first_(first_segment), last_(last_segment),
      mp4_name_(std::move(mp4_name)), done_(std::move(done)) {}

RecordingFinisher::~RecordingFinisher() {
    if (bus_watch_) g_source_remove(bus_watch_);
}

void RecordingFinisher::start() { next_step(); }

// Short fixed pipelines over our own files; a description string is the clearest way to write them.
void RecordingFinisher::run(const std::string& description) {
    if (bus_watch_) g_source_remove(bus_watch_);
    bus_watch_ = 0;
    pipeline_.reset();
    GError* error = nullptr;
    GstElement* pipeline = gst_parse_launch(description.c_str(), &error);
    if (!pipeline || error) {
        spdlog::error("{}: {}", name_, error ? error->message : "cannot build the pipeline");
        g_clear_error(&error);
        if (pipeline) gst_object_unref(pipeline);
        next_step();
        return;
    }
    pipeline_.reset(pipeline);
    BusRef bus(gst_pipeline_get_bus(GST_PIPELINE(pipeline)));
    bus_watch_ = gst_bus_add_watch(bus.get(), on_bus, this);
    gst_element_set_state(pipeline, GST_STATE_PLAYING);
}

void RecordingFinisher::next_step() {
    const auto segments = folder_ / "seg%05d.ts";
    switch (step_++) {
        case 0: {
            // The MP4: every segment in order as one transport stream, remuxed. The video is written as avc3
            // (parameter sets in the stream) so the slate's different encoder settings need no new header.
            const auto tmp = folder_ / (mp4_name_ + ".part");
            run(fmt::format(
                "multifilesrc location={} start-index={} stop-index={} "
                "caps=\"video/mpegts,systemstream=(boolean)true,packetsize=(int)188\" ! tsdemux name=d "
                "d. ! queue ! h264parse ! video/x-h264,stream-format=avc3 ! mp4mux faststart=true name=m ! "
                "filesink location={} d. ! queue ! aacparse ! m.",
                quoted(segments), first_, last_, quoted(tmp)));
            return;
        }
        case 1: {
            std::error_code ec;
            const auto tmp = folder_ / (mp4_name_ + ".part");
            if (std::filesystem::file_size(tmp, ec) > 0 && !ec) std::filesystem::rename(tmp, folder_ / mp4_name_, ec);
            // The poster: the first picture of a segment a third of the way in.
            const auto middle = first_ + (last_ - first_) / 3;
            run(fmt::format("filesrc location={} ! tsdemux ! h264parse ! avdec_h264 ! videoconvert ! "
                            "jpegenc snapshot=true quality=85 ! filesink location={}",
                            quoted(folder_ / fmt::format("seg{:05}.ts", middle)), quoted(folder_ / "poster.jpg")));
            return;
        }
        default:
            if (bus_watch_) g_source_remove(bus_watch_);
            bus_watch_ = 0;
            pipeline_.reset();
            spdlog::info("{}: MP4 and poster written", name_);
            done_();
            return;
    }
}

gboolean RecordingFinisher::on_bus_message(GstMessage* message) {
    if (GST_MESSAGE_TYPE(message) == GST_MESSAGE_ERROR) {
        spdlog::error("{}: step {} failed: {}", name_, step_, bus_message_text(message, true));
    } else if (GST_MESSAGE_TYPE(message) != GST_MESSAGE_EOS) {
        return G_SOURCE_CONTINUE;
    }
    bus_watch_ = 0;  // this watch ends by returning G_SOURCE_REMOVE
    on_main_loop_soon([this] { next_step(); });
    return G_SOURCE_REMOVE;
}

}  // namespace openhall::streamer
