#!/usr/bin/env bash
# The whole server's CPU for one live event while a sign-language interpreter is shown (issue 17), against the same
# event before the interpreter comes (passthrough), beside ffmpeg doing the same job in the same run (two SRT
# inputs, the interpreter overlaid at a quarter of the width in the lower right corner, x264 veryfast/zerolatency at
# the same rate, HLS with one-second segments, reading the same streams from files). Main picture: 720p25 H.264
# 3 Mbit/s with AAC; interpreter: 640x360 H.264 1 Mbit/s; both one keyframe a second, published in real time with
# ffmpeg -re -c copy over SRT.
# Usage: bench/interpreter_stream.sh [SECONDS_PER_WINDOW]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
seconds=${1:-30}
./dev build >/dev/null
source bench/stream_server.sh  # work, its clean-up, cpu_ticks, start_stream_server, api
per_cent() { python3 -c "print(f'{($2-$1)/$tck/$seconds*100:.0f}')"; }

ffmpeg -hide_banner -loglevel error -f lavfi -i testsrc2=size=1280x720:rate=25 -f lavfi -i sine=sample_rate=48000 \
  -t 20 -c:v libx264 -preset veryfast -b:v 3M -maxrate 3M -bufsize 3M -g 25 -keyint_min 25 -sc_threshold 0 \
  -c:a aac -b:a 128k -f mpegts "$work/main.ts"
ffmpeg -hide_banner -loglevel error -f lavfi -i smptebars=size=640x360:rate=25 -f lavfi -i sine=sample_rate=48000 \
  -t 20 -c:v libx264 -preset veryfast -b:v 1M -g 25 -keyint_min 25 -sc_threshold 0 -c:a aac -f mpegts "$work/inset.ts"
publish() { # publish FILE URL SECONDS
  ffmpeg -hide_banner -loglevel quiet -re -stream_loop -1 -i "$1" -t "$3" -c copy -f mpegts "$2" &  # quiet: it loses the server at the end
}

start_stream_server "$work" 19800-19899
field() { python3 -c "import json,sys;v=json.load(sys.stdin)
for k in sys.argv[1].split('.'): v=v[k] if v is not None else None
print(v)" "$1"; }

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "main 720p25 H.264 3 Mbit/s + AAC, interpreter 640x360 H.264 1 Mbit/s; ${seconds}s per window"
id=$(api -d '{"kind":"hearing","title":"bench","starts_at":"2026-11-25T09:00:00+08:00","ends_at":"2026-11-25T10:00:00+08:00"}' \
  "$url/api/v1/events" | field id)
api -X PUT -d '{"source":"srt","interpreter":true}' "$url/api/v1/events/$id/stream" >"$work/stream.json"
api -d '{"status":"scheduled"}' "$url/api/v1/events/$id/status" >/dev/null
api -d '{"status":"live"}' "$url/api/v1/events/$id/status" >/dev/null
publish "$work/main.ts" "$(field ingest_url <"$work/stream.json")" $((3 * seconds + 20))
sleep 5
a0=$(cpu_ticks $server); sleep "$seconds"; a1=$(cpu_ticks $server)
echo "openhall, passthrough (no interpreter): $(per_cent "$a0" "$a1")% of one core"
publish "$work/inset.ts" "$(field interpreter_ingest_url <"$work/stream.json")" $((seconds + 20))
until [[ $(api "$url/api/v1/events/$id/stream" | field health.interpreter.shown) == True ]]; do sleep 0.2; done
sleep 2
b0=$(cpu_ticks $server); sleep "$seconds"; b1=$(cpu_ticks $server)
echo "openhall, interpreter shown: $(per_cent "$b0" "$b1")% of one core"
api -d '{"status":"ended"}' "$url/api/v1/events/$id/status" >/dev/null
sleep 2

# The peer: ffmpeg doing the same picture work on the same two streams read in real time from the files (-re; two
# live SRT inputs stall ffmpeg's reading of the first while it opens the second), overlaying and encoding with the
# same settings and writing HLS with one-second segments. Receiving SRT costs little beside this (the passthrough
# figure above includes it).
mkdir -p "$work/ffmpeg-hls"
ffmpeg -hide_banner -loglevel error -re -stream_loop -1 -i "$work/main.ts" -re -stream_loop -1 -i "$work/inset.ts" -t $((seconds + 10)) \
  -filter_complex "[1:v]scale=320:180[inset];[0:v][inset]overlay=x=W-w-32:y=H-h-32" -map 0:a -c:a copy \
  -c:v libx264 -preset veryfast -tune zerolatency -g 25 -b:v 2304k -f hls -hls_time 1 -hls_playlist_type event \
  "$work/ffmpeg-hls/index.m3u8" &
peer=$!
sleep 5
p0=$(cpu_ticks $peer); sleep "$seconds"; p1=$(cpu_ticks $peer)
echo "ffmpeg overlay to HLS (peer): $(per_cent "$p0" "$p1")% of one core"
