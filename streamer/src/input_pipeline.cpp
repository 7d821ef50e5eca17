#include "openhall/streamer/input_pipeline.hpp"

#include <stdexcept>

#include <gst/app/gstappsink.h>
#include <spdlog/spdlog.h>

namespace openhall::streamer {
namespace {

constexpr int kKeyframeInterval = 25;  // frames; one second at 25 fps keeps segments about one second long

GstFlowReturn on_new_sample(GstAppSink* sink, gpointer user_data) {
    auto* input = static_cast<InputPipeline*>(user_data);
    GstSample* sample = gst_app_sink_pull_sample(sink);
    if (!sample) return GST_FLOW_EOS;
    const auto track = g_object_get_data(G_OBJECT(sink), "openhall-track") ? Track::Audio : Track::Video;
    input->deliver(track, sample);
    gst_sample_unref(sample);
    return GST_FLOW_OK;
}

void on_pad_added_to_source(GstElement*, GstPad* pad, gpointer user_data) {
    static_cast<InputPipeline*>(user_data)->on_source_pad(pad);
}
void on_pad_added_to_parsebin(GstElement*, GstPad* pad, gpointer user_data) {
    static_cast<InputPipeline*>(user_data)->on_parsed_pad(pad);
}
void on_pad_added_to_decodebin(GstElement*, GstPad* pad, gpointer user_data) {
    static_cast<InputPipeline*>(user_data)->on_decoded_pad(pad);
}
gboolean on_bus(GstBus*, GstMessage* message, gpointer user_data) {
    return static_cast<InputPipeline*>(user_data)->on_bus_message(message);
}

GstCaps* caps_of(GstPad* pad) {
    GstCaps* caps = gst_pad_get_current_caps(pad);
    return caps ? caps : gst_pad_query_caps(pad, nullptr);
}

std::string caps_text(GstPad* pad) {
    GstCaps* caps = caps_of(pad);
    gchar* text = gst_caps_to_string(caps);
    std::string out = text ? text : "";
    g_free(text);
    gst_caps_unref(caps);
    return out;
}

std::string caps_name(GstPad* pad) {
    GstCaps* caps = caps_of(pad);
    std::string name = caps && !gst_caps_is_empty(caps) ? gst_structure_get_name(gst_caps_get_structure(caps, 0)) : "";
    if (name == "audio/mpeg") {
        // At pad-added time the caps may still list possibilities (mpegversion {2, 4}): AAC when nothing else fits.
        GstCaps* aac = gst_caps_from_string("audio/mpeg,mpegversion=(int){2,4}");
        if (gst_caps_is_subset(caps, aac)) name = "audio/aac";
        gst_caps_unref(aac);
    }
    if (caps) gst_caps_unref(caps);
    return name;
}

GstCaps* caps_from(const char* text) { return gst_caps_from_string(text); }

}  // namespace

InputPipeline::InputPipeline(std::string name, InputSpec spec, SampleHandler on_sample, FailureHandler on_failure)
    : name_(std::move(name)), spec_(std::move(spec)), on_sample_(std::move(on_sample)),
      on_failure_(std::move(on_failure)), pipeline_(gst_pipeline_new(name_.c_str())) {}

InputPipeline::~InputPipeline() {
    if (bus_watch_) g_source_remove(bus_watch_);
}

GstElement* InputPipeline::make(const char* factory) {
    GstElement* element = gst_element_factory_make(factory, nullptr);
    if (!element) {
        spdlog::error("{}: the GStreamer element {} is not installed", name_, factory);
        return nullptr;
    }
    gst_bin_add(GST_BIN(pipeline_.get()), element);
    return element;
}

// Builds "[decode/encode ->] parse -> capsfilter -> appsink" and returns its first element.
GstElement* InputPipeline::output_branch(Track track, bool encode) {
    const bool video = track == Track::Video;
    std::vector<GstElement*> chain;
    if (encode) {
        counters_.transcoding = true;
        if (video) {
            GstElement* enc = nullptr;
            // 4:2:0, the only chroma format every browser decodes (test patterns would otherwise give 4:4:4).
            GstElement* format = make("capsfilter");
            if (format) {
                GstCaps* i420 = caps_from("video/x-raw,format=I420");
                g_object_set(format, "caps", i420, nullptr);
                gst_caps_unref(i420);
            }
            chain = {make("videoconvert"), format, enc = make("x264enc")};
            if (enc) {
                gst_util_set_object_arg(G_OBJECT(enc), "tune", "zerolatency");
                gst_util_set_object_arg(G_OBJECT(enc), "speed-preset", "veryfast");
                g_object_set(enc, "key-int-max", kKeyframeInterval, "bitrate", 2000, nullptr);
            }
        } else {
            chain = {make("audioconvert"), make("audioresample"), make("avenc_aac")};
        }
    }
    GstElement* parse = make(video ? "h264parse" : "aacparse");
    if (video && parse) g_object_set(parse, "config-interval", -1, nullptr);
    GstElement* filter = make("capsfilter");
    GstCaps* caps = caps_from(video ? "video/x-h264,stream-format=byte-stream,alignment=au"
                                    : "audio/mpeg,mpegversion=4,stream-format=adts");
    if (filter) g_object_set(filter, "caps", caps, nullptr);
    gst_caps_unref(caps);
    GstElement* sink = make("appsink");
    chain.insert(chain.end(), {parse, filter, sink});
    for (auto* e : chain)
        if (!e) return nullptr;

    // Files are played in real time, like a camera; live sources are taken as they come.
    g_object_set(sink, "sync", spec_.kind == InputSpec::Kind::File, "emit-signals", FALSE, "max-buffers", 200, nullptr);
    if (!video) g_object_set_data(G_OBJECT(sink), "openhall-track", GINT_TO_POINTER(1));
    GstAppSinkCallbacks callbacks{};
    callbacks.new_sample = on_new_sample;
    gst_app_sink_set_callbacks(GST_APP_SINK(sink), &callbacks, this, nullptr);
    for (std::size_t i = 0; i + 1 < chain.size(); ++i) gst_element_link(chain[i], chain[i + 1]);
    for (auto* e : chain) gst_element_sync_state_with_parent(e);
    return chain.front();
}

void InputPipeline::link_and_play(GstPad* pad, GstElement* first) {
    if (!first) return;
    GstPad* sink = gst_element_get_static_pad(first, "sink");
    if (gst_pad_link(pad, sink) != GST_PAD_LINK_OK) spdlog::warn("{}: could not link a stream", name_);
    gst_object_unref(sink);
}

void InputPipeline::on_source_pad(GstPad* pad) {
    GstElement* parsebin = make("parsebin");
    if (!parsebin) return;
    g_signal_connect(parsebin, "pad-added", G_CALLBACK(on_pad_added_to_parsebin), this);
    gst_element_sync_state_with_parent(parsebin);
    link_and_play(pad, parsebin);
}

void InputPipeline::on_parsed_pad(GstPad* pad) {
    const auto name = caps_name(pad);
    const bool video = name.starts_with("video/");
    const bool audio = name.starts_with("audio/");
    auto& linked = video ? video_linked_ : audio_linked_;
    if ((!video && !audio) || linked.exchange(true)) {
        // Data streams, subtitles, or a second video or audio stream: consumed and dropped.
        GstElement* fake = make("fakesink");
        if (fake) {
            gst_element_sync_state_with_parent(fake);
            link_and_play(pad, fake);
        }
        return;
    }
    const bool passthrough = name == "video/x-h264" || name == "audio/aac";
    if (passthrough) {
        link_and_play(pad, output_branch(video ? Track::Video : Track::Audio, false));
        return;
    }
    spdlog::info("{}: {} is transcoded ({})", name_, name, caps_text(pad));
    GstElement* decode = make("decodebin");
    if (!decode) return;
    g_signal_connect(decode, "pad-added", G_CALLBACK(on_pad_added_to_decodebin), this);
    gst_element_sync_state_with_parent(decode);
    link_and_play(pad, decode);
}

void InputPipeline::on_decoded_pad(GstPad* pad) {
    const auto name = caps_name(pad);
    if (name.starts_with("video/x-raw")) link_and_play(pad, output_branch(Track::Video, true));
    else if (name.starts_with("audio/x-raw")) link_and_play(pad, output_branch(Track::Audio, true));
}

void InputPipeline::build_generated(bool slate) {
    auto* bin = GST_BIN(pipeline_.get());
    GstElement* video = gst_element_factory_make("videotestsrc", nullptr);
    GstElement* video_caps = gst_element_factory_make("capsfilter", nullptr);
    GstElement* overlay = gst_element_factory_make(slate ? "textoverlay" : "clockoverlay", nullptr);
    GstElement* audio = gst_element_factory_make("audiotestsrc", nullptr);
    if (!video || !video_caps || !audio) throw std::runtime_error("GStreamer base plugins are missing");
    gst_util_set_object_arg(G_OBJECT(video), "pattern", slate ? "solid-color" : "smpte");
    g_object_set(video, "is-live", TRUE, nullptr);
    if (slate) g_object_set(video, "foreground-color", 0xff1f2d3dU, nullptr);
    GstCaps* caps = gst_caps_new_simple("video/x-raw", "width", G_TYPE_INT, spec_.width, "height", G_TYPE_INT,
                                        spec_.height, "framerate", GST_TYPE_FRACTION, 25, 1, nullptr);
    g_object_set(video_caps, "caps", caps, nullptr);
    gst_caps_unref(caps);
    gst_bin_add_many(bin, video, video_caps, audio, nullptr);
    gst_element_link(video, video_caps);
    GstElement* last = video_caps;
    if (overlay) {
        // Pango's overlays come from gstreamer1.0-x; without them the picture is plain.
        gst_bin_add(bin, overlay);
        if (slate) {
            g_object_set(overlay, "text", "信號中斷 · 信号中断\nSignal interrupted", "font-desc", "Sans 22", nullptr);
            gst_util_set_object_arg(G_OBJECT(overlay), "valignment", "center");
            gst_util_set_object_arg(G_OBJECT(overlay), "halignment", "center");
        }
        else
            g_object_set(overlay, "time-format", "%Y-%m-%d %H:%M:%S", "font-desc", "Sans 24", nullptr);
        gst_element_link(video_caps, overlay);
        last = overlay;
    }
    gst_util_set_object_arg(G_OBJECT(audio), "wave", slate ? "silence" : "sine");
    g_object_set(audio, "is-live", TRUE, "volume", 0.1, nullptr);
    // The same sample rate and channels as the input, so the recording's audio format never changes.
    GstElement* audio_caps = gst_element_factory_make("capsfilter", nullptr);
    GstCaps* raw_audio = gst_caps_new_simple("audio/x-raw", "rate", G_TYPE_INT, spec_.audio_rate, "channels",
                                             G_TYPE_INT, spec_.audio_channels, nullptr);
    g_object_set(audio_caps, "caps", raw_audio, nullptr);
    gst_caps_unref(raw_audio);
    gst_bin_add(bin, audio_caps);
    gst_element_link(audio, audio_caps);
    GstElement* video_branch = output_branch(Track::Video, true);
    GstElement* audio_branch = output_branch(Track::Audio, true);
    if (!video_branch || !audio_branch) throw std::runtime_error("GStreamer encoders are missing (x264enc, avenc_aac)");
    gst_element_link(last, video_branch);
    gst_element_link(audio_caps, audio_branch);
}

void InputPipeline::start() {
    BusRef bus(gst_pipeline_get_bus(GST_PIPELINE(pipeline_.get())));
    bus_watch_ = gst_bus_add_watch(bus.get(), on_bus, this);
    switch (spec_.kind) {
        case InputSpec::Kind::TestPattern: build_generated(false); break;
        case InputSpec::Kind::Slate: build_generated(true); break;
        case InputSpec::Kind::Srt: {
            GError* error = nullptr;
            GstElement* src = gst_element_make_from_uri(GST_URI_SRC, spec_.uri.c_str(), nullptr, &error);
            if (!src) {
                std::string message = error ? error->message : "no element for the URI";
                g_clear_error(&error);
                throw std::runtime_error(name_ + ": " + message);
            }
            gst_bin_add(GST_BIN(pipeline_.get()), src);
            GstPad* pad = gst_element_get_static_pad(src, "src");
            on_source_pad(pad);
            gst_object_unref(pad);
            break;
        }
        case InputSpec::Kind::File: {
            GstElement* src = make("filesrc");
            g_object_set(src, "location", spec_.uri.c_str(), nullptr);
            GstPad* pad = gst_element_get_static_pad(src, "src");
            on_source_pad(pad);
            gst_object_unref(pad);
            break;
        }
        case InputSpec::Kind::Rtsp: {
            GstElement* src = make("rtspsrc");
            g_object_set(src, "location", spec_.uri.c_str(), "latency", 200, nullptr);
            // RTP interleaved in the RTSP connection: one TCP stream that survives firewalls and NAT, and a
            // camera's restart cannot leave packets flowing to stale UDP ports.
            gst_util_set_object_arg(G_OBJECT(src), "protocols", "tcp");
            g_signal_connect(src, "pad-added", G_CALLBACK(on_pad_added_to_source), this);
            break;
        }
    }
    if (gst_element_set_state(pipeline_.get(), GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
        spdlog::warn("{}: the pipeline did not start", name_);
}

void InputPipeline::deliver(Track track, GstSample* sample) {
    GstBuffer* buffer = gst_sample_get_buffer(sample);
    if (buffer) {
        counters_.bytes += gst_buffer_get_size(buffer);
        if (track == Track::Video) ++counters_.video_frames;
    }
    on_sample_(track, sample);
}

gboolean InputPipeline::on_bus_message(GstMessage* message) {
    switch (GST_MESSAGE_TYPE(message)) {
        case GST_MESSAGE_ERROR: {
            const auto text = bus_message_text(message);
            spdlog::warn("{}: {}", name_, bus_message_text(message, true));
            if (!failed_) {
                failed_ = true;
                on_failure_(text);
            }
            break;
        }
        case GST_MESSAGE_EOS:
            if (!failed_) {
                failed_ = ended_ = true;
                on_failure_("the source ended");
            }
            break;
        case GST_MESSAGE_WARNING:
            spdlog::info("{}: {}", name_, bus_message_text(message));
            break;
        default:
            break;
    }
    return G_SOURCE_CONTINUE;
}

}  // namespace openhall::streamer
