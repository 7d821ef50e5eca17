#include "openhall/streamer/speech_captioner.hpp"

#include <gst/app/gstappsrc.h>

#include <chrono>
#include <fstream>

#include <spdlog/spdlog.h>

#include "openhall/streamer/gst_elements.hpp"
#include "openhall/streamer/pipeline_reaper.hpp"

namespace openhall::streamer {
namespace {

constexpr std::int64_t kSampleRate = 16000;  // what the en-us acoustic model was trained on
// Segments waiting for the recognizer, at most (about a minute of a 2 Mbit/s stream). appsrc does not refuse past
// its max-bytes when it does not block, so feed() checks: a recognizer slower than the meeting loses segments
// rather than holding the whole recording in memory.
constexpr guint64 kQueueBytes = guint64{16} << 20;

// The model's three parts in a folder the operator names: the acoustic model (a folder holding "mdef"), a
// language model (*.lm.bin or *.lm) and a pronunciation dictionary (*.dict).
struct ModelFiles {
    std::filesystem::path hmm, lm, dict;
};

ModelFiles model_files(const std::filesystem::path& dir) {
    ModelFiles out;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        const auto& p = entry.path();
        if (entry.is_directory(ec) && std::filesystem::exists(p / "mdef", ec)) out.hmm = p;
        else if (p.filename().string().ends_with(".lm.bin") || p.extension() == ".lm") out.lm = p;
        else if (p.extension() == ".dict") out.dict = p;
    }
    return out;
}

}  // namespace

std::string speech_engine_problem(const SpeechEngineSettings& settings) {
    if (settings.engine.empty()) return "no speech engine is configured";
    if (settings.engine != "pocketsphinx") return "unknown speech engine \"" + settings.engine + "\" (known: pocketsphinx)";
    GstElementFactory* factory = gst_element_factory_find("pocketsphinx");
    if (!factory) return "the GStreamer element pocketsphinx is not installed (Debian: gstreamer1.0-pocketsphinx)";
    gst_object_unref(factory);
    if (settings.model_dir.empty()) {
        std::error_code ec;
        if (!std::filesystem::exists("/usr/share/pocketsphinx/model/en-us/en-us/mdef", ec))
            return "no speech model: install pocketsphinx-en-us, or name a model folder";
        return "";
    }
    const auto files = model_files(settings.model_dir);
    if (files.hmm.empty() || files.lm.empty() || files.dict.empty())
        return "the model folder " + settings.model_dir.string() +
               " needs an acoustic model folder (with mdef), a language model (*.lm.bin or *.lm) and a dictionary (*.dict)";
    return "";
}

struct SpeechCaptioner::Shared {
    Shared(std::string name, MainLoopPoster poster, LineHandler on_line)
        : name(std::move(name)), poster(std::move(poster)), on_line(std::move(on_line)) {}
    std::string name;
    MainLoopPoster poster;
    LineHandler on_line;
    std::atomic<std::int64_t> samples{0};     // 16 kHz samples given to the recognizer so far
    std::atomic<std::int64_t> base_ms{-1};    // where the first segment fed starts on the recording
    std::optional<std::int64_t> utterance_start;  // the streaming thread's only
    std::string last_partial;                     // the streaming thread's only: the partial result posted last
    std::chrono::steady_clock::time_point last_partial_at{};
    std::atomic<bool> failed{false};  // the pipeline reported an error: nothing more is fed
};

