#include "openhall/streamer/gst_elements.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "openhall/streamer/gst_handles.hpp"

namespace openhall::streamer {

GstElement* add_element(GstElement* bin, const char* factory, const char* name) {
    GstElement* e = gst_element_factory_make(factory, name);
    if (!e) throw std::runtime_error(fmt::format("the GStreamer element {} is not installed", factory));
    gst_bin_add(GST_BIN(bin), e);
    return e;
}

void link_chain(const std::vector<GstElement*>& chain) {
    for (std::size_t i = 0; i + 1 < chain.size(); ++i)
        if (!gst_element_link(chain[i], chain[i + 1]))
            throw std::runtime_error(fmt::format("cannot link {} to {}", GST_ELEMENT_NAME(chain[i]),
                                                 GST_ELEMENT_NAME(chain[i + 1])));
}

void set_caps(GstElement* filter, const char* caps) {
    CapsRef parsed(gst_caps_from_string(caps));
    g_object_set(filter, "caps", parsed.get(), nullptr);
}

std::vector<GstElement*> add_h264_encoder(GstElement* bin, int frames_per_second, unsigned kbps) {
    GstElement* convert = add_element(bin, "videoconvert");
    GstElement* i420 = add_element(bin, "capsfilter");
    set_caps(i420, "video/x-raw,format=I420");
    GstElement* encode = add_element(bin, "x264enc");
    gst_util_set_object_arg(G_OBJECT(encode), "tune", "zerolatency");
    gst_util_set_object_arg(G_OBJECT(encode), "speed-preset", "veryfast");
    g_object_set(encode, "key-int-max", static_cast<guint>(frames_per_second), "bitrate", kbps, nullptr);
    GstElement* parse = add_element(bin, "h264parse");
    g_object_set(parse, "config-interval", -1, nullptr);
    return {convert, i420, encode, parse};
}

std::string pad_media_type(GstPad* pad) {
    CapsRef caps(gst_pad_get_current_caps(pad));
    if (!caps) caps.reset(gst_pad_query_caps(pad, nullptr));
    if (!caps || gst_caps_is_empty(caps.get()) || gst_caps_is_any(caps.get())) return "";
    return gst_structure_get_name(gst_caps_get_structure(caps.get(), 0));
}

}  // namespace openhall::streamer
