#include "openhall/streamer/live_output.hpp"

#include <stdexcept>

#include <gst/app/gstappsrc.h>
#include <spdlog/spdlog.h>

namespace openhall::streamer {
namespace {

constexpr guint64 kSegmentNanoseconds = GST_SECOND;

gboolean on_bus(GstBus*, GstMessage* message, gpointer user_data) {
    return static_cast<LiveOutput*>(user_data)->on_bus_message(message);
}

GstElement* required(const char* factory, const char* name) {
    GstElement* e = gst_element_factory_make(factory, name);
    if (!e) throw std::runtime_error(std::string("the GStreamer element ") + factory + " is not installed");
    return e;
}

GstElement* live_appsrc(const char* name) {
    GstElement* src = required("appsrc", name);
    // Timestamps are ours (one continuous timeline) and may start far from zero after a restart, so the output
    // is not live: the muxer takes buffers as they come instead of waiting for a clock to reach them. The queue
    // is bounded so a stuck disk cannot grow memory.
    g_object_set(src, "format", GST_FORMAT_TIME, "is-live", FALSE, "do-timestamp", FALSE, "max-bytes",
                 guint64{16 * 1024 * 1024}, "block", FALSE, nullptr);
    return src;
}

}  // namespace

LiveOutput::LiveOutput(std::string name, std::filesystem::path folder, int first_index, FragmentHandler on_fragment,
                       FinishedHandler on_finished)
    : name_(std::move(name)), folder_(std::move(folder)), first_index_(first_index),
      on_fragment_(std::move(on_fragment)), on_finished_(std::move(on_finished)),
      pipeline_(gst_pipeline_new(name_.c_str())) {}

LiveOutput::~LiveOutput() {
    if (bus_watch_) g_source_remove(bus_watch_);
}

void LiveOutput::start() {
    video_src_ = live_appsrc("video");
    audio_src_ = live_appsrc("audio");
    splitmux_ = required("splitmuxsink", "segments");
    GstElement* mux = required("mpegtsmux", nullptr);
    const auto pattern = (folder_ / "seg%05d.ts").string();
    g_object_set(splitmux_, "muxer", mux, "max-size-time", kSegmentNanoseconds, "location", pattern.c_str(),
                 "start-index", first_index_, nullptr);
    // No queues of our own: each appsrc has its streaming thread and splitmuxsink queues internally.
    gst_bin_add_many(GST_BIN(pipeline_.get()), video_src_, audio_src_, splitmux_, nullptr);
    if (!gst_element_link_pads(video_src_, "src", splitmux_, "video") ||
        !gst_element_link_pads(audio_src_, "src", splitmux_, "audio_%u"))
        throw std::runtime_error(name_ + ": cannot link the segment writer");
    BusRef bus(gst_pipeline_get_bus(GST_PIPELINE(pipeline_.get())));
    bus_watch_ = gst_bus_add_watch(bus.get(), on_bus, this);
    if (gst_element_set_state(pipeline_.get(), GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
        throw std::runtime_error(name_ + ": the segment writer did not start");
}

void LiveOutput::push(Track track, GstBuffer* buffer, GstCaps* caps) {
    auto* src = GST_APP_SRC(track == Track::Video ? video_src_ : audio_src_);
    if (caps) gst_app_src_set_caps(src, caps);
    gst_app_src_push_buffer(src, buffer);
}

void LiveOutput::split_at_next_keyframe() { g_signal_emit_by_name(splitmux_, "split-now"); }

void LiveOutput::finish() {
    if (finished_) return;
    finished_ = true;
    gst_app_src_end_of_stream(GST_APP_SRC(video_src_));
    gst_app_src_end_of_stream(GST_APP_SRC(audio_src_));
}

gboolean LiveOutput::on_bus_message(GstMessage* message) {
    switch (GST_MESSAGE_TYPE(message)) {
        case GST_MESSAGE_ELEMENT: {
            const GstStructure* s = gst_message_get_structure(message);
            if (!s) break;
            const std::string kind = gst_structure_get_name(s);
            guint64 running_time = 0;
            gst_structure_get_uint64(s, "running-time", &running_time);
            const char* location = gst_structure_get_string(s, "location");
            const auto file = location ? std::filesystem::path(location).filename().string() : "";
            if (kind == "splitmuxsink-fragment-opened") {
                open_start_ = running_time;
                open_file_ = file;
            } else if (kind == "splitmuxsink-fragment-closed" && GST_CLOCK_TIME_IS_VALID(open_start_)) {
                on_fragment_(Fragment{file.empty() ? open_file_ : file, open_start_, running_time});
                open_start_ = GST_CLOCK_TIME_NONE;
            }
            break;
        }
        case GST_MESSAGE_EOS:
            spdlog::info("{}: recording closed", name_);
            on_finished_();
            break;
        case GST_MESSAGE_ERROR:
            spdlog::error("{}: {}", name_, bus_message_text(message, true));
            break;
        default:
            break;
    }
    return G_SOURCE_CONTINUE;
}

}  // namespace openhall::streamer
