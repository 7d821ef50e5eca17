// A short media file in which an English sentence is spoken, for tests of captions from speech (issue 17): flite's
// `slt` voice (Debian's flite) over a test picture, 7 s, H.264 and AAC like a camera's. The voice starts at once:
// pocketsphinx adapts its normalisation from the first audio it hears, and a lead-in of digital silence left it
// hearing "why why she" (docs/captions.md).
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>

#include "support/subprocess.hpp"

namespace openhall::testing {

inline constexpr const char* kSpokenSentence = "Good morning. The county will open the new water plant in March.";

// Writes `dir`/speech.mp4 and returns its path; throws std::runtime_error when flite or ffmpeg fails.
inline std::filesystem::path make_spoken_clip(const std::filesystem::path& dir) {
    const auto speech = dir / "speech.wav";
    auto spoken = run_command({"flite", "-voice", "slt", "-t", kSpokenSentence, "-o", speech.string()});
    if (spoken.exit_code != 0) throw std::runtime_error("flite: " + spoken.err);
    const auto clip = dir / "speech.mp4";
    auto made = run_command({"ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25",
                             "-i", speech.string(), "-af", "apad=pad_dur=2", "-t", "7", "-c:v", "libx264", "-preset",
                             "ultrafast", "-g", "25", "-c:a", "aac", "-ar", "48000", "-ac", "2", clip.string()});
    if (made.exit_code != 0) throw std::runtime_error("ffmpeg: " + made.err);
    return clip;
}

}  // namespace openhall::testing
