// The output timeline's rules, fed with made-up samples: where each stretch begins, how audio is stamped, where a
// discontinuity is marked, what covers a gap. The whole-server behaviour is in input_conformance_test.cpp.
#include <chrono>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>

#include "openhall/streamer/output_timeline.hpp"
#include "openhall/streamer/stream_manager.hpp"
#include "support/subprocess.hpp"

using namespace openhall::streamer;
using namespace std::chrono_literals;
using openhall::testing::wait_until;

namespace {

constexpr GstClockTime kFrame = GST_SECOND / 25;
constexpr GstClockTime kAudioFrame = 1024 * GST_SECOND / 48000;

struct Written {
    Track track;
    GstClockTime pts, dts, duration;
    bool keyframe;
    std::optional<SegmentMark> mark;
    bool caps;
};

CapsRef video_caps(int width = 320, int height = 180) {
    return CapsRef(gst_caps_new_simple("video/x-h264", "stream-format", G_TYPE_STRING, "byte-stream", "alignment",
                                       G_TYPE_STRING, "au", "width", G_TYPE_INT, width, "height", G_TYPE_INT, height,
                                       "framerate", GST_TYPE_FRACTION, 25, 1, nullptr));
}
CapsRef audio_caps() {
    return CapsRef(gst_caps_from_string("audio/mpeg,mpegversion=4,stream-format=adts,rate=48000,channels=2"));
}

SampleRef sample(GstCaps* caps, GstClockTime pts, GstClockTime dts, GstClockTime duration, bool keyframe) {
    GstBuffer* buffer = gst_buffer_new_allocate(nullptr, 16, nullptr);
    GST_BUFFER_PTS(buffer) = pts;
    GST_BUFFER_DTS(buffer) = dts;
    GST_BUFFER_DURATION(buffer) = duration;
    if (!keyframe) GST_BUFFER_FLAG_SET(buffer, GST_BUFFER_FLAG_DELTA_UNIT);
    GstSegment segment;
    gst_segment_init(&segment, GST_FORMAT_TIME);
    SampleRef s(gst_sample_new(buffer, caps, &segment, nullptr));
    gst_buffer_unref(buffer);
    return s;
}

class OutputTimelineTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { initialize_gstreamer(); }

    // A long signal loss by default, so the pacing thread stays out of tests about stamping.
    void make(OutputTimeline::Settings settings = quiet()) {
        timeline_ = std::make_unique<OutputTimeline>(
            settings,
            [this](Track track, GstBuffer* buffer, GstCaps* caps, std::optional<SegmentMark> mark) {
                std::lock_guard lock(mutex_);
                written_.push_back({track, GST_BUFFER_PTS(buffer), GST_BUFFER_DTS(buffer), GST_BUFFER_DURATION(buffer),
                                    !GST_BUFFER_FLAG_IS_SET(buffer, GST_BUFFER_FLAG_DELTA_UNIT), mark, caps != nullptr});
                gst_buffer_unref(buffer);
            },
            [this](std::uint64_t generation) { long_gop_ = generation; });
        timeline_->start();
        timeline_->input_started(1);
    }
    static OutputTimeline::Settings quiet() {
        OutputTimeline::Settings s;
        s.signal_loss = 5000ms;
        return s;
    }
    void TearDown() override { timeline_.reset(); }

    void video(GstClockTime pts, GstClockTime dts, bool keyframe, GstCaps* caps = nullptr, std::uint64_t generation = 1) {
        auto s = sample(caps ? caps : caps_.get(), pts, dts, kFrame, keyframe);
        timeline_->on_input_sample(generation, Track::Video, s.get());
    }
    void audio(GstClockTime pts) {
        auto s = sample(audio_caps_.get(), pts, pts, kAudioFrame, true);
        timeline_->on_input_sample(1, Track::Audio, s.get());
    }
    std::vector<Written> written(std::optional<Track> track = std::nullopt) {
        std::lock_guard lock(mutex_);
        std::vector<Written> out;
        for (const auto& w : written_)
            if (!track || w.track == *track) out.push_back(w);
        return out;
    }

