// The encoder of the stream tests: ffmpeg publishing a test picture and tone in real time over SRT, as the
// issue 12 PUB does (640×360 at 25 fps, a 440 Hz sine at 48 kHz, MPEG-TS in 1316-byte SRT messages).
#pragma once

#include <string>
#include <vector>

namespace openhall::testing {

using Args = std::vector<std::string>;

inline const Args kH264{"-c:v", "libx264", "-preset", "veryfast", "-g", "50"};
inline const Args kBFrames{"-c:v", "libx264", "-preset", "veryfast", "-g", "50", "-x264-params", "bframes=3:b-pyramid=normal"};
inline const Args kAac{"-c:a", "aac"};

inline const std::string kTestPicture = "testsrc2=size=640x360:rate=25";

// ffmpeg's arguments for `seconds` of stream to `url` (an SRT ingest URL). `video` and `audio` are the codec
// options of each track; an empty one leaves that track out. `more` goes before the output. `picture` is a lavfi
// video source ("color=c=blue:size=640x360:rate=25").
inline Args publisher(const std::string& url, int seconds, const Args& video = kH264, const Args& audio = kAac,
                      const Args& more = {}, const std::string& picture = kTestPicture) {
    Args args{"ffmpeg", "-hide_banner", "-loglevel", "error", "-re"};
    if (!video.empty()) args.insert(args.end(), {"-f", "lavfi", "-i", picture});
    if (!audio.empty()) args.insert(args.end(), {"-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000"});
    args.insert(args.end(), {"-t", std::to_string(seconds)});
    args.insert(args.end(), video.begin(), video.end());
    args.insert(args.end(), audio.begin(), audio.end());
    args.insert(args.end(), more.begin(), more.end());
    args.insert(args.end(), {"-f", "mpegts", url + "&pkt_size=1316"});
    return args;
}

}  // namespace openhall::testing
