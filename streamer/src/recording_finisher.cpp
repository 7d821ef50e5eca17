#include "openhall/streamer/recording_finisher.hpp"

#include <cmath>
#include <stdexcept>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "openhall/streamer/gst_elements.hpp"
#include "openhall/streamer/pipeline_reaper.hpp"

namespace openhall::streamer {
namespace {

using Gate = CallbackGate<RecordingFinisher>;

gboolean on_bus(GstBus*, GstMessage* message, gpointer self) {
    return static_cast<RecordingFinisher*>(self)->on_bus_message(message);
}
void on_pad_added(GstElement*, GstPad* pad, gpointer data) {
    Gate::from(data)->run([&](RecordingFinisher& f) { f.on_demuxed_pad(pad); });
}
GstPadProbeReturn on_muxed(GstPad*, GstPadProbeInfo* info, gpointer data) {
    if (GstBuffer* buffer = GST_PAD_PROBE_INFO_BUFFER(info))
        Gate::from(data)->run([&](RecordingFinisher& f) { f.on_video_muxed(buffer); });
    return GST_PAD_PROBE_OK;
}
GstPadProbeReturn on_bytes(GstPad*, GstPadProbeInfo* info, gpointer data) {
    if (GstBuffer* buffer = GST_PAD_PROBE_INFO_BUFFER(info)) {
        const auto bytes = gst_buffer_get_size(buffer);
        Gate::from(data)->run([&](RecordingFinisher& f) { f.on_bytes_moved(bytes); });
    }
    return GST_PAD_PROBE_OK;
}
gboolean on_watchdog_tick(gpointer self) { return static_cast<RecordingFinisher*>(self)->on_watchdog(); }

}  // namespace

RecordingFinisher::RecordingFinisher(std::string name, std::filesystem::path folder,
                                     std::vector<core::MediaSegment> segments, std::string mp4_name, DoneHandler done)
    : name_(std::move(name)), folder_(std::move(folder)), segments_(std::move(segments)), mp4_name_(std::move(mp4_name)),
      done_(std::move(done)), gate_(std::make_shared<Gate>(this)) {}

RecordingFinisher::~RecordingFinisher() {
    watchdog_.reset();
    if (bus_watch_) g_source_remove(bus_watch_);
    gate_->close();
    if (pipeline_) retire_pipeline(pipeline_);
}

void RecordingFinisher::start() { run_step(); }

GstElement* RecordingFinisher::add(const char* factory, const char* name) { return add_element(pipeline_, factory, name); }

void RecordingFinisher::run_step() {
    if (step_ == Step::Done) {
        spdlog::info("{}: MP4 {}, poster {}", name_, result_.mp4_written ? "written" : "not written",
                     result_.poster_written ? "written" : "not written");
        done_(result_);
        return;
    }
    // The MP4 is made from every listed segment or not at all: multifilesrc would stop quietly at a missing one.
    if (step_ == Step::Mp4) {
        if (auto missing = missing_segment(); !missing.empty()) {
            target_ = folder_ / mp4_name_;
            partial_ = folder_ / (mp4_name_ + ".part");
            step_over(false, missing);
            return;
        }
    }
    pipeline_ = gst_pipeline_new(name_.c_str());
    gst_object_ref_sink(pipeline_);
    try {
        if (step_ == Step::Mp4) build_mp4();
        else build_poster();
    } catch (const std::exception& e) {
        step_over(false, e.what());
        return;
    }
    // Progress is measured where data moves: read from the segments, written to the file.
    for (const auto& [element, pad] : {std::pair{"read", "src"}, std::pair{"file", "sink"}}) {
        GstElement* e = gst_bin_get_by_name(GST_BIN(pipeline_), element);
        PadRef probed(gst_element_get_static_pad(e, pad));
        gst_object_unref(e);
        gst_pad_add_probe(probed.get(), GST_PAD_PROBE_TYPE_BUFFER, on_bytes, Gate::ref(gate_), Gate::release);
    }
    moved_ = moved_at_last_check_ = 0;
    progress_at_ = std::chrono::steady_clock::now();
    BusRef bus(gst_pipeline_get_bus(GST_PIPELINE(pipeline_)));
    bus_watch_ = gst_bus_add_watch(bus.get(), on_bus, this);
    watchdog_ = SourceId(g_timeout_add_seconds(1, on_watchdog_tick, this));
    if (gst_element_set_state(pipeline_, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
        step_over(false, "the pipeline did not start");
}

// Every segment in order as one transport stream, remuxed. The video is written as avc3 (parameter sets in the
// stream), so stretches from different encoders (the input, the slate, a new picture size) need no new header.
void RecordingFinisher::build_mp4() {
    target_ = folder_ / mp4_name_;
    partial_ = folder_ / (mp4_name_ + ".part");
    GstElement* source = add("multifilesrc", "read");
    const auto pattern = (folder_ / "seg%05d.ts").string();
    CapsRef ts(gst_caps_from_string("video/mpegts,systemstream=(boolean)true,packetsize=(int)188"));
    g_object_set(source, "location", pattern.c_str(), "start-index", static_cast<gint>(segments_.front().sequence),
                 "stop-index", static_cast<gint>(segments_.back().sequence), "caps", ts.get(), nullptr);
    GstElement* demux = add("tsdemux");
    muxer_ = add("mp4mux");
    mdat_partial_ = folder_ / (mp4_name_ + ".mdat.part");
    g_object_set(muxer_, "faststart", TRUE, "faststart-file", mdat_partial_.c_str(), nullptr);
    GstElement* file = add("filesink", "file");
    g_object_set(file, "location", partial_.c_str(), nullptr);
    link_chain({source, demux});
    link_chain({muxer_, file});
    g_signal_connect_data(demux, "pad-added", G_CALLBACK(on_pad_added), Gate::ref(gate_), Gate::release_closure,
                          GConnectFlags(0));
}

// The poster: the first picture of the segment a third of the way in.
void RecordingFinisher::build_poster() {
    target_ = folder_ / "poster.jpg";
    partial_ = folder_ / "poster.jpg.part";
    muxer_ = nullptr;
    GstElement* source = add("filesrc", "read");
    const auto segment = folder_ / segments_[segments_.size() / 3].uri;
    g_object_set(source, "location", segment.c_str(), nullptr);
    GstElement* demux = add("tsdemux");
    link_chain({source, demux});
    GstElement* jpeg = add("jpegenc");
    g_object_set(jpeg, "snapshot", TRUE, "quality", 85, nullptr);
    GstElement* file = add("filesink", "file");
    g_object_set(file, "location", partial_.c_str(), nullptr);
    picture_ = add("queue");
    link_chain({picture_, add("h264parse"), add("avdec_h264"), add("videoconvert"), jpeg, file});
    g_signal_connect_data(demux, "pad-added", G_CALLBACK(on_pad_added), Gate::ref(gate_), Gate::release_closure,
                          GConnectFlags(0));
}

// A streaming thread: links the demuxer's new stream into the step.
void RecordingFinisher::on_demuxed_pad(GstPad* pad) {
    const auto type = pad_media_type(pad);
    std::vector<GstElement*> chain;
    try {
        if (step_ == Step::Mp4 && type == "video/x-h264") {
            GstElement* avc3 = add("capsfilter");
            set_caps(avc3, "video/x-h264,stream-format=avc3");
            chain = {add("queue"), add("h264parse"), avc3};
        } else if (step_ == Step::Mp4 && type == "audio/mpeg") {
            chain = {add("queue"), add("aacparse")};
        } else if (step_ == Step::Poster && type == "video/x-h264") {
            PadRef sink(gst_element_get_static_pad(picture_, "sink"));
            gst_pad_link(pad, sink.get());
            return;
        } else {
            GstElement* drop = add("fakesink");
            g_object_set(drop, "sync", FALSE, "async", FALSE, nullptr);
            chain = {drop};
        }
        link_chain(chain);
        if (muxer_ && chain.size() > 1 && !gst_element_link(chain.back(), muxer_))
            throw std::runtime_error("cannot link " + type + " to the MP4 muxer");
        if (muxer_ && type == "video/x-h264") {
            PadRef out(gst_element_get_static_pad(chain.back(), "src"));
            gst_pad_add_probe(out.get(), GST_PAD_PROBE_TYPE_BUFFER, on_muxed, Gate::ref(gate_), Gate::release);
        }
    } catch (const std::exception& e) {
        spdlog::error("{}: {}", name_, e.what());
        return;  // the unlinked stream makes the demuxer fail, which ends the step with an error
    }
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) gst_element_sync_state_with_parent(*it);
    PadRef sink(gst_element_get_static_pad(chain.front(), "sink"));
    gst_pad_link(pad, sink.get());
}

void RecordingFinisher::on_bytes_moved(std::uint64_t bytes) { moved_ += bytes; }

void RecordingFinisher::on_video_muxed(GstBuffer* buffer) {
    const GstClockTime pts = GST_BUFFER_PTS(buffer);
    if (!GST_CLOCK_TIME_IS_VALID(pts)) return;
    if (!GST_CLOCK_TIME_IS_VALID(muxed_first_)) muxed_first_ = pts;
    const GstClockTime end = pts + (GST_BUFFER_DURATION_IS_VALID(buffer) ? GST_BUFFER_DURATION(buffer) : 0);
    if (end > muxed_end_) muxed_end_ = end;
}

std::string RecordingFinisher::missing_segment() const {
    for (std::size_t i = 0; i < segments_.size(); ++i) {
        const auto& s = segments_[i];
        std::error_code ec;
        if (i > 0 && s.sequence != segments_[i - 1].sequence + 1)
            return fmt::format("the segments are not numbered one after another ({} follows {})", s.uri, segments_[i - 1].uri);
        if (!std::filesystem::exists(folder_ / s.uri, ec) || std::filesystem::file_size(folder_ / s.uri, ec) == 0)
            return fmt::format("segment {} is missing", s.uri);
    }
    return "";
}

gboolean RecordingFinisher::on_watchdog() {
    const auto now = std::chrono::steady_clock::now();
    if (moved_ != moved_at_last_check_) {
        moved_at_last_check_ = moved_;
        progress_at_ = now;
    } else if (now - progress_at_ > kStallAfter) {
        watchdog_.forget();
        step_over(false, fmt::format("no progress for {} s", kStallAfter.count()));
        return G_SOURCE_REMOVE;
    }
    return G_SOURCE_CONTINUE;
}

gboolean RecordingFinisher::on_bus_message(GstMessage* message) {
    switch (GST_MESSAGE_TYPE(message)) {
        case GST_MESSAGE_ERROR:
            spdlog::error("{}: {}", name_, bus_message_text(message, true));
            bus_watch_ = 0;  // removed by returning G_SOURCE_REMOVE
            step_over(false, bus_message_text(message));
            return G_SOURCE_REMOVE;
        case GST_MESSAGE_EOS:
            bus_watch_ = 0;
            step_over(true, "");
            return G_SOURCE_REMOVE;
        default:
            return G_SOURCE_CONTINUE;
    }
}

void RecordingFinisher::step_over(bool ok, const std::string& error) {
    watchdog_.reset();
    if (bus_watch_) g_source_remove(bus_watch_);
    bus_watch_ = 0;
    // Callbacks of this step's pipeline are turned away from here on; stopping it joins threads, so elsewhere.
    gate_->close();
    gate_ = std::make_shared<Gate>(this);
    retire_pipeline(pipeline_);
    pipeline_ = nullptr;
    std::string why = error;
    if (ok && step_ == Step::Mp4) {
        // Whole, or not announced: the MP4 must hold the recording's length (within a second or 2 %).
        double recorded = 0;
        for (const auto& s : segments_) recorded += std::chrono::duration<double>(s.duration).count();
        const double muxed = GST_CLOCK_TIME_IS_VALID(muxed_first_.load())
                                 ? static_cast<double>(muxed_end_ - muxed_first_) / GST_SECOND
                                 : 0.0;
        if (std::abs(muxed - recorded) > std::max(1.0, 0.02 * recorded)) {
            ok = false;
            why = fmt::format("it holds {:.1f} s of the recording's {:.1f} s", muxed, recorded);
        }
    }
    std::error_code ec;
    if (ok && std::filesystem::file_size(partial_, ec) > 0 && !ec) {
        std::filesystem::rename(partial_, target_, ec);
        ok = !ec;
    } else {
        ok = false;
    }
    if (!ok) std::filesystem::remove(partial_, ec);
    if (!mdat_partial_.empty()) std::filesystem::remove(mdat_partial_, ec);  // mp4mux leaves it when stopped early
    const char* what = step_ == Step::Mp4 ? "the MP4" : "the poster";
    if (!ok) {
        const auto reason = fmt::format("{} was not written: {}", what, why.empty() ? "the output is empty" : why);
        spdlog::error("{}: {}", name_, reason);
        if (result_.error.empty()) result_.error = reason;
    }
    if (step_ == Step::Mp4) {
        result_.mp4_written = ok;
        step_ = Step::Poster;
    } else {
        result_.poster_written = ok;
        step_ = Step::Done;
    }
    // The next step starts after this callback has returned.
    on_main_loop_soon([gate = gate_] {
        if (auto* self = gate->owner_on_main_loop()) self->run_step();
    });
}

}  // namespace openhall::streamer