    std::unique_ptr<OutputTimeline> timeline_;
    CapsRef caps_ = video_caps();
    CapsRef audio_caps_ = audio_caps();
    std::mutex mutex_;
    std::vector<Written> written_;
    std::atomic<std::uint64_t> long_gop_{0};
};

}  // namespace

TEST_F(OutputTimelineTest, TheInputBeginsAtItsFirstKeyframeAtTheStartOfTheTimeline) {
    make();
    video(5 * GST_SECOND, 5 * GST_SECOND, false);  // joined mid-GOP: not decodable alone
    EXPECT_TRUE(written().empty());
    video(5 * GST_SECOND + kFrame, 5 * GST_SECOND + kFrame, true);
    video(5 * GST_SECOND + 2 * kFrame, 5 * GST_SECOND + 2 * kFrame, false);
    auto v = written(Track::Video);
    ASSERT_EQ(v.size(), 2u);
    EXPECT_EQ(v[0].pts, 0u);
    EXPECT_EQ(v[1].pts, kFrame);
    ASSERT_TRUE(v[0].mark);
    EXPECT_FALSE(v[0].mark->discontinuity);
    EXPECT_TRUE(v[0].caps);
    EXPECT_FALSE(v[1].mark);
}

TEST_F(OutputTimelineTest, BFramesKeepTheirReorderingAndDecodeTimesOnlyIncrease) {
    make();
    // I P B B in decode order, decode times before the presentation of the keyframe (negative running times are
    // what a B-frame stream's first decode times are).
    video(2 * kFrame, 0, true);
    video(5 * kFrame, kFrame, false);
    video(3 * kFrame, 2 * kFrame, false);
    video(4 * kFrame, 3 * kFrame, false);
    auto v = written(Track::Video);
    ASSERT_EQ(v.size(), 4u);
    for (std::size_t i = 1; i < v.size(); ++i) EXPECT_GT(v[i].dts, v[i - 1].dts);
    EXPECT_EQ(v[1].pts - v[1].dts, 4 * kFrame);
    EXPECT_EQ(v[2].pts, v[0].pts + kFrame);
}

TEST_F(OutputTimelineTest, AConstantRateSourceStaysOnItsFrameGridThroughJitterAndSmallShifts) {
    make();
    // A camera's timestamps: a few milliseconds of jitter, then a 14 ms shift when RTCP synchronises its tracks,
    // and once two frames close together.
    const GstClockTime sent[] = {0, kFrame + 3 * GST_MSECOND, 2 * kFrame - 4 * GST_MSECOND, 3 * kFrame + 14 * GST_MSECOND,
                                 4 * kFrame + 14 * GST_MSECOND, 4 * kFrame + 30 * GST_MSECOND};
    for (std::size_t i = 0; i < std::size(sent); ++i) video(sent[i], sent[i], i == 0);
    auto v = written(Track::Video);
    ASSERT_EQ(v.size(), std::size(sent));
    for (std::size_t i = 0; i < v.size(); ++i) {
        EXPECT_EQ(v[i].dts, i * kFrame) << "frame " << i;
        EXPECT_EQ(v[i].duration, kFrame);
    }
}

TEST_F(OutputTimelineTest, AudioIsStampedBackToBackWhateverTheEncoderSent) {
    make();
    video(0, 0, true);
    // Jitter of a few milliseconds, and one frame sent twice (an encoder's overlap where two clips meet).
    const GstClockTime sent[] = {0, kAudioFrame + 3 * GST_MSECOND, 2 * kAudioFrame - 2 * GST_MSECOND,
                                 2 * kAudioFrame, 3 * kAudioFrame};
    for (auto t : sent) audio(t);
    auto a = written(Track::Audio);
    ASSERT_EQ(a.size(), 4u) << "the repeated frame is dropped";
    for (std::size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].pts, i * kAudioFrame);
}

