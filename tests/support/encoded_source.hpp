// A live test picture encoded as an input pipeline gives it (H.264 byte-stream access units, a keyframe a second),
// handed to a callback on its own thread: for tests of what consumes input pipelines' samples.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <thread>

#include <gst/app/gstappsink.h>
#include <gst/gst.h>

#include "openhall/streamer/gst_handles.hpp"

namespace openhall::testing {

// A live test source encoded as an input pipeline gives it: H.264 byte-stream access units.
class EncodedSource {
public:
    EncodedSource(const char* color, int width, int height) {
        const auto description = std::string("videotestsrc is-live=true pattern=solid-color foreground-color=") + color +
                                 " ! video/x-raw,width=" + std::to_string(width) + ",height=" + std::to_string(height) +
                                 ",framerate=25/1 ! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=25 ! "
                                 "h264parse config-interval=-1 ! video/x-h264,stream-format=byte-stream,alignment=au ! "
                                 "appsink name=out sync=false";
        pipeline_ = gst_parse_launch(description.c_str(), nullptr);
        sink_ = gst_bin_get_by_name(GST_BIN(pipeline_), "out");
    }
    ~EncodedSource() {
        stop();
        gst_object_unref(sink_);
        gst_element_set_state(pipeline_, GST_STATE_NULL);
        gst_object_unref(pipeline_);
    }
    // Hands each access unit to `push` on its own thread, its PTS moved by `offset_ns`, from the first keyframe on.
    void run(std::function<void(GstSample*)> push, GstClockTime offset_ns) {
        gst_element_set_state(pipeline_, GST_STATE_PLAYING);
        thread_ = std::thread([this, push = std::move(push), offset_ns] {
            bool keyframe_seen = false;
            while (!stopping_) {
                openhall::streamer::SampleRef sample(gst_app_sink_try_pull_sample(GST_APP_SINK(sink_), 100 * GST_MSECOND));
                if (!sample) continue;
                GstBuffer* buffer = gst_buffer_copy(gst_sample_get_buffer(sample.get()));
                keyframe_seen = keyframe_seen || !GST_BUFFER_FLAG_IS_SET(buffer, GST_BUFFER_FLAG_DELTA_UNIT);
                if (!keyframe_seen) {
                    gst_buffer_unref(buffer);
                    continue;
                }
                GST_BUFFER_PTS(buffer) += offset_ns;
                if (GST_BUFFER_DTS_IS_VALID(buffer)) GST_BUFFER_DTS(buffer) += offset_ns;
                openhall::streamer::SampleRef moved(gst_sample_new(buffer, gst_sample_get_caps(sample.get()), nullptr, nullptr));
                gst_buffer_unref(buffer);
                push(moved.get());
            }
        });
    }
    void stop() {
        stopping_ = true;
        if (thread_.joinable()) thread_.join();
    }

private:
    GstElement* pipeline_;
    GstElement* sink_;
    std::thread thread_;
    std::atomic<bool> stopping_{false};
};

}  // namespace openhall::testing
