#include "support/rtsp_camera.hpp"

#include <stdexcept>

#include <gst/gst.h>
#include <gst/rtsp-server/rtsp-server.h>

namespace openhall::testing {

RtspCamera::RtspCamera(int port, Transport transport) {
    static const bool initialized = [] {
        gst_init(nullptr, nullptr);
        return true;
    }();
    (void)initialized;
    context_ = g_main_context_new();
    loop_ = g_main_loop_new(context_, FALSE);
    server_ = gst_rtsp_server_new();
    g_object_set(server_, "address", "127.0.0.1", "service", std::to_string(port).c_str(), nullptr);
    GstRTSPMountPoints* mounts = gst_rtsp_server_get_mount_points(server_);
    GstRTSPMediaFactory* factory = gst_rtsp_media_factory_new();
    gst_rtsp_media_factory_set_launch(
        factory,
        "( videotestsrc is-live=true pattern=ball ! video/x-raw,width=640,height=360,framerate=25/1 ! "
        "videoconvert ! video/x-raw,format=I420 ! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=25 ! "
        "rtph264pay name=pay0 pt=96 config-interval=-1 "
        "audiotestsrc is-live=true wave=sine ! audio/x-raw,rate=48000,channels=2 ! avenc_aac ! "
        "rtpmp4gpay name=pay1 pt=97 )");
    // A stream per session, as a camera gives each client its own. (A shared one that is still being torn down
    // after a refused SETUP answers the next DESCRIBE with 503; the client's retry 500 ms later handles that.)
    gst_rtsp_media_factory_set_shared(factory, FALSE);
    if (transport == Transport::TcpOnly) gst_rtsp_media_factory_set_protocols(factory, GST_RTSP_LOWER_TRANS_TCP);
    if (transport == Transport::UdpOnly) gst_rtsp_media_factory_set_protocols(factory, GST_RTSP_LOWER_TRANS_UDP);
    gst_rtsp_mount_points_add_factory(mounts, "/camera", factory);
    g_object_unref(mounts);
    source_ = gst_rtsp_server_attach(server_, context_);
    if (source_ == 0) throw std::runtime_error("the RTSP server could not listen");
    port_ = gst_rtsp_server_get_bound_port(server_);
    thread_ = std::thread([this] { g_main_loop_run(loop_); });
}

RtspCamera::~RtspCamera() {
    g_main_loop_quit(loop_);
    if (thread_.joinable()) thread_.join();
    // Closing the listening socket and every client session, as a camera that goes off would.
    GSource* source = g_main_context_find_source_by_id(context_, source_);
    if (source) g_source_destroy(source);
    gst_rtsp_server_client_filter(
        server_, [](GstRTSPServer*, GstRTSPClient*, gpointer) { return GST_RTSP_FILTER_REMOVE; }, nullptr);
    g_object_unref(server_);
    g_main_loop_unref(loop_);
    g_main_context_unref(context_);
}

std::string RtspCamera::url() const { return "rtsp://127.0.0.1:" + std::to_string(port_) + "/camera"; }

}  // namespace openhall::testing
