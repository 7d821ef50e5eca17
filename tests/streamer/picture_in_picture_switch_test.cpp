// PictureInPictureSwitch with real pipelines (issue 17; docs/streaming.md, "The interpreter's picture"): a blue main
// picture and a red interpreter, encoded live, go through the switch into a real OutputTimeline whose output is
// recorded. The rules: the output's decode times only increase; the compositor's output begins at a keyframe and the
// main picture's again at a keyframe, each marked as a discontinuity, and no other mark; the picture goes on where
// it was at each switch; a new attempt of the main input drops the compositor and builds it again on its times.
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "openhall/streamer/output_timeline.hpp"
#include "openhall/streamer/picture_in_picture_switch.hpp"
#include "support/encoded_source.hpp"

using namespace openhall::streamer;
using namespace std::chrono_literals;
using openhall::testing::EncodedSource;

namespace {

struct Written {
    GstClockTime pts, dts, duration;
    bool keyframe;
    std::optional<SegmentMark> mark;
};

class PictureInPictureSwitchTest : public ::testing::Test {
protected:
    PictureInPictureSwitchTest() {
        gst_init(nullptr, nullptr);
        timeline_.start();
    }
    ~PictureInPictureSwitchTest() override {
        switch_.reset();
        timeline_.stop();
    }

    // Ticks the switch every 100 ms (its owner ticks every 500 ms; faster only shortens the test) until `done` or
    // `timeout`.
    template <typename Done>
    bool tick_until(std::chrono::milliseconds timeout, Done done) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (!done()) {
            if (std::chrono::steady_clock::now() >= deadline) return false;
            switch_->tick();
            std::this_thread::sleep_for(100ms);
        }
        return true;
    }
    void tick_for(std::chrono::milliseconds span) {
        tick_until(span, [] { return false; });
    }
    // A new main input attempt, as EventStream makes one.
    void main_attempt(std::uint64_t generation) {
        timeline_.input_started(generation);
        timeline_.input_tracks(generation, true, false);
        switch_->main_started(generation);
    }
    std::vector<Written> written() {
        std::lock_guard lock(mutex_);
        return written_;
    }

    std::mutex mutex_;
    std::vector<Written> written_;
    OutputTimeline timeline_{{}, [this](Track track, GstBuffer* buffer, GstCaps*, std::optional<SegmentMark> mark) {
                                 if (track == Track::Video) {
                                     std::lock_guard lock(mutex_);
                                     written_.push_back({GST_BUFFER_PTS(buffer), GST_BUFFER_DTS(buffer),
                                                         GST_BUFFER_DURATION(buffer),
                                                         !GST_BUFFER_FLAG_IS_SET(buffer, GST_BUFFER_FLAG_DELTA_UNIT), mark});
                                 }
                                 gst_buffer_unref(buffer);
                             },
                             [](std::uint64_t) {}};
    std::unique_ptr<PictureInPictureSwitch> switch_ = std::make_unique<PictureInPictureSwitch>("test", timeline_);
};

// The marks written, and the rules every output keeps.
std::vector<std::size_t> discontinuities(const std::vector<Written>& out) {
    std::vector<std::size_t> at;
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (i > 0) {
            EXPECT_GT(out[i].dts, out[i - 1].dts) << "frame " << i;
        }
        if (out[i].mark && out[i].mark->discontinuity) {
            EXPECT_TRUE(out[i].keyframe) << "frame " << i;
            // The picture goes on where it was: right after the latest end, within a frame.
            GstClockTime end = 0;
            for (std::size_t j = 0; j < i; ++j) end = std::max(end, out[j].pts + out[j].duration);
            EXPECT_LE(out[i].pts, end + 40 * GST_MSECOND) << "frame " << i;
            EXPECT_GE(out[i].pts + 40 * GST_MSECOND, end) << "frame " << i;
            at.push_back(i);
        }
    }
    return at;
}

}  // namespace

TEST_F(PictureInPictureSwitchTest, TheInterpreterIsSwitchedInAndOutAtKeyframesWithADiscontinuityEach) {
    main_attempt(1);
    EncodedSource main("0xff0000ff", 640, 360);
    main.run([&](GstSample* s) { switch_->main_video(1, s); }, 0);
    tick_for(1500ms);
    EXPECT_FALSE(switch_->shown());
    {
        EncodedSource interpreter("0xffff0000", 320, 240);
        interpreter.run([&](GstSample* s) { switch_->inset_video(s); }, 0);
        ASSERT_TRUE(tick_until(5s, [&] { return switch_->shown(); }));
        tick_for(2s);
        EXPECT_GT(switch_->frames_composited(), 25u);
    }
    ASSERT_TRUE(tick_until(5s, [&] { return !switch_->shown(); }));
    const auto composited = switch_->frames_composited();
    tick_for(1500ms);
    main.stop();
    EXPECT_EQ(switch_->frames_composited(), composited) << "nothing composited once the main picture is alone again";

    const auto out = written();
    ASSERT_GT(out.size(), 100u);
    EXPECT_TRUE(out.front().keyframe);
    EXPECT_EQ(discontinuities(out).size(), 2u) << "one at the join, one at the leave, and no other";
    // About 6.5 s of picture at 25 fps: nothing lost or shown twice beyond a frame at each switch.
    const double seconds = static_cast<double>(out.back().pts + out.back().duration - out.front().pts) / GST_SECOND;
    EXPECT_NEAR(static_cast<double>(out.size()), seconds * 25, 3.0);
}

TEST_F(PictureInPictureSwitchTest, ANewMainAttemptDropsTheCompositorAndBuildsItAgainOnItsTimes) {
    EncodedSource interpreter("0xffff0000", 320, 240);
    interpreter.run([&](GstSample* s) { switch_->inset_video(s); }, 0);
    main_attempt(1);
    {
        EncodedSource main("0xff0000ff", 640, 360);
        main.run([&](GstSample* s) { switch_->main_video(1, s); }, 0);
        ASSERT_TRUE(tick_until(5s, [&] { return switch_->shown(); }));
        tick_for(1s);
    }
    // The encoder reconnects: a new attempt, whose timestamps start far from the first one's.
    timeline_.input_stopped(1);
    switch_->main_stopped();
    EXPECT_FALSE(switch_->shown());
    main_attempt(2);
    EncodedSource again("0xff0000ff", 640, 360);
    again.run([&](GstSample* s) { switch_->main_video(2, s); }, 3600 * GST_SECOND);
    const auto before = switch_->frames_composited();
    ASSERT_TRUE(tick_until(6s, [&] { return switch_->shown() && switch_->frames_composited() > before + 25; }));
    again.stop();
    interpreter.stop();
    const auto out = written();
    // Each attempt's join is marked, and the new attempt's first frame (a new stretch after the slate or directly).
    EXPECT_GE(discontinuities(out).size(), 2u);
}
