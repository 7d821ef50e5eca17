// Building pipelines element by element: the few steps every pipeline of the streamer repeats (the input, the
// segment writer, the slate and card encoders, the recording's remux and poster).
#pragma once

#include <string>
#include <vector>

#include <gst/gst.h>

namespace openhall::streamer {

// Makes an element of `factory` (named `name`, or GStreamer's own name when null) and adds it to `bin`, which owns
// it (the pointer returned is borrowed). Throws std::runtime_error "the GStreamer element F is not installed" when
// the plugin is missing. Any thread that builds the pipeline (before it plays, or from a pad-added callback).
GstElement* add_element(GstElement* bin, const char* factory, const char* name = nullptr);

// Links each element to the next, in order. Throws std::runtime_error "cannot link A to B" at the first pair that
// would not link (the pairs before it stay linked). Any thread that builds the pipeline.
void link_chain(const std::vector<GstElement*>& chain);

// Sets a capsfilter's caps from their string form (e.g. "video/x-h264,stream-format=avc3"). Never throws: a string
// that does not parse sets null caps. Any thread that builds the pipeline.
void set_caps(GstElement* filter, const char* caps);

// The output's H.264 encoder, the same for a transcoded input and for the slate and cards: videoconvert to 4:2:0
// (the only chroma format every browser decodes), x264 tuned for latency, a keyframe every `frames_per_second`
// frames (one-second segments; the slate can take over within a second), `kbps` kilobits per second, parameter
// sets with every keyframe. Returns the four elements, in order, unlinked. Throws as add_element; the same threads.
std::vector<GstElement*> add_h264_encoder(GstElement* bin, int frames_per_second, unsigned kbps);

// A pad's media type (the caps' top-level name, e.g. "video/x-h264"): its current caps, or what it could
// produce; "" when unknown. Any thread (pad-added callbacks call it on streaming threads).
std::string pad_media_type(GstPad* pad);

}  // namespace openhall::streamer
