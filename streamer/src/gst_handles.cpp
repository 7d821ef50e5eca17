#include "openhall/streamer/gst_handles.hpp"

#include <optional>

namespace openhall::streamer {

std::string bus_message_text(GstMessage* message, bool with_debug) {
    GError* error = nullptr;
    gchar* debug = nullptr;
    if (GST_MESSAGE_TYPE(message) == GST_MESSAGE_ERROR)
        gst_message_parse_error(message, &error, &debug);
    else if (GST_MESSAGE_TYPE(message) == GST_MESSAGE_WARNING)
        gst_message_parse_warning(message, &error, &debug);
    std::string text = error ? error->message : "unknown problem";
    if (with_debug && debug) text += std::string(" (") + debug + ")";
    g_clear_error(&error);
    g_free(debug);
    return text;
}

void on_main_loop_soon(std::function<void()> work) {
    g_idle_add(
        [](gpointer data) {
            auto* task = static_cast<std::function<void()>*>(data);
            (*task)();
            delete task;
            return G_SOURCE_REMOVE;
        },
        new std::function<void()>(std::move(work)));
}

RunningTimes running_times(GstSample* sample) {
    GstBuffer* buffer = gst_sample_get_buffer(sample);
    const GstSegment* segment = gst_sample_get_segment(sample);
    auto convert = [&](GstClockTime t) -> std::optional<std::int64_t> {
        if (!GST_CLOCK_TIME_IS_VALID(t)) return std::nullopt;
        if (!segment || segment->format != GST_FORMAT_TIME) return static_cast<std::int64_t>(t);
        guint64 rt = 0;
        const int sign = gst_segment_to_running_time_full(segment, GST_FORMAT_TIME, t, &rt);
        if (sign == 0) return std::nullopt;
        return sign > 0 ? static_cast<std::int64_t>(rt) : -static_cast<std::int64_t>(rt);
    };
    auto pts = convert(GST_BUFFER_PTS(buffer));
    auto dts = convert(GST_BUFFER_DTS(buffer));
    if (!pts && !dts) return {};
    return {true, pts.value_or(*dts), dts.value_or(*pts)};
}

}  // namespace openhall::streamer
