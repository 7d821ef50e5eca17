#!/usr/bin/env bash
# Soak (not run by ./dev test): an SRT event whose publisher is killed (SIGKILL) every 10 minutes and back 5 s later,
# and an RTSP camera event beside it, for HOURS. Every minute: the server's resident memory, open files and threads,
# and each event's state and segment count (they should stay flat, and keep growing). At the end both events are
# ended and every segment is checked (a video keyframe first, decodes with ffmpeg -v error silent), the playlists
# against RFC 8216's rules, and each MP4 must decode cleanly and last as long as its event was live.
# Usage: bench/stream_soak.sh HOURS [OUT_DIR]    (OUT_DIR keeps samples.csv, summary.txt and the server log)
# SOAK_BIN_DIR=DIR soaks binaries copied there (openhall, rtsp_camera) instead of building build/bin, so the tree
# can be rebuilt while a soak runs.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
hours=${1:?usage: bench/stream_soak.sh HOURS [OUT_DIR]}
out=${2:-$(mktemp -d)}
mkdir -p "$out"
if [[ -z ${SOAK_BIN_DIR:-} ]]; then ./dev build >/dev/null; fi
bin_dir=${SOAK_BIN_DIR:-build/bin}
work=$(mktemp -d)
cleanup() { pkill -P $$ 2>/dev/null || true; kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
bin=$bin_dir/openhall
seconds=$(python3 -c "print(int(float('$hours') * 3600))")

echo 'soak password' | $bin user add soak --role scheduler --data "$work/data" >/dev/null
$bin serve --data "$work/data" --host 127.0.0.1 --http-port 0 --ws-port 0 --srt-ports 19800-19809 \
  >"$work/listening" 2>"$out/server.log" &
server=$!
for _ in $(seq 400); do grep -q 'listening http' "$work/listening" 2>/dev/null && break; sleep 0.05; done
grep -q 'listening http' "$work/listening" || { echo "the server did not start"; exit 1; }
url=$(sed -nE 's/^listening (http:.*)/\1/p' "$work/listening")
curl -s -c "$work/jar" -H 'content-type: application/json' -d '{"username":"soak","password":"soak password"}' \
  "$url/api/v1/session" >"$work/session.json"
csrf=$(python3 -c "import json,sys;print(json.load(open(sys.argv[1]))['csrf_token'])" "$work/session.json")
api() { curl -s -b "$work/jar" -H "X-CSRF-Token: $csrf" -H 'content-type: application/json' "$@"; }
json() { python3 -c "import json,sys;d=json.load(sys.stdin);print($1)"; }
new_live_event() { # new_live_event SOURCE_JSON → prints "ID INGEST_URL"
  local id ingest
  id=$(api -d '{"kind":"press_conference","title":"soak","starts_at":"2026-11-25T09:00:00+08:00","ends_at":"2026-11-25T10:00:00+08:00"}' \
    "$url/api/v1/events" | json "d['id']")
  ingest=$(api -X PUT -d "$1" "$url/api/v1/events/$id/stream" | json "d['ingest_url'] or '-'")
  api -d '{"status":"scheduled"}' "$url/api/v1/events/$id/status" >/dev/null
  api -d '{"status":"live"}' "$url/api/v1/events/$id/status" >/dev/null
  echo "$id $ingest"
}

camera_port=$(python3 -c "import socket;s=socket.socket();s.bind(('127.0.0.1',0));print(s.getsockname()[1])")
"$bin_dir/rtsp_camera" "$camera_port" >"$work/camera" &
for _ in $(seq 400); do [[ -s $work/camera ]] && break; sleep 0.05; done
[[ -s $work/camera ]] || { echo "the RTSP camera did not start"; exit 1; }
read -r srt_id ingest < <(new_live_event '{"source":"srt"}')
read -r rtsp_id _ < <(new_live_event "{\"source\":\"rtsp\",\"url\":\"$(cat "$work/camera")\"}")

# The SRT publisher: 640×360 H.264 with B-frames and AAC, killed every 10 minutes and back 5 s later.
(
  while true; do
    ffmpeg -hide_banner -loglevel quiet -re -f lavfi -i testsrc2=size=640x360:rate=25 -f lavfi -i sine=sample_rate=48000 \
      -c:v libx264 -preset veryfast -g 50 -c:a aac -ac 2 -f mpegts "$ingest&pkt_size=1316" &
    publisher=$!
    sleep 600
    kill -9 $publisher 2>/dev/null || true
    wait $publisher 2>/dev/null || true
    sleep 5
  done
) &

state() { api "$url/api/v1/events/$1/stream" | json "(d['health'] or {}).get('state')"; }
count() { curl -s "$url/media/$1/index.m3u8" | grep -c '^#EXTINF' || true; }
echo "minute,rss_kb,open_files,threads,srt_state,srt_segments,rtsp_state,rtsp_segments" >"$out/samples.csv"
started=$(date +%s)
minute=0
while (($(date +%s) - started < seconds)); do
  sleep 60
  minute=$((minute + 1))
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$server/status")
  files=$(ls "/proc/$server/fd" | wc -l)
  threads=$(awk '/Threads/ {print $2}' "/proc/$server/status")
  echo "$minute,$rss,$files,$threads,$(state $srt_id),$(count $srt_id),$(state $rtsp_id),$(count $rtsp_id)" >>"$out/samples.csv"
done
ended_at=$(date +%s.%N)
for id in $srt_id $rtsp_id; do api -d '{"status":"ended"}' "$url/api/v1/events/$id/status" >/dev/null; done
for id in $srt_id $rtsp_id; do
  for _ in $(seq 300); do  # up to 10 minutes for the recording
    [[ $(api "$url/api/v1/events/$id/stream" | json "d['recording']['state']") != writing ]] && break; sleep 2
  done
done

python3 - "$work/data/media" "$srt_id" "$rtsp_id" "$ended_at" "$out/samples.csv" <<'PY' | tee "$out/summary.txt"
import concurrent.futures, csv, datetime, json, os, subprocess, sys
media, ids, ended_at, samples = sys.argv[1], sys.argv[2:4], float(sys.argv[4]), sys.argv[5]
rows = list(csv.DictReader(open(samples)))
def spread(key):
    values = [int(r[key]) for r in rows]
    return f"{values[0]} → {values[-1]} (min {min(values)}, max {max(values)})" if values else "-"
print(f"minutes sampled: {len(rows)}")
print(f"resident memory kB (first → last): {spread('rss_kb')}")
print(f"open files: {spread('open_files')}; threads: {spread('threads')}")
for name, id in zip(["srt", "rtsp"], ids):
    folder = os.path.join(media, id)
    lines = open(os.path.join(folder, "index.m3u8")).read().splitlines()
    targets = {l for l in lines if l.startswith("#EXT-X-TARGETDURATION")}
    durations, uris, first_pdt = [], [], None
    for i, l in enumerate(lines):
        if l.startswith("#EXT-X-PROGRAM-DATE-TIME:") and first_pdt is None:
            first_pdt = datetime.datetime.fromisoformat(l.split(":", 1)[1].replace("Z", "+00:00")).timestamp()
        if l.startswith("#EXTINF:"):
            durations.append(float(l[8:].rstrip(",")))
            uris.append(lines[i + 1])
    over = sum(1 for d in durations if round(d) > 2)
    def is_bad(uri):
        path = os.path.join(folder, uri)
        probe = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "frame=key_frame",
                                "-read_intervals", "%+#1", "-of", "csv=p=0", path], capture_output=True, text=True)
        decode = subprocess.run(["ffmpeg", "-v", "error", "-i", path, "-f", "null", "-"], capture_output=True, text=True)
        return not probe.stdout.startswith("1") or bool(decode.stderr.strip())
    with concurrent.futures.ThreadPoolExecutor(os.cpu_count()) as pool:  # thousands of segments: every core
        bad = [uri for uri, b in zip(uris, pool.map(is_bad, uris)) if b]
    mp4 = os.path.join(folder, f"{id}.mp4")
    decode = subprocess.run(["ffmpeg", "-v", "error", "-i", mp4, "-f", "null", "-"], capture_output=True, text=True)
    length = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", mp4],
                            capture_output=True, text=True).stdout.strip()
    published = ended_at - first_pdt
    print(f"{name}: {len(uris)} segments, target durations {sorted(targets)}, {over} over the target, "
          f"{lines.count('#EXT-X-DISCONTINUITY')} discontinuities, {len(bad)} bad {bad[:5]}; "
          f"playlist {sum(durations):.1f} s; MP4 {length} s for {published:.1f} s live; "
          f"MP4 decode errors: {len(decode.stderr.strip().splitlines())}")
PY
kill -TERM $server
wait $server 2>/dev/null || true
echo "samples: $out/samples.csv"
