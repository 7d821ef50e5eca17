#include "openhall/streamer/interpreter_input.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace openhall::streamer {

InterpreterInput::InterpreterInput(std::string name, int port, std::string passphrase, VideoHandler on_video,
                                   NewSourceHandler on_new_source)
    : name_(std::move(name)), port_(port), passphrase_(std::move(passphrase)), on_video_(std::move(on_video)),
      on_new_source_(std::move(on_new_source)) {}

InterpreterInput::~InterpreterInput() {
    retry_.reset();
    drop_input();
    listener_.reset();
}

void InterpreterInput::start() {
    auto handlers = SrtFeed::listener_handlers(
        feed_, guard_.poster(),
        {[this](std::uint64_t caller) { caller_connected(caller); },
         [this](std::uint64_t caller, const std::string& reason) { caller_gone(caller, reason); },
         [this](const std::string& message) { last_error_ = message; }});
    listener_ = std::make_unique<SrtListener>(name_ + "-srt", port_, passphrase_, std::move(handlers));
    listener_->start();
}

void InterpreterInput::request_stop() {
    stopping_ = true;
    retry_.reset();
    caller_ = 0;
    drop_input();
    if (listener_) listener_->request_stop();
}

void InterpreterInput::caller_connected(std::uint64_t caller) {
    if (stopping_) return;
    spdlog::info("{}: an interpreter connected", name_);
    retry_.reset();
    drop_input();
    caller_ = caller;
    last_error_.clear();
    start_attempt();
}

void InterpreterInput::caller_gone(std::uint64_t caller, const std::string& reason) {
    if (caller != caller_) return;
    spdlog::info("{}: the interpreter disconnected ({})", name_, reason);
    caller_ = 0;
    retry_.reset();
    drop_input();
}

void InterpreterInput::start_attempt() {
    if (caller_ == 0 || stopping_) return;
    const auto attempt = ++attempt_;
    on_new_source_();
    InputPipeline::Handlers handlers;
    handlers.on_sample = [on_video = on_video_](Track track, GstSample* sample) {
        if (track == Track::Video) on_video(sample);
    };
    handlers.on_tracks = [this](bool has_video, bool) {
        if (!has_video) last_error_ = "the interpreter's encoder sends no picture";
    };
    handlers.on_stopped = [this, attempt](const InputStop& stop) {
        guard_.post([this, attempt, stop] { attempt_stopped(attempt, stop); });  // never destroyed in its own callback
    };
    InputSpec spec;
    spec.kind = InputSpec::Kind::Srt;  // its bytes are pushed by the listener's thread, through feed_
    input_ = std::make_unique<InputPipeline>(fmt::format("{}-input-{}", name_, attempt), spec, std::move(handlers));
    try {
        input_->start();
    } catch (const std::exception& e) {
        attempt_stopped(attempt, {InputStop::Why::Failed, e.what()});
        return;
    }
    feed_->attach(caller_, input_->transport_input());
}

void InterpreterInput::attempt_stopped(std::uint64_t attempt, const InputStop& stop) {
    if (attempt != attempt_ || !input_) return;
    drop_input();
    last_error_ = stop.message;
    if (caller_ == 0) return;
    spdlog::warn("{}: the interpreter's input stopped ({}); trying again", name_, stop.message);
    retry_ = SourceId(g_timeout_add(static_cast<guint>(kRetry.count()),
                                    [](gpointer self) -> gboolean {
                                        auto* input = static_cast<InterpreterInput*>(self);
                                        input->retry_.forget();
                                        input->start_attempt();
                                        return G_SOURCE_REMOVE;
                                    },
                                    this));
}

void InterpreterInput::drop_input() {
    if (!input_) return;
    last_report_ = input_->report();
    feed_->detach();
    input_.reset();  // retired without waiting
}

InterpreterHealth InterpreterInput::health() const {
    const auto report = input_ ? input_->report() : last_report_;
    return {caller_ != 0, report.video_format, report.video_frames, last_error_};
}

}  // namespace openhall::streamer
