#!/usr/bin/env bash
# Streaming benchmarks on loopback (bounded in time):
#  1. latency from a frame's capture to its segment being listed in the playlist (p50, p95);
#  2. CPU seconds per minute of one 720p30 3 Mbit/s passthrough event, beside `ffmpeg -c copy -f hls` reading
#     the same SRT input in the same run;
#  3. concurrent passthrough events: how many keep their segments in real time.
# Usage: bench/stream_passthrough.sh [SECONDS_PER_RUN] [CONCURRENCY_LIST]   e.g. 30 "5 10 20"
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
seconds=${1:-30}
levels=${2:-"5 10 20"}
./dev build >/dev/null
source bench/stream_server.sh  # work, its clean-up, cpu_ticks, start_stream_server, api

# The input: 720p30 H.264 at 3 Mbit/s with AAC, one keyframe a second, published as is (-c copy).
ffmpeg -hide_banner -loglevel error -f lavfi -i testsrc2=size=1280x720:rate=30 -f lavfi -i sine=sample_rate=48000 \
  -t 20 -c:v libx264 -preset veryfast -b:v 3M -maxrate 3M -bufsize 3M -g 30 -keyint_min 30 -sc_threshold 0 \
  -c:a aac -b:a 128k -f mpegts "$work/input.ts"
publish() { # publish URL SECONDS
  ffmpeg -hide_banner -loglevel error -re -stream_loop -1 -i "$work/input.ts" -t "$2" -c copy -f mpegts "$1" &
}

start_stream_server "$work" 19700-19799
new_live_event() { # prints "ID INGEST_URL"
  local id ingest
  id=$(api -d '{"kind":"press_conference","title":"bench","starts_at":"2026-11-25T09:00:00+08:00","ends_at":"2026-11-25T10:00:00+08:00"}' \
    "$url/api/v1/events" | python3 -c "import json,sys;print(json.load(sys.stdin)['id'])")
  ingest=$(api -X PUT -d '{"source":"srt"}' "$url/api/v1/events/$id/stream" | python3 -c "import json,sys;print(json.load(sys.stdin)['ingest_url'])")
  api -d '{"status":"scheduled"}' "$url/api/v1/events/$id/status" >/dev/null
  api -d '{"status":"live"}' "$url/api/v1/events/$id/status" >/dev/null
  echo "$id $ingest"
}
segments() { curl -s "$url/media/$1/index.m3u8" | grep -c '^#EXTINF' || true; }

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "input: 720p30 H.264 3 Mbit/s + AAC 128k, published with ffmpeg -re -c copy over SRT; ${seconds}s per run"

# 1 and 2: one event. Latency: each segment's last frame was captured at publisher start + its end in the
# recording (the publisher sends in real time); listed = when the playlist first shows it (polled every 20 ms).
read -r id ingest < <(new_live_event)
sleep 1
start_ns=$(date +%s%N)
publish "$ingest" $((2 * seconds))
python3 - "$url/media/$id/index.m3u8" "$start_ns" "$seconds" >"$work/latency.txt" <<'PY'
import sys, time, urllib.request
url, start_ns, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
seen, lat = set(), []
end = time.time() + seconds
while time.time() < end:
    try:
        text = urllib.request.urlopen(url, timeout=2).read().decode()
    except Exception:
        time.sleep(0.02); continue
    now_ns = time.time_ns()
    media_end, lines = 0.0, text.splitlines()
    for i, line in enumerate(lines):
        if line.startswith('#EXTINF:'):
            media_end += float(line[8:].rstrip(','))
            uri = lines[i + 1]
            if uri not in seen:
                seen.add(uri)
                if len(seen) > 2:  # the first segments include the connection set-up
                    lat.append((now_ns - start_ns) / 1e9 - media_end)
    time.sleep(0.02)
lat.sort()
if lat:
    print(f"{len(lat)} {lat[len(lat)//2]:.3f} {lat[int(len(lat)*0.95)]:.3f}")
PY
# CPU is measured over the second half, without the poller (the peer is not polled either).
t0=$(cpu_ticks $server); sleep "$seconds"; t1=$(cpu_ticks $server)
read -r n p50 p95 <"$work/latency.txt" || true
echo "latency capture -> listed (one-second segments): p50 ${p50}s, p95 ${p95}s over ${n} segments"
openhall_cpu=$(python3 -c "print(f'{($t1-$t0)/$tck*60/$seconds:.2f}')")
echo "openhall passthrough: ${openhall_cpu} CPU s per minute"
api -d '{"status":"ended"}' "$url/api/v1/events/$id/status" >/dev/null  # before its publisher stops and a slate starts

# The peer: ffmpeg remuxing the same SRT input to HLS with one-second segments.
mkdir -p "$work/ffmpeg-hls"
ffmpeg -hide_banner -loglevel error -i "srt://127.0.0.1:19698?mode=listener" -c copy -f hls -hls_time 1 \
  -hls_playlist_type event "$work/ffmpeg-hls/index.m3u8" &
peer=$!
sleep 1
publish "srt://127.0.0.1:19698" "$seconds"
p0=$(cpu_ticks $peer); sleep "$seconds"; p1=$(cpu_ticks $peer)
kill $peer 2>/dev/null || true
ffmpeg_cpu=$(python3 -c "print(f'{($p1-$p0)/$tck*60/$seconds:.2f}')")
echo "ffmpeg -c copy -f hls (peer): ${ffmpeg_cpu} CPU s per minute"

# 3: N events at once; an event keeps up when its recording grew by at least 90% of the wall time.
for n in $levels; do
  ids=()
  for _ in $(seq "$n"); do
    read -r id ingest < <(new_live_event)
    ids+=("$id")
    publish "$ingest" $((seconds + 10))
  done
  sleep 5
  declare -A before=()
  for id in "${ids[@]}"; do before[$id]=$(segments "$id"); done
  c0=$(cpu_ticks $server); sleep "$seconds"; c1=$(cpu_ticks $server)
  kept=0
  for id in "${ids[@]}"; do
    grown=$(( $(segments "$id") - before[$id] ))
    (( grown * 10 >= seconds * 9 )) && kept=$((kept + 1))
  done
  echo "concurrent events: $n, keeping up: $kept, server CPU $(python3 -c "print(f'{($c1-$c0)/$tck/$seconds*100:.0f}')")% of one core"
  for id in "${ids[@]}"; do api -d '{"status":"ended"}' "$url/api/v1/events/$id/status" >/dev/null; done
  wait_publishers=$(jobs -p | grep -v "^$server$" || true); [[ -n $wait_publishers ]] && kill $wait_publishers 2>/dev/null || true
  sleep 3
done
