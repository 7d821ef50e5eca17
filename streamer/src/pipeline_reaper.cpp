#include "openhall/streamer/pipeline_reaper.hpp"

#include <malloc.h>

#include <condition_variable>
#include <mutex>
#include <thread>

namespace openhall::streamer {
namespace {

// Pipelines are retired a few times per input attempt, never per buffer: one short-lived thread each keeps a
// wedged pipeline from delaying the others.
struct Pending {
    std::mutex mutex;
    std::condition_variable done;
    int count = 0;
};

Pending& pending() {
    static Pending* p = new Pending();  // never destroyed: threads may still finish after main returns
    return *p;
}

}  // namespace

void retire_pipeline(GstElement* pipeline) {
    if (!pipeline) return;
    auto& p = pending();
    {
        std::lock_guard lock(p.mutex);
        ++p.count;
    }
    std::thread([pipeline, &p] {
        gst_element_set_state(pipeline, GST_STATE_NULL);
        gst_object_unref(pipeline);
        // The pipeline's streaming threads allocated in glibc's per-thread arenas; what they freed stays resident
        // until trimmed, and arenas handed to the next pipeline's threads ratchet up (bench/RESULTS.md, restarts).
        malloc_trim(0);
        std::lock_guard lock(p.mutex);
        --p.count;
        p.done.notify_all();
    }).detach();
}

bool wait_for_retired_pipelines(std::chrono::milliseconds budget) {
    auto& p = pending();
    std::unique_lock lock(p.mutex);
    return p.done.wait_for(lock, budget, [&] { return p.count == 0; });
}

}  // namespace openhall::streamer
