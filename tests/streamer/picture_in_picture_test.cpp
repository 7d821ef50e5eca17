// The interpreter's picture in a corner (issue 17), with real pipelines: two live H.264 sources, a blue main
// picture and a red 4:3 interpreter (fed first), go through the compositor; what comes out is H.264 at the main
// picture's size and rate, from the main picture's first frame, a keyframe, stamped in the main source's own time base, and decoded it shows the red picture in
// the lower right corner and blue elsewhere.
#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>
#include <gtest/gtest.h>

#include "openhall/streamer/gst_handles.hpp"
#include "openhall/streamer/picture_in_picture.hpp"
#include "support/encoded_source.hpp"

using namespace openhall::streamer;
using openhall::testing::EncodedSource;
using namespace std::chrono_literals;

namespace {

struct Rgb {
    int r, g, b;
};

// Decodes `samples` (H.264 access units, in order) and returns the last picture as RGB rows.
std::vector<std::uint8_t> last_picture(const std::vector<SampleRef>& samples, int& width, int& height) {
    GstElement* pipeline = gst_parse_launch(
        "appsrc name=in format=time ! h264parse ! avdec_h264 ! videoconvert ! video/x-raw,format=RGB ! appsink name=out sync=false",
        nullptr);
    GstElement* in = gst_bin_get_by_name(GST_BIN(pipeline), "in");
    GstElement* out = gst_bin_get_by_name(GST_BIN(pipeline), "out");
    gst_app_src_set_caps(GST_APP_SRC(in), gst_sample_get_caps(samples.front().get()));
    gst_element_set_state(pipeline, GST_STATE_PLAYING);
    for (const auto& s : samples) gst_app_src_push_buffer(GST_APP_SRC(in), gst_buffer_ref(gst_sample_get_buffer(s.get())));
    gst_app_src_end_of_stream(GST_APP_SRC(in));
    std::vector<std::uint8_t> rgb;
    while (SampleRef frame{gst_app_sink_try_pull_sample(GST_APP_SINK(out), 5 * GST_SECOND)}) {
        const GstStructure* s = gst_caps_get_structure(gst_sample_get_caps(frame.get()), 0);
        gst_structure_get_int(s, "width", &width);
        gst_structure_get_int(s, "height", &height);
        GstMapInfo map;
        gst_buffer_map(gst_sample_get_buffer(frame.get()), &map, GST_MAP_READ);
        rgb.assign(map.data, map.data + map.size);
        gst_buffer_unmap(gst_sample_get_buffer(frame.get()), &map);
    }
    gst_element_set_state(pipeline, GST_STATE_NULL);
    gst_object_unref(in);
    gst_object_unref(out);
    gst_object_unref(pipeline);
    return rgb;
}

Rgb pixel(const std::vector<std::uint8_t>& rgb, int width, int x, int y) {
    const int stride = (width * 3 + 3) / 4 * 4;  // GStreamer's RGB rows are 4-byte aligned
    const auto* p = &rgb[static_cast<std::size_t>(y) * stride + static_cast<std::size_t>(x) * 3];
    return {p[0], p[1], p[2]};
}

}  // namespace

TEST(PictureInPicture, TheInsetIsPlacedInTheLowerRightCornerInItsOwnAspect) {
    const auto wide = inset_place(1280, 720);
    EXPECT_EQ(wide.width, 320);
    EXPECT_EQ(wide.height, 180);
    EXPECT_EQ(wide.x, 1280 - 320 - 32);
    EXPECT_EQ(wide.y, 720 - 180 - 32);
    const auto upright = inset_place(1280, 720, 720, 1280);  // a phone held upright
    EXPECT_EQ(upright.width, 320);
    EXPECT_EQ(upright.height, 568);
    const auto odd = inset_place(854, 480, 640, 480);
    EXPECT_EQ(odd.width % 2, 0);
    EXPECT_EQ(odd.height % 2, 0);
    EXPECT_EQ(inset_place(640, 360, 0, 0).height, 90) << "an unknown aspect is taken as 16:9";
}

