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
std::string_view wire_name(TrackHandling handling);

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
        // A normalised sample (H.264 byte-stream access units, or ADTS AAC frames). Streaming threads; the sample
        // stays the caller's.
        std::function<void(Track, GstSample*)> on_sample;
        // Which tracks the source has, once all are known. Main loop.
        std::function<void(bool has_video, bool has_audio)> on_tracks;
        // The attempt is over, and why. Main loop, once; the callee must not destroy the pipeline inside it.
        std::function<void(const InputStop& stop)> on_stopped;
    };

    InputPipeline(std::string name, InputSpec spec, Handlers handlers);
    // Detaches the handlers (none runs after this returns) and retires the pipeline without waiting for it.
    ~InputPipeline();
    InputPipeline(const InputPipeline&) = delete;
    InputPipeline& operator=(const InputPipeline&) = delete;

    // Builds and plays the pipeline. Throws std::runtime_error when a required GStreamer element is missing.
    void start();

    // SRT only: the appsrc that takes the transport stream (a new reference), for the listener's thread to push
    // into with gst_app_src_push_buffer. Null for other kinds.
    ElementRef transport_input() const;

    InputReport report() const;
    const std::string& name() const { return name_; }

    // Entry points for GStreamer callbacks (free functions in the .cpp); not for other callers.
    void on_source_pad(GstPad* pad);
    void on_parsed_pad(GstPad* pad);
    void on_caps_known(GstPad* pad, GstCaps* caps);
    void on_decoded_pad(GstPad* pad, Track track);
    void on_all_pads_known(GstElement* element);
    void deliver(Track track, GstSample* sample);
    gboolean on_bus_message(GstMessage* message);
    void fail(InputStop stop);  // main loop
    using Gate = CallbackGate<InputPipeline>;

private:
    GstElement* add(const char* factory, const char* name = nullptr);
    GstElement* encoder_chain(Track track, const GstStructure* raw, std::vector<GstElement*>& chain);
    void link_track(GstPad* pad, Track track, bool transcode);
    void finish_chain(std::vector<GstElement*>& chain, GstPad* from, Track track);
    void build_test_pattern();
    void stopped(InputStop stop);

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
