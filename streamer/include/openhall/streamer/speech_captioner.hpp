// Captions from a speech engine (issue 17; docs/captions.md, "Speech engines"): an event's recorded audio, segment
// by segment as it is listed, decoded to 16 kHz mono and fed to a recognizer; each final result becomes a timed
// line. The engine today is GStreamer's `pocketsphinx` element (Debian's gstreamer1.0-pocketsphinx, with the
// pocketsphinx-en-us model by default, or the model folder the operator names); nothing is downloaded.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <gst/gst.h>

#include "openhall/core/events/media_timeline.hpp"
#include "openhall/streamer/gst_handles.hpp"

namespace openhall::streamer {

struct SpeechEngineSettings {
    std::string engine;               // "pocketsphinx"; empty: no engine
    std::filesystem::path model_dir;  // holds the acoustic model folder and *.lm.bin / *.dict; empty: the package's en-us
};

// Why the engine cannot run here ("" when it can): an unknown engine, the GStreamer element missing, the model
// folder missing or incomplete. Said plainly in the log at start. Any thread, once GStreamer is initialised.
std::string speech_engine_problem(const SpeechEngineSettings& settings);

class SpeechCaptioner {
public:
    // An utterance: its place on the recording (ms) and its words. `final` false: a partial result, the words heard
    // so far (end_ms: how far the recognizer has heard), when they changed and at most every kPartialIntervalMs;
    // true: the recognizer's result for the whole utterance. Main loop, in order.
    using LineHandler = std::function<void(std::int64_t start_ms, std::int64_t end_ms, std::string text, bool final)>;
    // The shortest time between two partial results of one captioner (wall clock): a viewer reads the words as they
    // grow without the line flickering, and a burst of audio (a segment is fed at once) sends a few, not dozens.
    static constexpr int kPartialIntervalMs = 300;

    // `settings` must have no problem (speech_engine_problem). Nothing runs before start(). Main loop.
    SpeechCaptioner(std::string name, SpeechEngineSettings settings, LineHandler on_line);
    // Detaches the callbacks and retires the pipeline; no handler runs afterwards. Main loop.
    ~SpeechCaptioner();
    SpeechCaptioner(const SpeechCaptioner&) = delete;
    SpeechCaptioner& operator=(const SpeechCaptioner&) = delete;

    // Builds and plays appsrc ! tsdemux ! aacparse ! avdec_aac ! audioconvert ! audioresample ! pocketsphinx !
    // fakesink. Throws std::runtime_error when an element is missing or the pipeline does not start. Main loop.
    void start();
    // One listed segment of the recording (its .ts file in `folder`), in order, contiguous with the one before
    // (the first one fed sets where the recognizer's time starts). Reads the file (blocks on the disk briefly);
    // a file that cannot be read is skipped. Main loop.
    void feed(const std::filesystem::path& folder, const core::MediaSegment& segment);
    // No more audio: the recognizer gives its last result. Main loop.
    void finish();

    struct Shared;  // what the streaming thread's callbacks reach (defined in the .cpp)

private:
    MainLoopGuard guard_;  // first: the callbacks' poster comes from it
    std::string name_;
    SpeechEngineSettings settings_;
    std::shared_ptr<Shared> shared_;
    GstElement* pipeline_ = nullptr;
    GstElement* source_ = nullptr;
};

}  // namespace openhall::streamer
