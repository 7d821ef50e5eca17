#include "openhall/streamer/input_pipeline.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>
#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>
#include <spdlog/spdlog.h>

#include "openhall/streamer/callback_gate.hpp"
#include "openhall/streamer/gst_elements.hpp"
#include "openhall/streamer/pipeline_reaper.hpp"

namespace openhall::streamer {

namespace {

constexpr int kDefaultFramesPerSecond = 25;
constexpr int kAudioRate = 48000;
constexpr int kAudioChannels = 2;
constexpr const char* kTrackKey = "openhall-track";

using Gate = InputPipeline::Gate;
constexpr auto gate_ref = Gate::ref;
constexpr auto gate_unref = Gate::release;
constexpr auto gate_unref_closure = Gate::release_closure;

// Streaming-thread callbacks build parts of the pipeline; a missing element stops the attempt with its reason
// instead of throwing through GStreamer's C code.
template <typename Work>
void through_gate(gpointer data, Work work) {
    const auto& gate = Gate::from(data);
    gate->run([&](InputPipeline& input) {
        try {
            work(input);
        } catch (const std::exception& e) {
            spdlog::error("{}", e.what());
            on_main_loop_soon([gate, reason = std::string(e.what())] {
                if (auto* owner = gate->owner_on_main_loop()) owner->stopped({InputStop::Why::Failed, reason});
            });
        }
    });
}

Track track_of(gpointer object) {
    return g_object_get_data(G_OBJECT(object), kTrackKey) ? Track::Audio : Track::Video;
}
void tag_track(gpointer object, Track track) {
    if (track == Track::Audio) g_object_set_data(G_OBJECT(object), kTrackKey, GINT_TO_POINTER(1));
}

GstFlowReturn on_new_sample(GstAppSink* sink, gpointer data) {
    SampleRef sample(gst_app_sink_pull_sample(sink));
    if (!sample) return GST_FLOW_EOS;
    const Track track = track_of(sink);
    through_gate(data, [&](InputPipeline& input) { input.deliver(track, sample.get()); });
    return GST_FLOW_OK;
}
void on_source_pad_added(GstElement*, GstPad* pad, gpointer data) {
    through_gate(data, [&](InputPipeline& input) { input.on_source_pad(pad); });
}
void on_parsed_pad_added(GstElement*, GstPad* pad, gpointer data) {
    through_gate(data, [&](InputPipeline& input) { input.on_parsed_pad(pad); });
}
void on_decoded_pad_added(GstElement* decodebin, GstPad* pad, gpointer data) {
    through_gate(data, [&](InputPipeline& input) { input.on_decoded_pad(pad, track_of(decodebin)); });
}
void on_no_more_pads(GstElement* element, gpointer data) {
    through_gate(data, [&](InputPipeline& input) { input.on_all_pads_known(element); });
}
// parsebin does not say when it has every stream; the demuxer inside it does.
void on_element_in_parsebin(GstBin*, GstBin*, GstElement* element, gpointer data) {
    GstElementFactory* factory = gst_element_get_factory(element);
    const char* klass = factory ? gst_element_factory_get_metadata(factory, GST_ELEMENT_METADATA_KLASS) : nullptr;
    if (!klass || std::string_view(klass).find("Demux") == std::string_view::npos) return;
    g_signal_connect_data(element, "no-more-pads", G_CALLBACK(on_no_more_pads),
                          gate_ref(Gate::from(data)), gate_unref_closure, GConnectFlags(0));
}
GstPadProbeReturn on_caps_event(GstPad* pad, GstPadProbeInfo* info, gpointer data) {
    GstEvent* event = GST_PAD_PROBE_INFO_EVENT(info);
    if (GST_EVENT_TYPE(event) != GST_EVENT_CAPS) return GST_PAD_PROBE_OK;
    GstCaps* caps = nullptr;
    gst_event_parse_caps(event, &caps);
    through_gate(data, [&](InputPipeline& input) { input.on_caps_known(pad, caps); });
    return GST_PAD_PROBE_REMOVE;  // the branch is linked now; the event continues into it
}
// The counter is shared with the probe, which may see a last buffer while the pipeline is being retired.
using ByteCounter = std::shared_ptr<std::atomic<std::uint64_t>>;
GstPadProbeReturn count_bytes(GstPad*, GstPadProbeInfo* info, gpointer counter) {
    if (GstBuffer* buffer = GST_PAD_PROBE_INFO_BUFFER(info))
        **static_cast<ByteCounter*>(counter) += gst_buffer_get_size(buffer);
    return GST_PAD_PROBE_OK;
}
void release_counter(gpointer counter) { delete static_cast<ByteCounter*>(counter); }
gboolean on_bus(GstBus*, GstMessage* message, gpointer self) {
    return static_cast<InputPipeline*>(self)->on_bus_message(message);
}

GstCaps* caps_of(GstPad* pad) {
    GstCaps* caps = gst_pad_get_current_caps(pad);
    return caps ? caps : gst_pad_query_caps(pad, nullptr);
}

std::string media_type(GstCaps* caps) {
    if (!caps || gst_caps_is_empty(caps) || gst_caps_is_any(caps)) return "";
    return gst_structure_get_name(gst_caps_get_structure(caps, 0));
}

// An RTP pad's media ("video", "audio"), or the caps' top-level type for anything else.
std::string track_kind(GstCaps* caps) {
    const auto type = media_type(caps);
    if (type == "application/x-rtp") {
        const char* media = gst_structure_get_string(gst_caps_get_structure(caps, 0), "media");
        return media ? media : "";
    }
    return type.substr(0, type.find('/'));
}

// Profiles every browser decodes: 8-bit 4:2:0.
bool browser_decodable_h264(const GstStructure* s) {
    const char* profile = gst_structure_get_string(s, "profile");
    if (!profile) return true;
    const std::string p = profile;
    return p == "constrained-baseline" || p == "baseline" || p == "main" || p == "high" || p == "extended";
}

std::string describe_video(const GstStructure* s) {
    static const std::vector<std::pair<std::string, std::string>> names{
        {"video/x-h264", "H.264"}, {"video/x-h265", "HEVC"}, {"video/mpeg", "MPEG video"},
        {"video/x-vp8", "VP8"},    {"video/x-vp9", "VP9"},   {"video/x-av1", "AV1"},
        {"image/jpeg", "Motion JPEG"}};
    const std::string type = gst_structure_get_name(s);
    std::string name = type;
    for (const auto& [t, n] : names)
        if (t == type) name = n;
    int width = 0, height = 0;
    if (gst_structure_get_int(s, "width", &width) && gst_structure_get_int(s, "height", &height))
        name += fmt::format(" {}×{}", width, height);
    if (const char* profile = gst_structure_get_string(s, "profile")) name += fmt::format(" ({})", profile);
    return name;
}

std::string describe_audio(const GstStructure* s) {
    const std::string type = gst_structure_get_name(s);
    int version = 0, rate = 0, channels = 0;
    gst_structure_get_int(s, "mpegversion", &version);
    std::string name = type == "audio/mpeg" ? (version == 1 ? "MPEG audio" : "AAC") : type;
    if (type == "audio/x-opus") name = "Opus";
    if (type == "audio/x-ac3" || type == "audio/ac3") name = "AC-3";
    if (gst_structure_get_int(s, "rate", &rate)) name += fmt::format(" {} Hz", rate);
    if (gst_structure_get_int(s, "channels", &channels)) name += fmt::format(" {} ch", channels);
    return name;
}

bool fits_audio(const GstStructure* s) {
    int version = 0, rate = 0, channels = 0;
    return std::string_view(gst_structure_get_name(s)) == "audio/mpeg" &&
           gst_structure_get_int(s, "mpegversion", &version) && (version == 4 || version == 2) &&
           gst_structure_get_int(s, "rate", &rate) && rate == kAudioRate &&
           gst_structure_get_int(s, "channels", &channels) && channels == kAudioChannels;
}

CapsRef caps_from(const char* text) { return CapsRef(gst_caps_from_string(text)); }


int frames_per_second(const GstStructure* raw) {
    int n = 0, d = 0;
    if (raw && gst_structure_get_fraction(raw, "framerate", &n, &d) && n > 0 && d > 0)
        return std::clamp(static_cast<int>(std::lround(static_cast<double>(n) / d)), 1, 120);
    return kDefaultFramesPerSecond;
}

// About 0.1 bit per pixel, the usual figure for H.264 at x264's veryfast preset.
guint bitrate_kbps(const GstStructure* raw, int fps) {
    int width = 640, height = 360;
    if (raw) {
        gst_structure_get_int(raw, "width", &width);
        gst_structure_get_int(raw, "height", &height);
    }
    const double kbps = static_cast<double>(width) * height * fps * 0.1 / 1000.0;
    return static_cast<guint>(std::clamp(kbps, 300.0, 8000.0));
}

// The element (or one of its parents) that decodes: its messages are about the input's codec.
bool from_decoder(GstObject* source) {
    for (GstObject* o = source; o; o = GST_OBJECT_PARENT(o)) {
        if (!GST_IS_ELEMENT(o)) continue;
        GstElementFactory* factory = gst_element_get_factory(GST_ELEMENT(o));
        if (!factory) continue;
        const std::string name = GST_OBJECT_NAME(factory);
        const char* klass = gst_element_factory_get_metadata(factory, GST_ELEMENT_METADATA_KLASS);
        if (name == "decodebin" || (klass && std::string(klass).find("Decoder") != std::string::npos)) return true;
    }
    return false;
}

// rtspsrc says "no supported stream" (a stream error) when the camera answered 461 to every transport offered.
InputStop::Why why_stopped(GstMessage* error_message) {
    GError* error = nullptr;
    gst_message_parse_error(error_message, &error, nullptr);
    const bool refused = error && error->domain == GST_STREAM_ERROR && error->code == GST_STREAM_ERROR_CODEC_NOT_FOUND &&
                         GST_IS_BIN(GST_MESSAGE_SRC(error_message)) &&
                         std::string_view(G_OBJECT_TYPE_NAME(GST_MESSAGE_SRC(error_message))) == "GstRTSPSrc";
    g_clear_error(&error);
    if (refused) return InputStop::Why::TransportRefused;
    return from_decoder(GST_MESSAGE_SRC(error_message)) ? InputStop::Why::DecoderFailed : InputStop::Why::Failed;
}

}  // namespace

std::string_view wire_name(TrackHandling handling) {
    switch (handling) {
        case TrackHandling::Unknown: return "unknown";
        case TrackHandling::Passthrough: return "passthrough";
        case TrackHandling::Transcoded: return "transcoded";
        case TrackHandling::Absent: return "none";
    }
    return "unknown";
}

InputPipeline::InputPipeline(std::string name, InputSpec spec, Handlers handlers)
    : name_(std::move(name)), spec_(std::move(spec)), handlers_(std::move(handlers)),
      pipeline_(gst_pipeline_new(name_.c_str())), gate_(std::make_shared<Gate>(this)) {
    gst_object_ref_sink(pipeline_);
}

InputPipeline::~InputPipeline() {
    if (bus_watch_) g_source_remove(bus_watch_);
    gate_->close();
    retire_pipeline(pipeline_);
}

GstElement* InputPipeline::add(const char* factory, const char* name) { return add_element(pipeline_, factory, name); }

ElementRef InputPipeline::transport_input() const {
    return ElementRef(transport_ ? GST_ELEMENT(gst_object_ref(transport_)) : nullptr);
}

InputReport InputPipeline::report() const {
    std::lock_guard lock(report_mutex_);
    InputReport r = report_;
    r.video_frames = video_frames_;
    r.bytes = *bytes_;
    return r;
}

void InputPipeline::start() {
    BusRef bus(gst_pipeline_get_bus(GST_PIPELINE(pipeline_)));
    bus_watch_ = gst_bus_add_watch(bus.get(), on_bus, this);
    auto parse_from = [&](GstElement* upstream) {
        GstPad* src = gst_element_get_static_pad(upstream, "src");
        on_source_pad(src);
        gst_object_unref(src);
    };
    switch (spec_.kind) {
        case InputSpec::Kind::TestPattern: build_test_pattern(); break;
        case InputSpec::Kind::Srt: {
            transport_ = add("appsrc", "transport");
            auto caps = caps_from("video/mpegts,systemstream=(boolean)true,packetsize=(int)188");
            // A plain byte stream: the demuxer takes its timing from the stream's own clock (PCR, PTS). Marked live
            // with arrival times, GStreamer 1.22's tsdemux loses the PTS of every frame between the 33-bit wrap of
            // the PTS and that of the DTS. Bounded, so a wedged pipeline cannot grow memory while the caller sends.
            g_object_set(transport_, "caps", caps.get(), "is-live", FALSE, "do-timestamp", FALSE, "format",
                         GST_FORMAT_BYTES, "block", FALSE, "max-bytes", guint64{8 * 1024 * 1024}, nullptr);
            gst_util_set_object_arg(G_OBJECT(transport_), "leaky-type", "downstream");
            parse_from(transport_);
            break;
        }
        case InputSpec::Kind::File: {
            GstElement* src = add("filesrc");
            g_object_set(src, "location", spec_.uri.c_str(), nullptr);
            parse_from(src);
            break;
        }
        case InputSpec::Kind::Rtsp: {
            GstElement* src = add("rtspsrc", "camera");
            // One transport per attempt: rtspsrc itself would try UDP first and wait seconds for packets a
            // firewall drops before falling back; the stream decides the order (TCP first, see docs/streaming.md).
            g_object_set(src, "location", spec_.uri.c_str(), "latency", 200, nullptr);
            gst_util_set_object_arg(G_OBJECT(src), "protocols",
                                    spec_.rtsp_transport == InputSpec::RtspTransport::Tcp ? "tcp" : "udp");
            // The camera's own RTP timestamps, mapped once: the default (slaving to the arrival clock) stamped
            // frames 27 ms apart at 25 fps after a while, which an MP4's constant frame rate cannot hold.
            gst_util_set_object_arg(G_OBJECT(src), "buffer-mode", "synced");
            g_signal_connect_data(src, "pad-added", G_CALLBACK(on_source_pad_added), gate_ref(gate_),
                                  gate_unref_closure, GConnectFlags(0));
            g_signal_connect_data(src, "no-more-pads", G_CALLBACK(on_no_more_pads), gate_ref(gate_),
                                  gate_unref_closure, GConnectFlags(0));
            break;
        }
    }
    if (gst_element_set_state(pipeline_, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
        spdlog::warn("{}: the pipeline did not start", name_);
}

void InputPipeline::on_source_pad(GstPad* pad) {
    gst_pad_add_probe(pad, GST_PAD_PROBE_TYPE_BUFFER, count_bytes, new ByteCounter(bytes_), release_counter);
    GstElement* parsebin = add("parsebin");
    g_signal_connect_data(parsebin, "pad-added", G_CALLBACK(on_parsed_pad_added), gate_ref(gate_),
                          gate_unref_closure, GConnectFlags(0));
    // RTSP reports its streams through rtspsrc; other sources through the demuxer parsebin plugs in.
    if (spec_.kind != InputSpec::Kind::Rtsp)
        g_signal_connect_data(parsebin, "deep-element-added", G_CALLBACK(on_element_in_parsebin), gate_ref(gate_),
                              gate_unref_closure, GConnectFlags(0));
    gst_element_sync_state_with_parent(parsebin);
    PadRef sink(gst_element_get_static_pad(parsebin, "sink"));
    if (gst_pad_link(pad, sink.get()) != GST_PAD_LINK_OK) spdlog::warn("{}: could not link a source stream", name_);
}

void InputPipeline::on_parsed_pad(GstPad* pad) {
    CapsRef caps(caps_of(pad));
    const auto kind = track_kind(caps.get());
    const bool video = kind == "video" || kind == "image";
    const bool audio = kind == "audio";
    auto& linked = video ? video_linked_ : audio_linked_;
    if ((!video && !audio) || linked.exchange(true)) {
        // Data streams, subtitles, or a second video or audio stream: consumed and dropped.
        GstElement* fake = add("fakesink");
        g_object_set(fake, "sync", FALSE, "async", FALSE, nullptr);
        gst_element_sync_state_with_parent(fake);
        PadRef sink(gst_element_get_static_pad(fake, "sink"));
        gst_pad_link(pad, sink.get());
        return;
    }
    // What to do with a track depends on its exact format (profile, rate, channels), known from its first caps.
    GstCaps* current = gst_pad_get_current_caps(pad);
    if (current) {
        on_caps_known(pad, current);
        gst_caps_unref(current);
        return;
    }
    gst_pad_add_probe(pad, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, on_caps_event, gate_ref(gate_), gate_unref);
}

void InputPipeline::on_caps_known(GstPad* pad, GstCaps* caps) {
    const GstStructure* s = gst_caps_get_structure(caps, 0);
    const std::string type = gst_structure_get_name(s);
    const bool video = type.starts_with("video/") || type.starts_with("image/");
    bool transcode;
    {
        std::lock_guard lock(report_mutex_);
        if (video) {
            transcode = type != "video/x-h264" || !browser_decodable_h264(s) || spec_.transcode_video;
            report_.video = transcode ? TrackHandling::Transcoded : TrackHandling::Passthrough;
            report_.video_format = describe_video(s);
        } else {
            transcode = !fits_audio(s);
            report_.audio = transcode ? TrackHandling::Transcoded : TrackHandling::Passthrough;
            report_.audio_format = describe_audio(s);
        }
    }
    if (transcode)
        spdlog::info("{}: {} is transcoded", name_, video ? report().video_format : report().audio_format);
    link_track(pad, video ? Track::Video : Track::Audio, transcode);
}

// Each track: queue (its own thread) → parser, or decoder → encoder → parser → appsink.
void InputPipeline::link_track(GstPad* pad, Track track, bool transcode) {
    const bool video = track == Track::Video;
    GstElement* queue = add("queue");
    // A couple of seconds of slack between the tracks of one source; bytes and buffers unlimited.
    g_object_set(queue, "max-size-time", guint64{3 * GST_SECOND}, "max-size-buffers", 0u, "max-size-bytes", 0u,
                 nullptr);
    std::vector<GstElement*> chain{queue};
    if (transcode) {
        GstElement* decode = add("decodebin");
        tag_track(decode, track);
        g_signal_connect_data(decode, "pad-added", G_CALLBACK(on_decoded_pad_added), gate_ref(gate_),
                              gate_unref_closure, GConnectFlags(0));
        chain.push_back(decode);
        for (std::size_t i = 0; i + 1 < chain.size(); ++i) gst_element_link(chain[i], chain[i + 1]);
        for (auto* e : chain) gst_element_sync_state_with_parent(e);
    } else {
        GstElement* parse = add(video ? "h264parse" : "aacparse");
        if (video) g_object_set(parse, "config-interval", -1, nullptr);
        chain.push_back(parse);
        finish_chain(chain, nullptr, track);
    }
    PadRef sink(gst_element_get_static_pad(queue, "sink"));
    if (gst_pad_link(pad, sink.get()) != GST_PAD_LINK_OK) spdlog::warn("{}: could not link the {} track", name_, video ? "video" : "audio");
}

void InputPipeline::on_decoded_pad(GstPad* pad, Track track) {
    CapsRef caps(caps_of(pad));
    const auto type = media_type(caps.get());
    if (!type.starts_with(track == Track::Video ? "video/x-raw" : "audio/x-raw")) return;
    std::vector<GstElement*> chain;
    encoder_chain(track, gst_caps_get_structure(caps.get(), 0), chain);
    finish_chain(chain, pad, track);
}

GstElement* InputPipeline::encoder_chain(Track track, const GstStructure* raw, std::vector<GstElement*>& chain) {
    if (track == Track::Video) {
        const int fps = frames_per_second(raw);
        const auto encoder = add_h264_encoder(pipeline_, fps, bitrate_kbps(raw, fps));
        chain.insert(chain.end(), encoder.begin(), encoder.end());
    } else {
        GstElement* format = add("capsfilter");
        set_caps(format, "audio/x-raw,rate=48000,channels=2");
        GstElement* encode = add("avenc_aac");
        g_object_set(encode, "bitrate", 128000, nullptr);
        chain.insert(chain.end(), {add("audioconvert"), add("audioresample"), format, encode, add("aacparse")});
    }
    return chain.front();
}

// Adds "capsfilter → appsink" to `chain`, links it (from `from` when given), and plays it.
void InputPipeline::finish_chain(std::vector<GstElement*>& chain, GstPad* from, Track track) {
    const bool video = track == Track::Video;
    GstElement* filter = add("capsfilter");
    set_caps(filter, video ? "video/x-h264,stream-format=byte-stream,alignment=au"
                           : "audio/mpeg,mpegversion=4,stream-format=adts");
    GstElement* sink = add("appsink");
    tag_track(sink, track);
    // Files are played in real time, like a camera; live sources are taken as they come.
    g_object_set(sink, "sync", spec_.kind == InputSpec::Kind::File, "emit-signals", FALSE, "max-buffers", 200u,
                 nullptr);
    GstAppSinkCallbacks callbacks{};
    callbacks.new_sample = on_new_sample;
    gst_app_sink_set_callbacks(GST_APP_SINK(sink), &callbacks, gate_ref(gate_), gate_unref);
    chain.insert(chain.end(), {filter, sink});
    for (std::size_t i = 0; i + 1 < chain.size(); ++i)
        if (!gst_element_link(chain[i], chain[i + 1]))
            spdlog::warn("{}: cannot link {} to {}", name_, GST_ELEMENT_NAME(chain[i]), GST_ELEMENT_NAME(chain[i + 1]));
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) gst_element_sync_state_with_parent(*it);
    if (from) {
        PadRef sink_pad(gst_element_get_static_pad(chain.front(), "sink"));
        if (gst_pad_link(from, sink_pad.get()) != GST_PAD_LINK_OK) spdlog::warn("{}: could not link a decoded stream", name_);
    }
}

// `element` (a demuxer, or rtspsrc) has every stream it will have: which tracks the source carries.
void InputPipeline::on_all_pads_known(GstElement* element) {
    bool video = false, audio = false;
    GstIterator* pads = gst_element_iterate_src_pads(element);
    GValue item = G_VALUE_INIT;
    while (gst_iterator_next(pads, &item) == GST_ITERATOR_OK) {
        CapsRef caps(caps_of(GST_PAD(g_value_get_object(&item))));
        const auto kind = track_kind(caps.get());
        video = video || kind == "video" || kind == "image";
        audio = audio || kind == "audio";
        g_value_reset(&item);
    }
    g_value_unset(&item);
    gst_iterator_free(pads);
    {
        std::lock_guard lock(report_mutex_);
        if (!video) report_.video = TrackHandling::Absent;
        if (!audio) report_.audio = TrackHandling::Absent;
    }
    // Posted: this runs on a streaming thread. The gate keeps it from reaching a destroyed object; objects are
    // destroyed on the main loop only, so the owner cannot go while the posted work runs.
    on_main_loop_soon([gate = gate_, video, audio] {
        InputPipeline* self = gate->owner_on_main_loop();
        if (!self) return;
        if (!video && !audio) self->stopped({InputStop::Why::NoMediaTracks, "no audio or video track in the input"});
        else self->handlers_.on_tracks(video, audio);
    });
}

void InputPipeline::build_test_pattern() {
    GstElement* video = add("videotestsrc");
    GstElement* size = add("capsfilter");
    gst_util_set_object_arg(G_OBJECT(video), "pattern", "smpte");
    g_object_set(video, "is-live", TRUE, nullptr);
    set_caps(size, "video/x-raw,width=640,height=360,framerate=25/1");
    std::vector<GstElement*> video_chain{video, size};
    // Pango's clock overlay comes from gstreamer1.0-x; without it the picture is plain.
    if (GstElement* clock = gst_element_factory_make("clockoverlay", nullptr)) {
        gst_bin_add(GST_BIN(pipeline_), clock);
        g_object_set(clock, "time-format", "%Y-%m-%d %H:%M:%S", "font-desc", "Sans 24", nullptr);
        video_chain.push_back(clock);
    }
    GstElement* audio = add("audiotestsrc");
    gst_util_set_object_arg(G_OBJECT(audio), "wave", "sine");
    g_object_set(audio, "is-live", TRUE, "volume", 0.1, nullptr);
    std::vector<GstElement*> audio_chain{audio};
    auto raw = caps_from("video/x-raw,width=640,height=360,framerate=25/1");
    encoder_chain(Track::Video, gst_caps_get_structure(raw.get(), 0), video_chain);
    encoder_chain(Track::Audio, nullptr, audio_chain);
    finish_chain(video_chain, nullptr, Track::Video);
    finish_chain(audio_chain, nullptr, Track::Audio);
    video_linked_ = audio_linked_ = true;
    std::lock_guard lock(report_mutex_);
    report_ = {TrackHandling::Transcoded, TrackHandling::Transcoded, "test pattern 640×360", "sine 48000 Hz 2 ch"};
}

void InputPipeline::deliver(Track track, GstSample* sample) {
    if (track == Track::Video) ++video_frames_;
    if (spec_.kind == InputSpec::Kind::TestPattern)
        if (GstBuffer* buffer = gst_sample_get_buffer(sample)) *bytes_ += gst_buffer_get_size(buffer);
    handlers_.on_sample(track, sample);
}

void InputPipeline::stopped(InputStop stop) {
    if (stopped_) return;
    stopped_ = true;
    handlers_.on_stopped(stop);
}

gboolean InputPipeline::on_bus_message(GstMessage* message) {
    switch (GST_MESSAGE_TYPE(message)) {
        case GST_MESSAGE_ERROR: {
            spdlog::warn("{}: {}", name_, bus_message_text(message, true));
            stopped({why_stopped(message), bus_message_text(message)});
            break;
        }
        case GST_MESSAGE_EOS:
            stopped({InputStop::Why::Ended, "the source ended"});
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
