// One attempt at an event's input: a source (SRT caller, RTSP camera, media file, test pattern) demuxed and
// normalised to what the output carries. Video: H.264 in 4:2:0 8-bit is passed through; anything else (HEVC,
// MPEG-2, 10-bit or 4:2:2 H.264, …) is decoded and encoded with x264 at one keyframe a second. Audio: AAC-LC at
// 48 kHz stereo is passed through; anything else (44.1 kHz, mono, MP2, AC-3, Opus, …) is decoded, resampled to
// 48 kHz stereo and encoded as AAC, so the recording keeps one audio format whatever the sources were. Each track
// runs on its own thread after the demuxer, so one decoder waiting cannot stall the other track (HEVC did).
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <gst/gst.h>

#include "openhall/streamer/callback_gate.hpp"
#include "openhall/streamer/gst_handles.hpp"

namespace openhall::streamer {

enum class Track { Video, Audio };

struct InputSpec {
    enum class Kind { Srt, Rtsp, File, TestPattern } kind = Kind::TestPattern;
    // RTSP: how RTP reaches us. TCP (interleaved in the RTSP connection) passes firewalls and NAT; UDP is for
    // cameras that refuse TCP.
    enum class RtspTransport { Tcp, Udp };
    std::string uri;               // rtsp://… or a file path; unused for SRT (bytes are pushed) and the test pattern
    bool transcode_video = false;  // encode even H.264 (its keyframes are too far apart to cut segments at)
    RtspTransport rtsp_transport = RtspTransport::Tcp;
};

// Why an input attempt ended.
struct InputStop {
    enum class Why {
        Failed,            // the source or the network failed (unreachable, disconnected, an element's error)
        Ended,             // the source ended (a file played out)
        DecoderFailed,     // a track's format could not be decoded
        NoMediaTracks,     // the source carries neither picture nor sound
        TransportRefused,  // an RTSP camera refused the transport offered (RTP over TCP, or over UDP)
    } why = Why::Failed;
    std::string message;  // GStreamer's or our own words, for the log and the staff page
};

// How a track of the input reaches the output, for health.
enum class TrackHandling { Unknown, Passthrough, Transcoded, Absent };
std::string_view wire_name(TrackHandling handling);  // unknown, passthrough, transcoded, none (Absent); any thread

struct InputReport {
    TrackHandling video = TrackHandling::Unknown;
    TrackHandling audio = TrackHandling::Unknown;
    std::string video_format;  // what the source sends, e.g. "H.264 1280×720", "HEVC 640×360"
    std::string audio_format;  // e.g. "AAC 48000 Hz 2 ch", "MPEG audio 44100 Hz 1 ch"
    std::uint64_t video_frames = 0;
    std::uint64_t bytes = 0;   // of the source's media (SRT: of the transport stream)
};

class InputPipeline {
public:
    struct Handlers {
        // A normalised sample (H.264 byte-stream access units, or ADTS AAC frames), timestamps in ns. Streaming
        // threads (each track's appsink has its own); the sample stays the caller's.
        std::function<void(Track, GstSample*)> on_sample;
        // Which tracks the source has, once all are known (not called when it has neither: on_stopped instead).
        // Main loop.
        std::function<void(bool has_video, bool has_audio)> on_tracks;
        // The attempt is over, and why. Main loop (the bus watch, or work posted there), once; the callee must not
        // destroy the pipeline inside it.
        std::function<void(const InputStop& stop)> on_stopped;
    };

    // An empty pipeline; nothing runs before start(). Never throws. Main loop, like every member below that does not
    // say otherwise.
    InputPipeline(std::string name, InputSpec spec, Handlers handlers);
    // Removes the bus watch, detaches the handlers (none runs after this returns; it waits for a GStreamer callback
    // in progress) and retires the pipeline without waiting for it. Main loop, never inside on_stopped.
    ~InputPipeline();
    InputPipeline(const InputPipeline&) = delete;
    InputPipeline& operator=(const InputPipeline&) = delete;

    // Builds and plays the pipeline; once. Main loop: it attaches the bus watch to the caller's thread-default
    // GMainContext, which must be the default one for on_stopped to arrive there and for the destructor to find the
    // watch. Throws std::runtime_error "the GStreamer element F is not installed" when an element of the source is
    // missing (SRT: appsrc, parsebin; a file: filesrc, parsebin; RTSP: rtspsrc; the test pattern: any of its
    // elements, x264enc and avenc_aac among them). Elements needed only once the stream is seen (a parser, decoder
    // or encoder for a track) are not thrown: that attempt ends through on_stopped (Failed) with the same message.
    // A pipeline that will not play is only logged.
    void start();

    // SRT only: the appsrc that takes the transport stream (a new reference), for the listener's thread to push
    // into with gst_app_src_push_buffer. Null for other kinds, and before start(). Main loop.
    ElementRef transport_input() const;

    // How each track is handled, and the counters so far. Any thread.
    InputReport report() const;
    const std::string& name() const { return name_; }  // any thread

    // Entry points for GStreamer callbacks (free functions in the .cpp); not for other callers. Those from
    // on_source_pad to deliver run on GStreamer streaming threads, through the gate, where a std::runtime_error they
    // throw (a missing element) ends the attempt as Failed; on_source_pad also runs inside start() for SRT and files,
    // and then throws to start's caller. on_all_pads_known posts on_tracks (or the stop) to the main loop.
    // on_bus_message runs on the main loop (the bus watch).
    void on_source_pad(GstPad* pad);
    void on_parsed_pad(GstPad* pad);
    void on_caps_known(GstPad* pad, GstCaps* caps);
    void on_decoded_pad(GstPad* pad, Track track);
    void on_all_pads_known(GstElement* element);
    void deliver(Track track, GstSample* sample);
    gboolean on_bus_message(GstMessage* message);
    void stopped(InputStop stop);  // main loop; the first stop is reported, later ones are not
    using Gate = CallbackGate<InputPipeline>;

private:
    GstElement* add(const char* factory, const char* name = nullptr);
    GstElement* encoder_chain(Track track, const GstStructure* raw, std::vector<GstElement*>& chain);
    void link_track(GstPad* pad, Track track, bool transcode);
    void finish_chain(std::vector<GstElement*>& chain, GstPad* from, Track track);
    void build_test_pattern();

    std::string name_;
    InputSpec spec_;
    Handlers handlers_;
    GstElement* pipeline_;  // owned; retired in the destructor
    GstElement* transport_ = nullptr;  // the SRT appsrc, owned by the pipeline
    std::shared_ptr<CallbackGate<InputPipeline>> gate_;
    guint bus_watch_ = 0;
    bool stopped_ = false;

    std::atomic<bool> video_linked_{false};
    std::atomic<bool> audio_linked_{false};
    std::atomic<std::uint64_t> video_frames_{0};
    std::shared_ptr<std::atomic<std::uint64_t>> bytes_ = std::make_shared<std::atomic<std::uint64_t>>(0);
    mutable std::mutex report_mutex_;
    InputReport report_;  // handling and formats; counters come from the atomics
};

}  // namespace openhall::streamer
