// A local RTSP server standing in for a meeting-room IP camera (gst-rtsp-server on loopback), with its own
// main loop in a thread. Serves rtsp://127.0.0.1:PORT/camera as H.264 + AAC.
#pragma once

#include <string>
#include <thread>

typedef struct _GMainContext GMainContext;
typedef struct _GMainLoop GMainLoop;
typedef struct _GstRTSPServer GstRTSPServer;

namespace openhall::testing {

class RtspCamera {
public:
    // How the camera lets clients receive RTP: interleaved in the RTSP connection, on UDP ports, or either.
    enum class Transport { Any, TcpOnly, UdpOnly };

    // port 0 picks a free one; give the previous port to bring the camera back at the same address.
    explicit RtspCamera(int port = 0, Transport transport = Transport::Any);
    ~RtspCamera();
    RtspCamera(const RtspCamera&) = delete;
    RtspCamera& operator=(const RtspCamera&) = delete;

    int port() const { return port_; }
    std::string url() const;

private:
    GMainContext* context_ = nullptr;
    GMainLoop* loop_ = nullptr;
    GstRTSPServer* server_ = nullptr;
    unsigned source_ = 0;
    int port_ = 0;
    std::thread thread_;
};

}  // namespace openhall::testing
