#include "openhall/streamer/gst_handles.hpp"

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

}  // namespace openhall::streamer