TEST_F(OutputTimelineTest, AShortAudioGapIsFilledWithSilenceAndAJumpIsRestampedNotFilled) {
    make();
    video(0, 0, true);
    audio(0);
    audio(kAudioFrame + 100 * GST_MSECOND);  // 100 ms lost: about five frames of silence before it
    auto a = written(Track::Audio);
    ASSERT_GE(a.size(), 6u);
    for (std::size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].pts, i * kAudioFrame);
    const auto before_jump = a.size();
    audio(60 * GST_SECOND);  // the source's clock jumped: continue from here
    a = written(Track::Audio);
    ASSERT_EQ(a.size(), before_jump + 1);
    EXPECT_EQ(a.back().pts, before_jump * kAudioFrame);
}

TEST_F(OutputTimelineTest, ATimestampLeapWaitsForAKeyframeAndIsMarkedAsADiscontinuity) {
    make();
    video(0, 0, true);
    video(kFrame, kFrame, false);
    video(95 * GST_SECOND, 95 * GST_SECOND, false);  // the clock leapt: this frame cannot be placed
    EXPECT_EQ(written(Track::Video).size(), 2u);
    video(95 * GST_SECOND + kFrame, 95 * GST_SECOND + kFrame, true);
    auto v = written(Track::Video);
    ASSERT_EQ(v.size(), 3u);
    EXPECT_EQ(v[2].pts, 2 * kFrame) << "the timeline continues without a hole";
    ASSERT_TRUE(v[2].mark);
    EXPECT_TRUE(v[2].mark->discontinuity);
}

TEST_F(OutputTimelineTest, ANewPictureSizeBeginsANewSegmentWithADiscontinuity) {
    make();
    video(0, 0, true);
    video(kFrame, kFrame, false);
    auto larger = video_caps(640, 360);
    video(2 * kFrame, 2 * kFrame, true, larger.get());
    auto v = written(Track::Video);
    ASSERT_EQ(v.size(), 3u);
    EXPECT_EQ(v[2].pts, 2 * kFrame);
    ASSERT_TRUE(v[2].mark);
    EXPECT_TRUE(v[2].mark->discontinuity);
    EXPECT_TRUE(v[2].caps);
    EXPECT_EQ(timeline_->status().input_format->width, 640);
}

TEST_F(OutputTimelineTest, KeyframesFurtherApartThanTheTargetDurationAreRefused) {
    make();
    video(0, 0, true);
    GstClockTime t = kFrame;
    for (; t <= 2 * GST_SECOND + kFrame; t += kFrame) video(t, t, false);
    EXPECT_EQ(long_gop_, 1u);
    EXPECT_TRUE(timeline_->status().long_gop);
    const auto count = written(Track::Video).size();
    EXPECT_LE(count, 51u) << "nothing past two seconds of one GOP";
    video(t, t, true);
    EXPECT_EQ(written(Track::Video).size(), count) << "the refused attempt stays refused";
}

TEST_F(OutputTimelineTest, AnEarlierAttemptsSamplesAreIgnored) {
    make();
    timeline_->input_started(2);
    video(0, 0, true, nullptr, 1);
    EXPECT_TRUE(written().empty());
    video(0, 0, true, nullptr, 2);
    EXPECT_EQ(written().size(), 1u);
}

TEST_F(OutputTimelineTest, NothingIsWrittenBeforeTheFirstPicture) {
    auto settings = quiet();
    settings.signal_loss = 200ms;
    make(settings);
    // The slate could be shown from here on; for several signal-loss times it is not.
    ASSERT_TRUE(wait_until(15s, [&] { return timeline_->status().cards_ready; }));
    std::this_thread::sleep_for(3 * settings.signal_loss);
    EXPECT_TRUE(written().empty()) << "no slate for an encoder that has not connected yet";
    EXPECT_EQ(timeline_->status().video, VideoFeed::None);
}