namespace {

GstPadProbeReturn count_samples(GstPad*, GstPadProbeInfo* info, gpointer data) {
    auto& shared = *static_cast<std::shared_ptr<SpeechCaptioner::Shared>*>(data);
    if (auto* buffer = GST_PAD_PROBE_INFO_BUFFER(info))
        shared->samples += static_cast<std::int64_t>(gst_buffer_get_size(buffer) / 2);  // S16LE mono
    return GST_PAD_PROBE_OK;
}

void release_shared(gpointer data) { delete static_cast<std::shared_ptr<SpeechCaptioner::Shared>*>(data); }

std::int64_t samples_to_ms(std::int64_t samples) { return samples * 1000 / kSampleRate; }

// The recognizer's messages, on the streaming thread that posts them: a partial result marks where an utterance
// began (the samples counted so far) and is passed on when its words changed (at most every kPartialIntervalMs); a
// final one becomes a line. Every message is dropped here: nothing watches
// this bus otherwise.
GstBusSyncReply on_message(GstBus*, GstMessage* message, gpointer data) {
    auto& shared = *static_cast<std::shared_ptr<SpeechCaptioner::Shared>*>(data);
    if (GST_MESSAGE_TYPE(message) == GST_MESSAGE_ERROR) {
        GError* error = nullptr;
        gst_message_parse_error(message, &error, nullptr);
        spdlog::error("{}: {}; captions from speech stop for this event", shared->name, error ? error->message : "error");
        if (error) g_error_free(error);
        shared->failed = true;
    }
    const GstStructure* s = gst_message_get_structure(message);
    if (GST_MESSAGE_TYPE(message) != GST_MESSAGE_ELEMENT || !s || !gst_structure_has_name(s, "pocketsphinx"))
        return GST_BUS_DROP;
    gboolean final = FALSE;
    gst_structure_get_boolean(s, "final", &final);
    const char* hypothesis = gst_structure_get_string(s, "hypothesis");
    const std::string text = hypothesis ? hypothesis : "";
    const std::int64_t now = shared->samples;
    const std::int64_t base = std::max<std::int64_t>(shared->base_ms, 0);
    if (!final) {
        if (text.empty()) return GST_BUS_DROP;
        if (!shared->utterance_start) shared->utterance_start = now;
        const auto wall = std::chrono::steady_clock::now();
        if (text == shared->last_partial || wall - shared->last_partial_at < std::chrono::milliseconds{SpeechCaptioner::kPartialIntervalMs})
            return GST_BUS_DROP;
        shared->last_partial = text;
        shared->last_partial_at = wall;
        shared->poster.post([shared, start_ms = base + samples_to_ms(*shared->utterance_start), end_ms = base + samples_to_ms(now), text] {
            shared->on_line(start_ms, end_ms, text, false);
        });
        return GST_BUS_DROP;
    }
    const std::int64_t start = shared->utterance_start.value_or(now);
    shared->utterance_start.reset();
    shared->last_partial.clear();
    if (text.empty()) return GST_BUS_DROP;
    shared->poster.post([shared, start_ms = base + samples_to_ms(start), end_ms = base + samples_to_ms(now), text] {
        shared->on_line(start_ms, end_ms, text, true);
    });
    return GST_BUS_DROP;
}

void on_demuxed_pad(GstElement* demux, GstPad* pad, gpointer parser) {
    if (pad_media_type(pad).starts_with("audio/")) {
        GstPad* sink = gst_element_get_static_pad(GST_ELEMENT(parser), "sink");
        if (!gst_pad_is_linked(sink) && gst_pad_link(pad, sink) != GST_PAD_LINK_OK)
            spdlog::error("{}: cannot link the audio to the recognizer", GST_ELEMENT_NAME(demux));
        gst_object_unref(sink);
        return;
    }
    // Pictures are not decoded: a sink takes them as they are.
    GstElement* bin = GST_ELEMENT(gst_element_get_parent(demux));
    GstElement* sink = add_element(bin, "fakesink");
    g_object_set(sink, "sync", FALSE, "async", FALSE, nullptr);
    gst_element_sync_state_with_parent(sink);
    GstPad* sink_pad = gst_element_get_static_pad(sink, "sink");
    gst_pad_link(pad, sink_pad);
    gst_object_unref(sink_pad);
    gst_object_unref(bin);
}

}  // namespace

