// What the output shows where the input has nothing: the slate ("signal interrupted"), the audio-only card (for a
// radio-style interview), and silence. Each is encoded once and then repeated by the timeline, so covering a gap
// costs no running encoder and begins on the very frame where the input stopped.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <gst/gst.h>

#include "openhall/streamer/gst_handles.hpp"

namespace openhall::streamer {

struct VideoFormat {
    int width = 640;
    int height = 360;
    int fps_n = 25;
    int fps_d = 1;
    bool declared_rate = true;  // false when the caps gave no frame rate (25 fps is then assumed)
    bool operator==(const VideoFormat&) const = default;
};

// The picture size and frame rate of H.264 caps; nullopt for null or empty caps or no size (a missing or unusable
// rate gives 25 fps, declared_rate false). Never throws; any thread (the timeline calls it on streaming threads).
std::optional<VideoFormat> video_format_of(GstCaps* caps);

enum class Card { Slate, AudioOnly };

// One second of H.264 of a still picture: an IDR frame followed by P frames, which repeats seamlessly because each
// repetition starts with its own IDR frame. Byte-stream access units with in-band SPS/PPS.
struct EncodedCard {
    std::vector<BufferRef> frames;
    CapsRef caps;
    GstClockTime frame_duration = 0;  // ns, from the format's frame rate
    bool empty() const { return frames.empty(); }
};

// Renders `card` (the slate's text in three languages, or `title` and "audio only") at `format` and encodes it:
// as many frames as the rate rounds to, at least one. Blocking: a short non-live pipeline, 0.1–0.5 s (given up
// after 5 s without a frame); never on the main loop. The timeline's pacing thread runs it; any other thread may.
// Throws std::runtime_error when an element is missing (x264enc and the others; without textoverlay the card is a
// plain colour), the pipeline does not link or start, or the output is empty or does not begin with a keyframe.
EncodedCard encode_card(Card card, const std::string& title, const VideoFormat& format);

// One frame (1024 samples, 21.3 ms) of AAC-LC silence at 48 kHz stereo in ADTS, with its caps. Encoded once per
// process on first use (blocking, ~50 ms; other callers wait for it); then kept for the process. Any thread: the
// main loop (OutputTimeline::start), the pacing thread and streaming threads call it.
struct SilentFrame {
    BufferRef frame;
    CapsRef caps;
    GstClockTime duration = 0;  // ns (1024 / 48000 s)
};
// Throws std::runtime_error when the silence cannot be encoded (avenc_aac or another element missing, the pipeline
// not linking or starting, no frame out); nothing is kept then, and a later call tries again.
const SilentFrame& silent_aac_frame();

}  // namespace openhall::streamer
