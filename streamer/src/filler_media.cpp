#include "openhall/streamer/filler_media.hpp"

#include <cmath>
#include <mutex>
#include <stdexcept>

#include <fmt/format.h>
#include <gst/app/gstappsink.h>

namespace openhall::streamer {
namespace {

GstElement* make(GstElement* pipeline, const char* factory) {
    GstElement* e = gst_element_factory_make(factory, nullptr);
    if (!e) throw std::runtime_error(fmt::format("the GStreamer element {} is not installed", factory));
    gst_bin_add(GST_BIN(pipeline), e);
    return e;
}

void set_caps(GstElement* filter, const std::string& text) {
    CapsRef caps(gst_caps_from_string(text.c_str()));
    g_object_set(filter, "caps", caps.get(), nullptr);
}

void link_all(const std::vector<GstElement*>& chain) {
    for (std::size_t i = 0; i + 1 < chain.size(); ++i)
        if (!gst_element_link(chain[i], chain[i + 1]))
            throw std::runtime_error(fmt::format("cannot link {} to {}", GST_ELEMENT_NAME(chain[i]),
                                                 GST_ELEMENT_NAME(chain[i + 1])));
}

// Plays a finite pipeline ending in `sink` (an appsink) and returns every sample it produced.
std::vector<SampleRef> pull_all(GstElement* pipeline, GstElement* sink) {
    std::vector<SampleRef> samples;
    if (gst_element_set_state(pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
        throw std::runtime_error("the encoding pipeline did not start");
    while (GstSample* sample = gst_app_sink_try_pull_sample(GST_APP_SINK(sink), 5 * GST_SECOND))
        samples.emplace_back(sample);
    return samples;
}

std::string card_text(Card card, const std::string& title) {
    if (card == Card::Slate) return "信號中斷 · 信号中断\nSignal interrupted";
    return title + "\n僅有聲音 · 仅有声音 · Audio only";
}

}  // namespace

std::optional<VideoFormat> video_format_of(GstCaps* caps) {
    if (!caps || gst_caps_is_empty(caps)) return std::nullopt;
    const GstStructure* s = gst_caps_get_structure(caps, 0);
    VideoFormat f;
    if (!gst_structure_get_int(s, "width", &f.width) || !gst_structure_get_int(s, "height", &f.height)) return std::nullopt;
    if (!gst_structure_get_fraction(s, "framerate", &f.fps_n, &f.fps_d) || f.fps_n <= 0 || f.fps_d <= 0) {
        f.fps_n = 25;  // variable or unknown rate: the usual broadcast rate here
        f.fps_d = 1;
        f.declared_rate = false;
    }
    return f;
}

EncodedCard encode_card(Card card, const std::string& title, const VideoFormat& format) {
    const int frames = std::max(1, static_cast<int>(std::lround(static_cast<double>(format.fps_n) / format.fps_d)));
    PipelinePtr pipeline(gst_pipeline_new("card"));
    gst_object_ref_sink(pipeline.get());
    GstElement* p = pipeline.get();
    GstElement* picture = make(p, "videotestsrc");
    gst_util_set_object_arg(G_OBJECT(picture), "pattern", "solid-color");
    g_object_set(picture, "foreground-color", 0xff1f2d3dU, "num-buffers", frames, nullptr);
    GstElement* raw = make(p, "capsfilter");
    set_caps(raw, fmt::format("video/x-raw,width={},height={},framerate={}/{}", format.width, format.height,
                              format.fps_n, format.fps_d));
    std::vector<GstElement*> chain{picture, raw};
    // Pango's text overlay comes from gstreamer1.0-x; without it the card is a plain colour.
    if (GstElement* text = gst_element_factory_make("textoverlay", nullptr)) {
        gst_bin_add(GST_BIN(p), text);
        const auto font = fmt::format("Sans {}", std::max(10, format.height / 16));
        g_object_set(text, "text", card_text(card, title).c_str(), "font-desc", font.c_str(), nullptr);
        gst_util_set_object_arg(G_OBJECT(text), "valignment", "center");
        gst_util_set_object_arg(G_OBJECT(text), "halignment", "center");
        gst_util_set_object_arg(G_OBJECT(text), "line-alignment", "center");
        chain.push_back(text);
    }
    GstElement* convert = make(p, "videoconvert");
    GstElement* i420 = make(p, "capsfilter");
    set_caps(i420, "video/x-raw,format=I420");
    GstElement* encode = make(p, "x264enc");
    gst_util_set_object_arg(G_OBJECT(encode), "tune", "zerolatency");
    gst_util_set_object_arg(G_OBJECT(encode), "speed-preset", "veryfast");
    g_object_set(encode, "key-int-max", static_cast<guint>(frames), "bitrate", 300u, nullptr);
    GstElement* parse = make(p, "h264parse");
    g_object_set(parse, "config-interval", -1, nullptr);
    GstElement* au = make(p, "capsfilter");
    set_caps(au, "video/x-h264,stream-format=byte-stream,alignment=au");
    GstElement* sink = make(p, "appsink");
    g_object_set(sink, "sync", FALSE, nullptr);
    chain.insert(chain.end(), {convert, i420, encode, parse, au, sink});
    link_all(chain);

    EncodedCard out;
    out.frame_duration = gst_util_uint64_scale_int(GST_SECOND, format.fps_d, format.fps_n);
    for (auto& sample : pull_all(p, sink)) {
        if (!out.caps) out.caps = ref_caps(gst_sample_get_caps(sample.get()));
        out.frames.emplace_back(gst_buffer_ref(gst_sample_get_buffer(sample.get())));
    }
    if (out.frames.empty() || GST_BUFFER_FLAG_IS_SET(out.frames.front().get(), GST_BUFFER_FLAG_DELTA_UNIT))
        throw std::runtime_error("the card did not encode to a keyframe");
    return out;
}

const SilentFrame& silent_aac_frame() {
    static std::once_flag once;
    static SilentFrame silence;
    std::call_once(once, [] {
        PipelinePtr pipeline(gst_pipeline_new("silence"));
        gst_object_ref_sink(pipeline.get());
        GstElement* p = pipeline.get();
        GstElement* source = make(p, "audiotestsrc");
        gst_util_set_object_arg(G_OBJECT(source), "wave", "silence");
        g_object_set(source, "num-buffers", 8, "samplesperbuffer", 1024, nullptr);
        GstElement* raw = make(p, "capsfilter");
        set_caps(raw, "audio/x-raw,rate=48000,channels=2");
        GstElement* encode = make(p, "avenc_aac");
        GstElement* adts = make(p, "capsfilter");
        set_caps(adts, "audio/mpeg,mpegversion=4,stream-format=adts");
        GstElement* sink = make(p, "appsink");
        g_object_set(sink, "sync", FALSE, nullptr);
        link_all({source, raw, make(p, "audioconvert"), encode, make(p, "aacparse"), adts, sink});
        auto samples = pull_all(p, sink);
        if (samples.empty()) throw std::runtime_error("silence did not encode");
        // The last frame: past the encoder's priming, the steady state of silence.
        GstSample* last = samples.back().get();
        silence.frame.reset(gst_buffer_ref(gst_sample_get_buffer(last)));
        silence.caps = ref_caps(gst_sample_get_caps(last));
        silence.duration = gst_util_uint64_scale_int(GST_SECOND, 1024, 48000);
    });
    return silence;
}

}  // namespace openhall::streamer
