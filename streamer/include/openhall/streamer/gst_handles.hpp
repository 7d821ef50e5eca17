// RAII owners for GStreamer and GLib objects, and the hops to the main loop, so no business code calls unref by
// hand or touches an object after its owner is gone. "The main loop", here and in every streamer header, is the
// default GMainContext (where g_idle_add, g_timeout_add and g_source_remove act), run by the process's main thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include <gst/gst.h>

namespace openhall::streamer {

struct GstObjectUnref {
    void operator()(gpointer object) const { gst_object_unref(object); }
};
struct GstPipelineStop {
    // A pipeline is brought to NULL before its last reference goes, as GStreamer requires. Only for pipelines
    // whose streaming threads cannot block (short finishing pipelines); live inputs go to retire_pipeline. It blocks
    // the calling thread until those threads have stopped.
    void operator()(GstElement* pipeline) const {
        gst_element_set_state(pipeline, GST_STATE_NULL);
        gst_object_unref(pipeline);
    }
};
struct GstMiniObjectUnref {
    void operator()(gpointer object) const { gst_mini_object_unref(GST_MINI_OBJECT_CAST(object)); }
};

using PipelinePtr = std::unique_ptr<GstElement, GstPipelineStop>;
using ElementRef = std::unique_ptr<GstElement, GstObjectUnref>;
using BusRef = std::unique_ptr<GstBus, GstObjectUnref>;
using PadRef = std::unique_ptr<GstPad, GstObjectUnref>;
using BufferRef = std::unique_ptr<GstBuffer, GstMiniObjectUnref>;
using CapsRef = std::unique_ptr<GstCaps, GstMiniObjectUnref>;
using SampleRef = std::unique_ptr<GstSample, GstMiniObjectUnref>;

// A new reference to `caps` (which may be null, giving null). Any thread.
inline CapsRef ref_caps(GstCaps* caps) { return CapsRef(caps ? gst_caps_ref(caps) : nullptr); }

// A GLib source id removed when the owner goes away. Only ids of the default GMainContext (g_idle_add,
// g_timeout_add): g_source_remove looks nowhere else. Reset it on the main loop, so the source's callback cannot be
// running meanwhile.
class SourceId {
public:
    SourceId() = default;
    explicit SourceId(guint id) : id_(id) {}
    SourceId(SourceId&& other) noexcept : id_(other.id_) { other.id_ = 0; }
    SourceId& operator=(SourceId&& other) noexcept {
        if (this != &other) {
            reset();
            id_ = other.id_;
            other.id_ = 0;
        }
        return *this;
    }
    ~SourceId() { reset(); }
    void reset() {
        if (id_) g_source_remove(id_);
        id_ = 0;
    }
    // For sources that removed themselves (callback returned G_SOURCE_REMOVE).
    void forget() { id_ = 0; }
    explicit operator bool() const { return id_ != 0; }

private:
    guint id_ = 0;
};

// The text of an ERROR or WARNING bus message, with the debug detail when `with_debug`; "unknown problem" for any
// other message. Any thread.
std::string bus_message_text(GstMessage* message, bool with_debug = false);

// Runs `work` once on the main loop (an idle source of the default GMainContext) after the current callback has
// returned (for example to destroy the object whose callback is running). Any thread. `work` must not throw: it is
// called from GLib's C code.
void on_main_loop_soon(std::function<void()> work);

// Work posted to the main loop on behalf of an owner that may be destroyed before it runs: the owner holds a
// MainLoopGuard, and posted work is dropped once the guard is gone. The guard is destroyed on the main loop, so the
// check and the work cannot race with it.
class MainLoopPoster {
public:
    // Any thread.
    void post(std::function<void()> work) const {
        on_main_loop_soon([alive = alive_, work = std::move(work)] {
            if (*alive) work();
        });
    }

private:
    friend class MainLoopGuard;
    explicit MainLoopPoster(std::shared_ptr<std::atomic<bool>> alive) : alive_(std::move(alive)) {}
    std::shared_ptr<std::atomic<bool>> alive_;
};

// Created and destroyed on the main loop; post() from any thread that can still reach the guard.
class MainLoopGuard {
public:
    MainLoopGuard() : alive_(std::make_shared<std::atomic<bool>>(true)) {}
    ~MainLoopGuard() { *alive_ = false; }
    MainLoopGuard(const MainLoopGuard&) = delete;
    MainLoopGuard& operator=(const MainLoopGuard&) = delete;
    void post(std::function<void()> work) const { poster().post(std::move(work)); }
    // A copy for threads that may outlive the owner (the guard itself must not be reached from them).
    MainLoopPoster poster() const { return MainLoopPoster(alive_); }

private:
    std::shared_ptr<std::atomic<bool>> alive_;
};

// Running times of a sample's buffer (its timestamps through the sample's segment), in signed ns. Encoders
// shift their timestamps (x264enc adds 1000 hours) and compensate in the segment, so only running times compare
// across tracks and sources. They are signed because a B-frame stream's first decode times fall before the
// segment's start. The decode time is the presentation time when the buffer has none, and the other way round.
// Without a TIME segment the timestamps are taken as they are; one the segment cannot convert counts as missing.
// `sample` must carry a buffer. Any thread (the timeline calls it on streaming threads).
struct RunningTimes {
    bool valid = false;  // false when the buffer has neither timestamp
    std::int64_t pts = 0;
    std::int64_t dts = 0;
};
RunningTimes running_times(GstSample* sample);

}  // namespace openhall::streamer
