// Stops pipelines on a worker thread. Bringing a live pipeline to NULL joins its streaming threads, which can take
// seconds (an RTSP source waiting on its socket, an SRT poll) or, for a wedged element, forever; on the main loop
// that would stall every HTTP request and bus watch (the 3 s freeze on "ended" came from there).
#pragma once

#include <chrono>

#include "openhall/streamer/gst_handles.hpp"

namespace openhall::streamer {

// Takes the pipeline (its reference; null is ignored) and returns at once; a thread of its own brings it to NULL
// and releases it. Any thread. The caller must have removed its bus watch and detached its callbacks first, since
// they may still run until the pipeline stops.
void retire_pipeline(GstElement* pipeline);

// Waits until every retired pipeline has stopped, or `budget` has passed (process shutdown: a wedged pipeline is
// abandoned rather than holding the process). Returns whether all stopped. Blocks the caller for up to `budget`;
// main thread, at shutdown.
bool wait_for_retired_pipelines(std::chrono::milliseconds budget);

}  // namespace openhall::streamer
