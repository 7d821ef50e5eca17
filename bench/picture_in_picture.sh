#!/usr/bin/env bash
# The CPU of the sign-language interpreter's picture-in-picture (issue 17), beside ffmpeg doing the same in the
# same run: a 720p25 main picture and a 640x360 interpreter, both H.264 with a keyframe a second, composited (the
# interpreter at a quarter of the width in the lower right corner) and encoded with x264 veryfast/zerolatency at
# about 0.1 bit per pixel, in real time for SECONDS. Passthrough (no interpreter) runs no encoder at all.
# Usage: bench/picture_in_picture.sh [SECONDS]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
seconds=${1:-30}
./dev build >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ffmpeg -hide_banner -loglevel error -f lavfi -i testsrc2=size=1280x720:rate=25 -t "$seconds" -c:v libx264 -preset veryfast \
  -b:v 3M -g 25 -keyint_min 25 -sc_threshold 0 -f mpegts "$work/main.ts"
ffmpeg -hide_banner -loglevel error -f lavfi -i smptebars=size=640x360:rate=25 -t "$seconds" -c:v libx264 -preset veryfast \
  -b:v 1M -g 25 -keyint_min 25 -sc_threshold 0 -f mpegts "$work/inset.ts"
echo "openhall (PictureInPicture):"
build/bin/pip_bench "$work/main.ts" "$work/inset.ts"
# The peer: ffmpeg's overlay filter with the same placement and encoder settings, read at the input's rate (-re).
echo "ffmpeg overlay:"
/usr/bin/time -f "cpu %U user + %S sys s over %e s" ffmpeg -hide_banner -loglevel error -re -i "$work/main.ts" -re -i "$work/inset.ts" \
  -filter_complex "[1:v]scale=320:180[inset];[0:v][inset]overlay=x=W-w-32:y=H-h-32" \
  -c:v libx264 -preset veryfast -tune zerolatency -g 25 -b:v 2304k -f null - 2>&1
