#!/bin/sh
# Writes DIR/speech.mp4: an English sentence spoken by flite's `slt` voice (Debian's flite) over a test picture,
# 7 s, H.264 and AAC like a camera's, for tests of captions from speech (issue 17). The voice starts at once:
# pocketsphinx adapts its normalisation from the first audio it hears, and a lead-in of digital silence left it
# hearing "why why she" (docs/captions.md). Used by tests/support/spoken_clip.hpp and the browser tests.
# Usage: spoken_clip.sh DIR
set -eu
dir=$1
flite -voice slt -t "Good morning. The county will open the new water plant in March." -o "$dir/speech.wav"
ffmpeg -hide_banner -loglevel error -y -f lavfi -i testsrc2=size=640x360:rate=25 -i "$dir/speech.wav" -af apad=pad_dur=2 \
  -t 7 -c:v libx264 -preset ultrafast -g 25 -c:a aac -ar 48000 -ac 2 "$dir/speech.mp4"
