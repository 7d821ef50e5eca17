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

// The picture size and frame rate of H.264 caps, or nullopt when they do not say.
std::optional<VideoFormat> video_format_of(GstCaps* caps);

enum class Card { Slate, AudioOnly };

// One second of H.264 of a still picture: an IDR frame followed by P frames, which repeats seamlessly because each
// repetition starts with its own IDR frame. Byte-stream access units with in-band SPS/PPS.
struct EncodedCard {
    std::vector<BufferRef> frames;
    CapsRef caps;
    GstClockTime frame_duration = 0;
    bool empty() const { return frames.empty(); }
};

// Renders `card` (the slate's text in three languages, or `title` and "audio only") at `format` and encodes it.
// Blocking: a short non-live pipeline, 0.1–0.5 s; never on the main loop. Throws std::runtime_error when
// GStreamer's encoders are missing.
EncodedCard encode_card(Card card, const std::string& title, const VideoFormat& format);

// One frame (1024 samples, 21.3 ms) of AAC-LC silence at 48 kHz stereo in ADTS, with its caps. Encoded once per
// process on first use (blocking, ~50 ms); thread-safe.
struct SilentFrame {
    BufferRef frame;
    CapsRef caps;
    GstClockTime duration = 0;
};
const SilentFrame& silent_aac_frame();

}  // namespace openhall::streamer
