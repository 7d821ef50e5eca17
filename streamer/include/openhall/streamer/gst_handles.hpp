// RAII owners for GStreamer objects, so no business code calls unref by hand.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include <gst/gst.h>

namespace openhall::streamer {

struct GstObjectUnref {
    void operator()(gpointer object) const { gst_object_unref(object); }
};
struct GstPipelineStop {
    // A pipeline is brought to NULL before its last reference goes, as GStreamer requires.
    void operator()(GstElement* pipeline) const {
        gst_element_set_state(pipeline, GST_STATE_NULL);
        gst_object_unref(pipeline);
    }
};

using PipelinePtr = std::unique_ptr<GstElement, GstPipelineStop>;
using ElementRef = std::unique_ptr<GstElement, GstObjectUnref>;
using BusRef = std::unique_ptr<GstBus, GstObjectUnref>;

// A GLib source id removed when the owner goes away.
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

private:
    guint id_ = 0;
};

// The text of an ERROR or WARNING bus message, with the debug detail when `with_debug`.
std::string bus_message_text(GstMessage* message, bool with_debug = false);

// Runs `work` once on the main loop after the current callback has returned (for example to destroy the
// object whose callback is running).
void on_main_loop_soon(std::function<void()> work);

}  // namespace openhall::streamer