SpeechCaptioner::SpeechCaptioner(std::string name, SpeechEngineSettings settings, LineHandler on_line)
    : name_(std::move(name)), settings_(std::move(settings)),
      shared_(std::make_shared<Shared>(name_, guard_.poster(), std::move(on_line))) {}

SpeechCaptioner::~SpeechCaptioner() {
    if (!pipeline_) return;
    GstBus* bus = gst_pipeline_get_bus(GST_PIPELINE(pipeline_));
    gst_bus_set_sync_handler(bus, nullptr, nullptr, nullptr);
    gst_object_unref(bus);
    retire_pipeline(pipeline_);
}

void SpeechCaptioner::start() {
    pipeline_ = gst_pipeline_new(name_.c_str());
    gst_object_ref_sink(pipeline_);
    source_ = add_element(pipeline_, "appsrc", "segments");
    g_object_set(source_, "format", GST_FORMAT_BYTES, "block", FALSE, "max-bytes", kQueueBytes, nullptr);
    set_caps(source_, "video/mpegts,systemstream=true,packetsize=188");  // appsrc's "caps", as a capsfilter's
    GstElement* demux = add_element(pipeline_, "tsdemux");
    GstElement* parse = add_element(pipeline_, "aacparse");
    GstElement* decode = add_element(pipeline_, "avdec_aac");
    GstElement* convert = add_element(pipeline_, "audioconvert");
    GstElement* resample = add_element(pipeline_, "audioresample");
    GstElement* format = add_element(pipeline_, "capsfilter");
    set_caps(format, "audio/x-raw,format=S16LE,rate=16000,channels=1");
    GstElement* recognizer = add_element(pipeline_, "pocketsphinx", "recognizer");
    if (!settings_.model_dir.empty()) {
        const auto files = model_files(settings_.model_dir);
        g_object_set(recognizer, "hmm", files.hmm.c_str(), "lm", files.lm.c_str(), "dict", files.dict.c_str(), nullptr);
    }
    GstElement* sink = add_element(pipeline_, "fakesink");
    g_object_set(sink, "sync", FALSE, nullptr);
    link_chain({source_, demux});
    link_chain({parse, decode, convert, resample, format, recognizer, sink});
    g_signal_connect(demux, "pad-added", G_CALLBACK(on_demuxed_pad), parse);
    GstPad* pad = gst_element_get_static_pad(recognizer, "sink");
    gst_pad_add_probe(pad, GST_PAD_PROBE_TYPE_BUFFER, count_samples, new std::shared_ptr<Shared>(shared_), release_shared);
    gst_object_unref(pad);
    GstBus* bus = gst_pipeline_get_bus(GST_PIPELINE(pipeline_));
    gst_bus_set_sync_handler(bus, on_message, new std::shared_ptr<Shared>(shared_), release_shared);
    gst_object_unref(bus);
    if (gst_element_set_state(pipeline_, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
        throw std::runtime_error(name_ + ": the speech recognizer did not start");
}

void SpeechCaptioner::feed(const std::filesystem::path& folder, const core::MediaSegment& segment) {
    if (!source_ || shared_->failed) return;
    if (gst_app_src_get_current_level_bytes(GST_APP_SRC(source_)) >= kQueueBytes) {
        spdlog::warn("{}: the recognizer is behind; segment {} is not heard", name_, segment.sequence);
        return;
    }
    std::ifstream in(folder / segment.uri, std::ios::binary);
    if (!in) return;
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (bytes.empty()) return;
    std::int64_t unset = -1;
    shared_->base_ms.compare_exchange_strong(unset, segment.media_start.count());
    auto* data = static_cast<char*>(g_malloc(bytes.size()));
    std::copy(bytes.begin(), bytes.end(), data);
    gst_app_src_push_buffer(GST_APP_SRC(source_), gst_buffer_new_wrapped(data, bytes.size()));
}

void SpeechCaptioner::finish() {
    if (source_) gst_app_src_end_of_stream(GST_APP_SRC(source_));
}

}  // namespace openhall::streamer
