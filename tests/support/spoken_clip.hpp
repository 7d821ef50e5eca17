// A short media file in which an English sentence is spoken, for tests of captions from speech (issue 17): made by
// tests/support/spoken_clip.sh (flite's voice over a test picture, 7 s, H.264 and AAC), which the browser tests
// run too.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>

#include "support/subprocess.hpp"

namespace openhall::testing {

// Writes `dir`/speech.mp4 and returns its path; throws std::runtime_error when flite or ffmpeg fails.
inline std::filesystem::path make_spoken_clip(const std::filesystem::path& dir) {
    const std::filesystem::path script = std::filesystem::path(OPENHALL_TEST_SUPPORT_DIR) / "spoken_clip.sh";
    auto made = run_command({script.string(), dir.string()});
    if (made.exit_code != 0) throw std::runtime_error("spoken_clip.sh: " + made.err);
    return dir / "speech.mp4";
}

}  // namespace openhall::testing
