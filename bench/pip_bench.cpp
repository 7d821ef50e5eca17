// The CPU the interpreter's picture-in-picture costs (issue 17): two H.264 transport streams (the main picture and
// the interpreter's) are read into memory, then fed to PictureInPicture in real time, each frame at its own
// timestamp, for as long as they last; the process's CPU over that time is what compositing and encoding cost,
// since reading was done before and feeding is a memcpy-free push.
// Usage: pip_bench MAIN.ts INSET.ts   → prints "frames N, seconds S, cpu C s, C/S of one core"
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include <gst/app/gstappsink.h>
#include <gst/gst.h>

#include "openhall/streamer/gst_handles.hpp"
#include "openhall/streamer/picture_in_picture.hpp"

using namespace openhall::streamer;

namespace {

std::vector<SampleRef> read_access_units(const std::string& path, int& width, int& height) {
    const auto description = "filesrc location=" + path +
                             " ! tsdemux ! h264parse ! video/x-h264,stream-format=byte-stream,alignment=au ! appsink name=out sync=false";
    GstElement* pipeline = gst_parse_launch(description.c_str(), nullptr);
    GstElement* sink = gst_bin_get_by_name(GST_BIN(pipeline), "out");
    gst_element_set_state(pipeline, GST_STATE_PLAYING);
    std::vector<SampleRef> samples;
    while (SampleRef s{gst_app_sink_pull_sample(GST_APP_SINK(sink))}) samples.push_back(std::move(s));
    if (!samples.empty()) {
        const GstStructure* st = gst_caps_get_structure(gst_sample_get_caps(samples.front().get()), 0);
        gst_structure_get_int(st, "width", &width);
        gst_structure_get_int(st, "height", &height);
    }
    gst_element_set_state(pipeline, GST_STATE_NULL);
    gst_object_unref(sink);
    gst_object_unref(pipeline);
    return samples;
}

// Pushes each sample when its PTS (from the first) has come on the wall clock.
void feed(const std::vector<SampleRef>& samples, const std::function<void(GstSample*)>& push) {
    const auto start = std::chrono::steady_clock::now();
    const GstClockTime first = GST_BUFFER_PTS(gst_sample_get_buffer(samples.front().get()));
    for (const auto& s : samples) {
        const auto at = std::chrono::nanoseconds(GST_BUFFER_PTS(gst_sample_get_buffer(s.get())) - first);
        std::this_thread::sleep_until(start + at);
        push(s.get());
    }
}

double cpu_seconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: pip_bench MAIN.ts INSET.ts\n");
        return 2;
    }
    gst_init(nullptr, nullptr);
    int width = 0, height = 0, inset_width = 0, inset_height = 0;
    const auto main_units = read_access_units(argv[1], width, height);
    const auto inset_units = read_access_units(argv[2], inset_width, inset_height);
    if (main_units.empty() || inset_units.empty()) {
        std::fprintf(stderr, "no H.264 in the inputs\n");
        return 1;
    }
    GMainLoop* loop = g_main_loop_new(nullptr, FALSE);  // the compositor's bus watch
    std::thread loop_thread([loop] { g_main_loop_run(loop); });
    std::uint64_t frames = 0;
    {
        PictureInPicture pip("bench-pip", {width, height, 25, 1, 0}, [&](GstSample*) { ++frames; });
        pip.start();
        const double before = cpu_seconds();
        const auto started = std::chrono::steady_clock::now();
        std::thread inset([&] { feed(inset_units, [&](GstSample* s) { pip.push_inset(s); }); });
        feed(main_units, [&](GstSample* s) { pip.push_main(s); });
        inset.join();
        std::this_thread::sleep_for(std::chrono::milliseconds(500));  // the last frames through the encoder
        const double cpu = cpu_seconds() - before;
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        std::printf("main %dx%d, interpreter %dx%d: frames %llu, seconds %.1f, cpu %.2f s, %.0f%% of one core\n", width,
                    height, inset_width, inset_height, static_cast<unsigned long long>(frames), seconds, cpu,
                    100.0 * cpu / seconds);
    }
    g_main_loop_quit(loop);
    loop_thread.join();
    g_main_loop_unref(loop);
    return 0;
}
