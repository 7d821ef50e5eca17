// A stand-in meeting-room camera for benchmarks and the soak: the tests' RTSP server (H.264 640×360 at 25 fps with
// AAC), on loopback, until SIGINT or SIGTERM.
// Usage: rtsp_camera PORT [any|tcp|udp]   (prints its URL once it listens)
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <glib-unix.h>
#include <glib.h>

#include "support/rtsp_camera.hpp"

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: rtsp_camera PORT [any|tcp|udp]\n");
        return 2;
    }
    using Transport = openhall::testing::RtspCamera::Transport;
    const std::string transport = argc > 2 ? argv[2] : "any";
    openhall::testing::RtspCamera camera(std::atoi(argv[1]), transport == "tcp"   ? Transport::TcpOnly
                                                             : transport == "udp" ? Transport::UdpOnly
                                                                                  : Transport::Any);
    std::printf("%s\n", camera.url().c_str());
    std::fflush(stdout);
    GMainLoop* loop = g_main_loop_new(nullptr, FALSE);
    auto quit = [](gpointer l) -> gboolean {
        g_main_loop_quit(static_cast<GMainLoop*>(l));
        return G_SOURCE_REMOVE;
    };
    g_unix_signal_add(SIGINT, quit, loop);
    g_unix_signal_add(SIGTERM, quit, loop);
    g_main_loop_run(loop);
    g_main_loop_unref(loop);
    return 0;
}
