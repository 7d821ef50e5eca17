#include "openhall/streamer/filler_media.hpp"

#include <cmath>
#include <mutex>
#include <stdexcept>

#include <fmt/format.h>
#include <gst/app/gstappsink.h>

#include "openhall/streamer/gst_elements.hpp"

namespace openhall::streamer {
namespace {

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
    GstElement* picture = add_element(p, "videotestsrc");
    gst_util_set_object_arg(G_OBJECT(picture), "pattern", "solid-color");
    g_object_set(picture, "foreground-color", 0xff1f2d3dU, "num-buffers", frames, nullptr);
    GstElement* raw = add_element(p, "capsfilter");
    const auto raw_caps = fmt::format("video/x-raw,width={},height={},framerate={}/{}", format.width, format.height,
                                      format.fps_n, format.fps_d);
    set_caps(raw, raw_caps.c_str());
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
    const auto encoder = add_h264_encoder(p, frames, 300);
    chain.insert(chain.end(), encoder.begin(), encoder.end());
    GstElement* au = add_element(p, "capsfilter");
    set_caps(au, "video/x-h264,stream-format=byte-stream,alignment=au");
    GstElement* sink = add_element(p, "appsink");
    g_object_set(sink, "sync", FALSE, nullptr);
    chain.insert(chain.end(), {au, sink});
    link_chain(chain);

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
        GstElement* source = add_element(p, "audiotestsrc");
        gst_util_set_object_arg(G_OBJECT(source), "wave", "silence");
        g_object_set(source, "num-buffers", 8, "samplesperbuffer", 1024, nullptr);
        GstElement* raw = add_element(p, "capsfilter");
        set_caps(raw, "audio/x-raw,rate=48000,channels=2");
        GstElement* encode = add_element(p, "avenc_aac");
        GstElement* adts = add_element(p, "capsfilter");
        set_caps(adts, "audio/mpeg,mpegversion=4,stream-format=adts");
        GstElement* sink = add_element(p, "appsink");
        g_object_set(sink, "sync", FALSE, nullptr);
        link_chain({source, raw, add_element(p, "audioconvert"), encode, add_element(p, "aacparse"), adts, sink});
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
