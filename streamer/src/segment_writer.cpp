#include "openhall/streamer/segment_writer.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

#include <fmt/format.h>
#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>
#include <spdlog/spdlog.h>

#include "openhall/streamer/gst_elements.hpp"
#include "openhall/streamer/pipeline_reaper.hpp"
#include "openhall/streamer/ts_packets.hpp"

namespace openhall::streamer {
namespace {

using Gate = CallbackGate<SegmentWriter>;

// The muxer's packet timestamps and the keyframes' agree to well within this.
constexpr GstClockTime kSameInstant = 2 * GST_MSECOND;

GstElement* timeline_source(GstElement* pipeline, const char* name) {
    GstElement* src = add_element(pipeline, "appsrc", name);
    // Timestamps are the timeline's, so the muxer takes buffers as they come (not live). Bounded: a disk that stops
    // accepting writes drops the oldest queued data (leaky downstream) rather than growing memory.
    g_object_set(src, "format", GST_FORMAT_TIME, "is-live", FALSE, "do-timestamp", FALSE, "block", FALSE, "max-bytes",
                 guint64{64 * 1024 * 1024}, nullptr);
    gst_util_set_object_arg(G_OBJECT(src), "leaky-type", "downstream");
    return src;
}

GstFlowReturn on_new_sample(GstAppSink* sink, gpointer data) {
    SampleRef sample(gst_app_sink_pull_sample(sink));
    if (!sample) return GST_FLOW_EOS;
    Gate::from(data)->run([&](SegmentWriter& writer) { writer.on_muxed(gst_sample_get_buffer(sample.get())); });
    return GST_FLOW_OK;
}

void on_eos(GstAppSink*, gpointer data) {
    Gate::from(data)->run([](SegmentWriter& writer) { writer.on_muxer_done(); });
}

gboolean on_bus(GstBus*, GstMessage* message, gpointer self) {
    if (GST_MESSAGE_TYPE(message) == GST_MESSAGE_ERROR)
        spdlog::error("{}: {}", static_cast<const char*>(self), bus_message_text(message, true));
    return G_SOURCE_CONTINUE;
}

}  // namespace

SegmentWriter::SegmentWriter(std::string name, std::filesystem::path folder, std::int64_t first_sequence,
                             SegmentHandler on_segment, FinishedHandler on_finished)
    : name_(std::move(name)), folder_(std::move(folder)), on_segment_(std::move(on_segment)),
      on_finished_(std::move(on_finished)), gate_(std::make_shared<Gate>(this)), next_sequence_(first_sequence) {}

SegmentWriter::~SegmentWriter() {
    drain_timer_.reset();
    if (bus_watch_) g_source_remove(bus_watch_);
    gate_->close();
    if (file_) std::fclose(file_);
    if (pipeline_) retire_pipeline(pipeline_);
}

void SegmentWriter::start() {
    pipeline_ = gst_pipeline_new(name_.c_str());
    gst_object_ref_sink(pipeline_);
    video_src_ = timeline_source(pipeline_, "video");
    audio_src_ = timeline_source(pipeline_, "audio");
    GstElement* mux = add_element(pipeline_, "mpegtsmux", "mux");
    GstElement* sink = add_element(pipeline_, "appsink", "segments");
    g_object_set(sink, "sync", FALSE, "emit-signals", FALSE, nullptr);
    GstAppSinkCallbacks callbacks{};
    callbacks.new_sample = on_new_sample;
    callbacks.eos = on_eos;
    gst_app_sink_set_callbacks(GST_APP_SINK(sink), &callbacks, Gate::ref(gate_), Gate::release);
    if (!gst_element_link_pads(video_src_, "src", mux, "sink_%d") ||
        !gst_element_link_pads(audio_src_, "src", mux, "sink_%d") || !gst_element_link(mux, sink))
        throw std::runtime_error(name_ + ": cannot link the segment writer");
    BusRef bus(gst_pipeline_get_bus(GST_PIPELINE(pipeline_)));
    bus_watch_ = gst_bus_add_watch(bus.get(), on_bus, const_cast<char*>(name_.c_str()));
    if (gst_element_set_state(pipeline_, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
        throw std::runtime_error(name_ + ": the segment writer did not start");
}

void SegmentWriter::write(Track track, GstBuffer* buffer, GstCaps* caps, std::optional<SegmentMark> mark) {
    if (track == Track::Video) {
        std::lock_guard lock(keyframes_mutex_);
        if (mark) keyframes_.push_back({GST_BUFFER_DTS(buffer), GST_BUFFER_PTS(buffer), *mark});
        video_end_ = std::max(video_end_, GST_BUFFER_PTS(buffer) + GST_BUFFER_DURATION(buffer));
    }
    auto* src = GST_APP_SRC(track == Track::Video ? video_src_ : audio_src_);
    if (caps) gst_app_src_set_caps(src, caps);
    gst_app_src_push_buffer(src, buffer);
}

// The muxer sends the packets that begin a keyframe (PAT, PMT, then the frame) without the delta-unit flag, stamped
// with that keyframe's decode time; that is where a segment starts. Other unflagged packets (the very first PAT)
// are not.
void SegmentWriter::on_muxed(GstBuffer* buffer) {
    std::lock_guard lock(file_mutex_);
    if (done_) return;
    const GstClockTime at = GST_BUFFER_PTS(buffer);
    std::optional<PendingKeyframe> starts;
    if (!GST_BUFFER_FLAG_IS_SET(buffer, GST_BUFFER_FLAG_DELTA_UNIT) && GST_CLOCK_TIME_IS_VALID(at)) {
        std::lock_guard keyframes_lock(keyframes_mutex_);
        while (!keyframes_.empty() && keyframes_.front().dts + kSameInstant < at) keyframes_.pop_front();
        if (!keyframes_.empty() && keyframes_.front().dts <= at + kSameInstant) {
            starts = keyframes_.front();
            keyframes_.pop_front();
        }
    }
    if (starts) {
        close_segment(starts->pts);
        // The number is taken by a segment that is listed: a lost one's is used again, so the numbers run on
        // without a gap (the MP4 is made from them in order).
        open_ = Segment{next_sequence_, "", starts->pts, 0, starts->mark.program_date_time,
                        starts->mark.discontinuity || lost_};
        open_.file = fmt::format("seg{:05}.ts", open_.sequence);
        file_ = std::fopen((folder_ / open_.file).c_str(), "wb");
        open_failed_ = false;
        if (file_) {
            ++next_sequence_;
            lost_ = false;
        } else {
            spdlog::error("{}: cannot write {}: {}", name_, open_.file, std::strerror(errno));
            lost_ = true;
        }
        // Each segment decodes on its own: it begins with the program tables.
        for (auto* table : {&pat_, &pmt_})
            if (table->pid >= 0) write_table(*table);
    }
    // Before the first keyframe nothing is written, but the program tables are remembered.
    GstMapInfo map;
    if (!gst_buffer_map(buffer, &map, GST_MAP_READ)) return;
    if (map.size % ts::kPacketSize != 0) {
        write_bytes(map.data, map.size);
    } else {
        for (std::size_t offset = 0; offset < map.size; offset += ts::kPacketSize) {
            const std::uint8_t* packet = map.data + offset;
            const int pid = ts::pid_of(packet);
            if (pid == ts::kPatPid) {
                if (auto pmt = ts::program_map_pid(packet)) pmt_.pid = *pmt;
                remember(pat_, pid, packet);
            } else if (pid == pmt_.pid) {
                remember(pmt_, pid, packet);
            } else {
                write_bytes(packet, ts::kPacketSize);
            }
        }
    }
    gst_buffer_unmap(buffer, &map);
}

// A table packet from the muxer: kept for the next segment's start, and written with its PID's counter running on
// (the repeated copies at segment starts take their turn in the same count).
void SegmentWriter::remember(Table& table, int pid, const std::uint8_t* packet) {
    table.pid = pid;
    if (packet[1] & 0x40) std::copy_n(packet, ts::kPacketSize, table.packet.begin());  // a section starts here
    std::array<std::uint8_t, ts::kPacketSize> copy;
    std::copy_n(packet, ts::kPacketSize, copy.begin());
    ts::set_continuity_counter(copy.data(), table.counter++);
    write_bytes(copy.data(), copy.size());
}

void SegmentWriter::write_table(Table& table) {
    ts::set_continuity_counter(table.packet.data(), table.counter++);
    write_bytes(table.packet.data(), table.packet.size());
}

void SegmentWriter::write_bytes(const std::uint8_t* data, std::size_t size) {
    if (!file_ || open_failed_) return;
    if (std::fwrite(data, 1, size, file_) != size) {
        spdlog::error("{}: writing {} failed: {}", name_, open_.file, std::strerror(errno));
        open_failed_ = true;
    }
}

void SegmentWriter::close_segment(GstClockTime end) {
    if (!file_) return;
    const bool close_ok = std::fclose(file_) == 0;
    const int close_error = errno;
    file_ = nullptr;
    if (!close_ok || open_failed_) {
        // Never listed: a file is only announced once it is whole. The next segment takes its number.
        spdlog::error("{}: {} was not written whole ({})", name_, open_.file,
                      close_ok ? "a write failed" : std::strerror(close_error));
        std::error_code ec;
        std::filesystem::remove(folder_ / open_.file, ec);
        next_sequence_ = open_.sequence;
        lost_ = true;
        return;
    }
    Segment closed = open_;
    closed.duration = end > closed.start ? end - closed.start : 0;
    guard_.post([this, closed] { on_segment_(closed); });
}

void SegmentWriter::finished(bool clean) {
    if (done_) return;
    done_ = true;
    close_segment(written_end());
    guard_.post([this, clean] {
        drain_timer_.reset();
        on_finished_(clean);
    });
}

GstClockTime SegmentWriter::written_end() {
    std::lock_guard lock(keyframes_mutex_);
    return video_end_;
}

void SegmentWriter::on_muxer_done() {
    std::lock_guard lock(file_mutex_);
    finished(true);
}

void SegmentWriter::finish() {
    if (drain_timer_) return;
    gst_app_src_end_of_stream(GST_APP_SRC(video_src_));
    gst_app_src_end_of_stream(GST_APP_SRC(audio_src_));
    drain_timer_ = SourceId(g_timeout_add(
        static_cast<guint>(kDrainBudget.count()),
        [](gpointer self) -> gboolean {
            auto* writer = static_cast<SegmentWriter*>(self);
            writer->drain_timer_.forget();
            std::lock_guard lock(writer->file_mutex_);
            if (!writer->done_) spdlog::warn("{}: the muxer did not drain; closing the last segment as written", writer->name_);
            writer->finished(false);
            return G_SOURCE_REMOVE;
        },
        this));
}

}  // namespace openhall::streamer