TEST_F(OutputTimelineTest, TheSlateCoversALostInputFromTheFrameWhereItStoppedWithSilence) {
    auto settings = quiet();
    settings.signal_loss = 300ms;
    make(settings);
    for (int i = 0; i < 5; ++i) video(i * kFrame, i * kFrame, i == 0);
    audio(0);
    timeline_->input_stopped(1);
    ASSERT_TRUE(wait_until(15s, [&] { return written(Track::Video).size() > 5 + 25; }));  // the slate is encoded first
    auto v = written(Track::Video);
    EXPECT_EQ(v[5].pts, 5 * kFrame) << "the slate starts where the input stopped";
    ASSERT_TRUE(v[5].mark);
    EXPECT_TRUE(v[5].mark->discontinuity);
    EXPECT_EQ(timeline_->status().video, VideoFeed::Slate);
    ASSERT_TRUE(wait_until(10s, [&] { return written(Track::Audio).size() > 20; }));
    auto a = written(Track::Audio);
    for (std::size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].pts, i * kAudioFrame);
    // The input returns at a keyframe and takes over where the slate is.
    timeline_->input_started(2);
    auto back = sample(caps_.get(), 0, 0, kFrame, true);
    timeline_->on_input_sample(2, Track::Video, back.get());
    EXPECT_EQ(timeline_->status().video, VideoFeed::Input);
    v = written(Track::Video);
    ASSERT_GE(v.size(), 2u);
    EXPECT_EQ(v.back().pts, v[v.size() - 2].pts + v[v.size() - 2].duration) << "right after the slate's last frame";
    ASSERT_TRUE(v.back().mark);
    EXPECT_TRUE(v.back().mark->discontinuity);
}

TEST_F(OutputTimelineTest, ASourceWithoutVideoIsShownOverTheAudioOnlyCard) {
    auto settings = quiet();
    settings.title = "县长政务访谈";
    make(settings);
    timeline_->input_tracks(1, false, true);
    // The card begins on the pacing thread once sound has arrived (and the card is encoded: slower under ASan);
    // sound before that is not written. Keep sending until it shows, then every frame of sound must be written.
    int sent = 0;
    const bool card_shown = wait_until(15s, [&] {
        audio(sent++ * kAudioFrame);
        std::this_thread::sleep_for(std::chrono::nanoseconds(kAudioFrame));
        return timeline_->status().video == VideoFeed::AudioOnlyCard;
    });
    ASSERT_TRUE(card_shown);
    const auto before = written(Track::Audio).size();
    for (int i = 0; i < 50; ++i) {
        audio(sent++ * kAudioFrame);
        std::this_thread::sleep_for(std::chrono::nanoseconds(kAudioFrame));
    }
    EXPECT_EQ(timeline_->status().video, VideoFeed::AudioOnlyCard);
    EXPECT_FALSE(written(Track::Video).empty());
    EXPECT_TRUE(written(Track::Video).front().keyframe);
    const auto a = written(Track::Audio);
    ASSERT_EQ(a.size(), before + 50) << "no sound is dropped or added while the card is shown";
    for (std::size_t i = before + 1; i < a.size(); ++i) EXPECT_EQ(a[i].pts - a[i - 1].pts, kAudioFrame);
}

TEST_F(OutputTimelineTest, ARestartedRecordingContinuesWhereTheLastEndedWithADiscontinuity) {
    auto settings = quiet();
    settings.start = 3600 * GST_SECOND;
    settings.continues_recording = true;
    make(settings);
    video(0, 0, true);
    auto v = written(Track::Video);
    ASSERT_EQ(v.size(), 1u);
    EXPECT_EQ(v[0].pts, 3600 * GST_SECOND);
    EXPECT_TRUE(v[0].mark->discontinuity);
}
