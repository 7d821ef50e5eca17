// The output of an event's stream: the timeline's buffers muxed into MPEG-TS (mpegtsmux) and cut into segment files
// at every video keyframe (the muxer marks the packets that begin one). A segment is closed, and can be listed, as
// soon as the next keyframe reaches the muxer: within a frame or two of its last frame, where splitmuxsink waited
// for the whole next GOP. No GOP is ever held back, so a source switch cannot wedge the writer either.
#pragma once

#include <array>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include <gst/gst.h>

#include "openhall/core/events/media_timeline.hpp"
#include "openhall/streamer/callback_gate.hpp"
#include "openhall/streamer/gst_handles.hpp"
#include "openhall/streamer/input_pipeline.hpp"
#include "openhall/streamer/output_timeline.hpp"

namespace openhall::streamer {

class SegmentWriter {
public:
    struct Segment {
        std::int64_t sequence = 0;
        std::string file;          // e.g. "seg00012.ts", in the folder
        GstClockTime start = 0;    // ns on the output timeline: its first keyframe's PTS
        GstClockTime duration = 0; // ns, to the next segment's start
        core::WallMillis program_date_time;
        bool discontinuity = false;
    };
    using SegmentHandler = std::function<void(const Segment&)>;  // main loop, in order
    using FinishedHandler = std::function<void(bool clean)>;     // main loop, once; false when the muxer hung

    // Files are `folder`/seg%05d.ts from `first_sequence` on; `folder` must exist (a file that cannot be opened is
    // logged and its segment lost, not thrown). Nothing runs before start(); never throws. Main loop.
    SegmentWriter(std::string name, std::filesystem::path folder, std::int64_t first_sequence, SegmentHandler on_segment,
                  FinishedHandler on_finished);
    // Removes the bus watch and the drain timer, waits for a muxer callback in progress (a file write), closes the
    // open file unlisted and retires the pipeline; no handler runs afterwards. Main loop, never inside a handler.
    ~SegmentWriter();
    SegmentWriter(const SegmentWriter&) = delete;
    SegmentWriter& operator=(const SegmentWriter&) = delete;

    // Builds and plays the muxer; once. Throws std::runtime_error when an element is missing (appsrc, mpegtsmux,
    // appsink), they do not link, or the pipeline does not start. Main loop: the bus watch goes to the caller's
    // thread-default GMainContext.
    void start();
    // One buffer of the output (taken), in order, PTS, DTS and duration in ns on the output timeline; `caps` when
    // they change; `mark` with every video keyframe. After start(); never throws or waits for the muxer or the disk
    // (past 64 MiB queued on a track its oldest data is dropped; after finish() the buffer is dropped). Any thread:
    // streaming threads and the timeline's pacing thread, serialised by the timeline's lock.
    void write(Track track, GstBuffer* buffer, GstCaps* caps, std::optional<SegmentMark> mark);
    // Ends the stream: the muxer drains, the last segment is closed and listed, then on_finished runs (main loop,
    // once). If the muxer has not drained within kDrainBudget (2.5 s), what was written is closed as it is. A second
    // call while it drains does nothing. After start(); main loop (the drain timer is on the default GMainContext).
    void finish();

    static constexpr auto kDrainBudget = std::chrono::milliseconds{2500};

    // Entry points for the appsink callbacks (free functions in the .cpp): the muxer's streaming thread, through the
    // gate. on_muxed writes the segment files and posts each closed segment to the main loop.
    void on_muxed(GstBuffer* buffer);
    void on_muxer_done();

private:
    struct PendingKeyframe {  // a keyframe written and not yet seen by the muxer
        GstClockTime dts;  // what the muxer stamps its packets with
        GstClockTime pts;  // where the segment starts in presentation
        SegmentMark mark;
    };
    struct Table {  // the latest packet of the PAT or the PMT
        int pid = -1;
        std::array<std::uint8_t, 188> packet{};
        int counter = 0;  // the continuity counter this writer gives the PID's next packet
    };
    void remember(Table& table, int pid, const std::uint8_t* packet);  // these four with file_mutex_ held
    void write_table(Table& table);
    void write_bytes(const std::uint8_t* data, std::size_t size);
    void close_segment(GstClockTime end);
    void finished(bool clean);             // with file_mutex_ held
    GstClockTime written_end();            // video_end_, read under keyframes_mutex_

    std::string name_;
    std::filesystem::path folder_;
    SegmentHandler on_segment_;
    FinishedHandler on_finished_;
    GstElement* pipeline_ = nullptr;  // owned; retired in the destructor
    GstElement* video_src_ = nullptr;
    GstElement* audio_src_ = nullptr;
    std::shared_ptr<CallbackGate<SegmentWriter>> gate_;
    MainLoopGuard guard_;
    SourceId drain_timer_;
    guint bus_watch_ = 0;

    // The timeline's side (write) and the muxer's meet here; never held across file I/O, so a slow disk does not
    // hold up the timeline, whose lock the main loop takes for health.
    std::mutex keyframes_mutex_;
    std::deque<PendingKeyframe> keyframes_;
    GstClockTime video_end_ = 0;  // of everything written

    std::mutex file_mutex_;  // guards what follows (the muxer's thread and the drain timer)
    std::FILE* file_ = nullptr;
    Segment open_;
    bool open_failed_ = false;  // a write to the open segment failed: it is not listed, and its number is reused
    bool lost_ = false;         // a segment was lost: the next one follows a gap, so it is a discontinuity
    std::int64_t next_sequence_;
    Table pat_, pmt_;
    bool done_ = false;
};

}  // namespace openhall::streamer