TEST(PictureInPicture, TwoLivePicturesBecomeOneInTheMainPicturesTimeBase) {
    gst_init(nullptr, nullptr);
    std::mutex mutex;
    std::vector<SampleRef> out;
    PictureInPicture pip("test-pip", {640, 360, 25, 1, 0}, [&](GstSample* s) {
        std::lock_guard lock(mutex);
        out.emplace_back(gst_sample_ref(s));
    });
    pip.start();
    EncodedSource main("0xff0000ff", 640, 360);  // blue (ARGB)
    EncodedSource inset("0xffff0000", 320, 240); // red, 4:3
    const GstClockTime main_offset = 3600 * GST_SECOND;  // a source's clock far from ours
    GstClockTime first_main_pts = GST_CLOCK_TIME_NONE;
    std::mutex first_mutex;
    // The interpreter first, as the switch feeds it: nothing is handed on before the main picture's first frame.
    inset.run([&](GstSample* s) { pip.push_inset(s); }, 0);
    std::this_thread::sleep_for(1s);
    EXPECT_EQ(pip.frames_out(), 0u);
    main.run([&](GstSample* s) {
        {
            std::lock_guard lock(first_mutex);
            if (!GST_CLOCK_TIME_IS_VALID(first_main_pts)) first_main_pts = running_times(s).pts;
        }
        pip.push_main(s);
    }, main_offset);
    std::this_thread::sleep_for(3s);
    main.stop();
    inset.stop();

    std::lock_guard lock(mutex);
    ASSERT_GE(out.size(), 40u) << "about 25 frames a second for 3 s, less the start";
    EXPECT_EQ(pip.frames_out(), out.size());
    const GstCaps* caps = gst_sample_get_caps(out.front().get());
    const GstStructure* s = gst_caps_get_structure(caps, 0);
    EXPECT_STREQ(gst_structure_get_name(s), "video/x-h264");
    EXPECT_STREQ(gst_structure_get_string(s, "stream-format"), "byte-stream");
    EXPECT_FALSE(GST_BUFFER_FLAG_IS_SET(gst_sample_get_buffer(out.front().get()), GST_BUFFER_FLAG_DELTA_UNIT))
        << "it starts with a keyframe (forced: the encoder had been running on the interpreter alone)";
    // Stamped on the main source's running time (its encoder's 1000-hour shift taken out), from the frame that
    // covers where it started, 40 ms apart.
    const auto first = GST_BUFFER_PTS(gst_sample_get_buffer(out.front().get()));
    EXPECT_GT(first + 40 * GST_MSECOND, first_main_pts);
    EXPECT_LE(first, first_main_pts + 40 * GST_MSECOND);
    for (std::size_t i = 1; i < out.size(); ++i) {
        const auto a = GST_BUFFER_PTS(gst_sample_get_buffer(out[i - 1].get()));
        const auto b = GST_BUFFER_PTS(gst_sample_get_buffer(out[i].get()));
        EXPECT_EQ(b - a, 40 * GST_MSECOND) << "frame " << i;
    }
    // The first frame handed on already has the main picture (not the interpreter's alone on black).
    {
        std::vector<SampleRef> first_only;
        first_only.emplace_back(gst_sample_ref(out.front().get()));
        int w = 0, h = 0;
        const auto first_rgb = last_picture(first_only, w, h);
        ASSERT_EQ(w, 640);
        const auto c = pixel(first_rgb, w, 40, 40);
        EXPECT_GT(c.b, 200);
        EXPECT_LT(c.r, 60);
    }
    // Blue with red in the lower right corner.
    int width = 0, height = 0;
    const auto rgb = last_picture(out, width, height);
    ASSERT_EQ(width, 640);
    ASSERT_EQ(height, 360);
    const auto place = inset_place(640, 360, 320, 240);
    const auto corner = pixel(rgb, width, place.x + place.width / 2, place.y + place.height / 2);
    EXPECT_GT(corner.r, 200);
    EXPECT_LT(corner.b, 60);
    const auto elsewhere = pixel(rgb, width, 40, 40);
    EXPECT_GT(elsewhere.b, 200);
    EXPECT_LT(elsewhere.r, 60);
    const auto beside = pixel(rgb, width, place.x - 8, place.y + place.height / 2);
    EXPECT_GT(beside.b, 200) << "only the inset's place is covered";
}
