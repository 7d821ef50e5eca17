#include "openhall/streamer/picture_in_picture.hpp"

#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>
#include <gst/video/video-event.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <stdexcept>

#include <spdlog/spdlog.h>

#include "openhall/streamer/gst_elements.hpp"
#include "openhall/streamer/gst_handles.hpp"
#include "openhall/streamer/pipeline_reaper.hpp"

namespace openhall::streamer {
namespace {

using Gate = PictureInPicture::Gate;

// At most this much waits in each source before the oldest is dropped (a compositor that stopped taking frames).
constexpr guint64 kSourceBytes = 16 * 1024 * 1024;

int even(double v) { return std::max(2, static_cast<int>(v / 2) * 2); }

GstElement* live_source(GstElement* pipeline, const char* name) {
    GstElement* src = add_element(pipeline, "appsrc", name);
    g_object_set(src, "format", GST_FORMAT_TIME, "is-live", TRUE, "do-timestamp", FALSE, "block", FALSE, "max-bytes",
                 kSourceBytes, nullptr);
    gst_util_set_object_arg(G_OBJECT(src), "leaky-type", "downstream");
    return src;
}

// appsrc ! h264parse ! avdec_h264 ! queue ! videoconvert into a new pad of the compositor; returns that pad (owned
// by it). The queue is where the latency a decoder adds (frames held back for B-frames) may wait: without it the
// live compositor cannot configure its latency (the sources allow none), and with a B-frame main picture it stalled
// whenever the interpreter's picture stopped coming.
GstPad* decoded_into(GstElement* pipeline, GstElement* source, GstElement* mix, unsigned zorder) {
    GstElement* parse = add_element(pipeline, "h264parse");
    GstElement* decode = add_element(pipeline, "avdec_h264");
    GstElement* buffer = add_element(pipeline, "queue");
    GstElement* convert = add_element(pipeline, "videoconvert");
    link_chain({source, parse, decode, buffer, convert});
    GstPad* pad = gst_element_request_pad_simple(mix, "sink_%u");
    PadRef out(gst_element_get_static_pad(convert, "src"));
    if (!pad || gst_pad_link(out.get(), pad) != GST_PAD_LINK_OK)
        throw std::runtime_error("cannot link a picture to the compositor");
    g_object_set(pad, "zorder", zorder, nullptr);
    gst_object_unref(pad);  // the compositor keeps it
    return pad;
}

GstFlowReturn on_new_sample(GstAppSink* sink, gpointer data) {
    SampleRef sample(gst_app_sink_pull_sample(sink));
    if (!sample) return GST_FLOW_EOS;
    Gate::from(data)->run([&](PictureInPicture& pip) { pip.on_composited(sample.get()); });
    return GST_FLOW_OK;
}

gboolean on_bus(GstBus*, GstMessage* message, gpointer name) {
    if (GST_MESSAGE_TYPE(message) == GST_MESSAGE_ERROR)
        spdlog::error("{}: {}", static_cast<const char*>(name), bus_message_text(message, true));
    return G_SOURCE_CONTINUE;
}

}  // namespace

InsetPlace inset_place(int main_width, int main_height, int inset_width, int inset_height) {
    if (inset_width <= 0 || inset_height <= 0) inset_width = 16, inset_height = 9;
    const int width = even(main_width / 4.0);
    const int height = even(width * static_cast<double>(inset_height) / inset_width);
    const int margin = even(main_width * 0.025);
    return {std::max(0, main_width - width - margin), std::max(0, main_height - height - margin), width, height};
}

PictureInPicture::PictureInPicture(std::string name, PictureLayout layout, Output on_sample)
    : name_(std::move(name)), layout_(layout), on_sample_(std::move(on_sample)), gate_(std::make_shared<Gate>(this)) {
    if (layout_.kbps == 0)
        layout_.kbps = static_cast<unsigned>(
            std::max(300.0, 0.1 * layout_.width * layout_.height * frames_per_second() / 1000.0));
}

PictureInPicture::~PictureInPicture() {
    if (bus_watch_) g_source_remove(bus_watch_);
    gate_->close();
    if (pipeline_) retire_pipeline(pipeline_);
}

void PictureInPicture::start() {
    pipeline_ = gst_pipeline_new(name_.c_str());
    gst_object_ref_sink(pipeline_);
    GstElement* mix = add_element(pipeline_, "compositor", "mix");
    // Live: a picture that does not come (an interpreter's network stalls) does not hold the output; the output
    // starts with the first frame, not at running time zero.
    g_object_set(mix, "latency", static_cast<guint64>(kLatencyNs), "ignore-inactive-pads", TRUE, nullptr);
    gst_util_set_object_arg(G_OBJECT(mix), "start-time-selection", "first");
    gst_util_set_object_arg(G_OBJECT(mix), "background", "black");
    main_src_ = live_source(pipeline_, "main");
    inset_src_ = live_source(pipeline_, "inset");
    decoded_into(pipeline_, main_src_, mix, 0);
    inset_pad_ = decoded_into(pipeline_, inset_src_, mix, 1);
    const auto place = inset_place(layout_.width, layout_.height);
    g_object_set(inset_pad_, "xpos", place.x, "ypos", place.y, "width", place.width, "height", place.height, nullptr);

    GstElement* size = add_element(pipeline_, "capsfilter");
    const auto raw = "video/x-raw,width=" + std::to_string(layout_.width) + ",height=" + std::to_string(layout_.height) +
                     ",framerate=" + std::to_string(layout_.fps_n) + "/" + std::to_string(layout_.fps_d);
    set_caps(size, raw.c_str());
    auto chain = add_h264_encoder(pipeline_, static_cast<int>(std::lround(frames_per_second())), layout_.kbps);
    GstElement* form = add_element(pipeline_, "capsfilter");
    set_caps(form, "video/x-h264,stream-format=byte-stream,alignment=au");
    GstElement* sink = add_element(pipeline_, "appsink", "out");
    sink_ = sink;
    g_object_set(sink, "sync", FALSE, "emit-signals", FALSE, nullptr);
    GstAppSinkCallbacks callbacks{};
    callbacks.new_sample = on_new_sample;
    gst_app_sink_set_callbacks(GST_APP_SINK(sink), &callbacks, Gate::ref(gate_), Gate::release);
    chain.insert(chain.begin(), {mix, size});
    chain.insert(chain.end(), {form, sink});
    link_chain(chain);

    BusRef bus(gst_pipeline_get_bus(GST_PIPELINE(pipeline_)));
    bus_watch_ = gst_bus_add_watch(bus.get(), on_bus, const_cast<char*>(name_.c_str()));
    if (gst_element_set_state(pipeline_, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
        throw std::runtime_error(name_ + ": the picture-in-picture compositor did not start");
}

GstClockTime PictureInPicture::running_time_now() const {
    GstClock* clock = gst_element_get_clock(pipeline_);
    if (!clock) return 0;
    const GstClockTime now = gst_clock_get_time(clock);
    gst_object_unref(clock);
    const GstClockTime base = gst_element_get_base_time(pipeline_);
    return now > base ? now - base : 0;
}

std::optional<std::int64_t> PictureInPicture::push(GstElement* source, GstSample* sample, Anchor& anchor,
                                                    std::int64_t lead, bool resync) {
    if (!source) return std::nullopt;
    GstBuffer* in = gst_sample_get_buffer(sample);
    const auto times = in ? running_times(sample) : RunningTimes{};
    if (!times.valid) return std::nullopt;
    const std::int64_t pts = times.pts;
    std::int64_t offset = 0;
    std::optional<std::int64_t> anchored;
    {
        std::lock_guard lock(anchors_mutex_);
        // Frames are placed ahead of the running time they arrive at: the first ones' decode times (a frame or two
        // before their presentation with B-frames) stay positive, and the compositor has them before it needs them.
        const auto now = static_cast<std::int64_t>(running_time_now()) + lead;
        const auto drift = now - (pts - anchor.first_pts + anchor.running);
        if (anchor.first_pts < 0 || (resync && std::llabs(drift) > kInsetResyncNs)) {
            anchor.first_pts = pts;
            anchor.running = now;
            anchored = now;
        } else if (&anchor == &main_anchor_) {
            // Smoothed over about a second and a half (25 fps): one frame late from the network is not a drift.
            main_drift_ns_ = main_drift_ns_ + (drift - main_drift_ns_) / 32;
        }
        offset = anchor.running - anchor.first_pts;
    }
    GstBuffer* out = gst_buffer_copy(in);  // the same memory, its own timestamps
    GST_BUFFER_PTS(out) = static_cast<GstClockTime>(std::max<std::int64_t>(0, pts + offset));
    GST_BUFFER_DTS(out) = static_cast<GstClockTime>(std::max<std::int64_t>(0, times.dts + offset));
    if (GstCaps* caps = gst_sample_get_caps(sample)) gst_app_src_set_caps(GST_APP_SRC(source), caps);
    gst_app_src_push_buffer(GST_APP_SRC(source), out);
    return anchored;
}

void PictureInPicture::push_main(GstSample* sample) {
    const auto anchored = push(main_src_, sample, main_anchor_, kMainLeadNs, false);
    if (!anchored || !sink_) return;
    // The output is handed on from the main picture's first frame, which must be a keyframe: the encoder may have
    // run a while already on the interpreter's picture alone. The event travels up from the appsink to x264enc,
    // which makes the frame covering that running time a keyframe.
    gst_element_send_event(sink_, gst_video_event_new_upstream_force_key_unit(static_cast<GstClockTime>(*anchored),
                                                                              TRUE, 0));
}

void PictureInPicture::push_inset(GstSample* sample) {
    if (!inset_placed_) {
        // The interpreter's own aspect, once known (a phone held upright is 9:16).
        if (GstCaps* caps = gst_sample_get_caps(sample)) {
            int width = 0, height = 0;
            const GstStructure* s = gst_caps_get_structure(caps, 0);
            if (gst_structure_get_int(s, "width", &width) && gst_structure_get_int(s, "height", &height)) {
                const auto place = inset_place(layout_.width, layout_.height, width, height);
                g_object_set(inset_pad_, "xpos", place.x, "ypos", place.y, "width", place.width, "height", place.height,
                             nullptr);
                inset_placed_ = true;
            }
        }
    }
    push(inset_src_, sample, inset_anchor_, kInsetLeadNs, true);
}

std::int64_t PictureInPicture::main_drift_ns() const {
    std::lock_guard lock(anchors_mutex_);
    return main_drift_ns_;
}

void PictureInPicture::restart_inset() {
    std::lock_guard lock(anchors_mutex_);
    inset_anchor_ = Anchor{};
    inset_placed_ = false;
}

void PictureInPicture::on_composited(GstSample* sample) {
    GstBuffer* in = gst_sample_get_buffer(sample);
    // The encoder moves its timestamps by 1000 hours (negative decode times are not allowed) and says so in its
    // segment: as running times they are on the clock the main frames were placed on.
    const auto times = in ? running_times(sample) : RunningTimes{};
    if (!times.valid) return;
    std::int64_t offset = 0;
    {
        std::lock_guard lock(anchors_mutex_);
        // Frames that end before the main picture's first begins (the interpreter's alone on black) are not handed
        // on; the output begins with a keyframe, the one forced in push_main() (x264 makes it the frame that covers
        // that time), or the next if it came later.
        const auto frame = static_cast<std::int64_t>(GST_SECOND / frames_per_second());
        if (main_anchor_.first_pts < 0 || times.pts + frame <= main_anchor_.running) return;
        if (!output_begun_ && GST_BUFFER_FLAG_IS_SET(in, GST_BUFFER_FLAG_DELTA_UNIT)) return;
        output_begun_ = true;
        offset = main_anchor_.first_pts - main_anchor_.running;
    }
    auto to_main = [&](std::int64_t t) { return static_cast<GstClockTime>(std::max<std::int64_t>(0, t + offset)); };
    BufferRef out(gst_buffer_copy(in));
    GST_BUFFER_PTS(out.get()) = to_main(times.pts);
    GST_BUFFER_DTS(out.get()) = to_main(times.dts);
    SampleRef mapped(gst_sample_new(out.get(), gst_sample_get_caps(sample), nullptr, nullptr));
    ++frames_out_;
    on_sample_(mapped.get());
}

}  // namespace openhall::streamer
