#!/usr/bin/env bash
# Resident memory of the server across SRT encoder restarts (not run by ./dev test): an SRT event whose publisher
# is killed (SIGKILL) every 12 s and started again, COUNT times; prints the resident memory after each restart.
# Memory kept per restart grows linearly; an allocator high-water mark flattens. Usage: bench/stream_restarts.sh [COUNT]
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/.."
./dev build >/dev/null
B=build/bin/openhall; W=$(mktemp -d)
echo 'p password' | $B user add s --role scheduler --data $W/data >/dev/null
$B serve --data $W/data --host 127.0.0.1 --http-port 0 --ws-port 0 --srt-ports 19700-19709 > $W/listening 2>$W/log &
srv=$!
trap 'pkill -P $$ 2>/dev/null; kill $srv 2>/dev/null; rm -rf $W' EXIT
for _ in $(seq 200); do grep -q 'listening http' $W/listening 2>/dev/null && break; sleep 0.1; done
grep -q 'listening http' $W/listening || { echo "the server did not start:"; cat $W/log; exit 1; }
url=$(sed -nE 's/^listening (http:.*)/\1/p' $W/listening)
curl -s -c $W/jar -H 'content-type: application/json' -d '{"username":"s","password":"p password"}' $url/api/v1/session > $W/s.json
csrf=$(python3 -c "import json,sys;print(json.load(open(sys.argv[1]))['csrf_token'])" $W/s.json)
api() { curl -s -b $W/jar -H "X-CSRF-Token: $csrf" -H 'content-type: application/json' "$@"; }
id=$(api -d '{"kind":"press_conference","title":"t","starts_at":"2026-11-25T09:00:00+08:00","ends_at":"2026-11-25T10:00:00+08:00"}' $url/api/v1/events | python3 -c "import json,sys;print(json.load(sys.stdin)['id'])")
ingest=$(api -X PUT -d '{"source":"srt"}' $url/api/v1/events/$id/stream | python3 -c "import json,sys;print(json.load(sys.stdin)['ingest_url'])")
api -d '{"status":"scheduled"}' $url/api/v1/events/$id/status >/dev/null; api -d '{"status":"live"}' $url/api/v1/events/$id/status >/dev/null
for i in $(seq 1 ${1:-12}); do
  ffmpeg -hide_banner -loglevel quiet -re -f lavfi -i testsrc2=size=640x360:rate=25 -f lavfi -i sine=sample_rate=48000 -c:v libx264 -preset veryfast -g 50 -c:a aac -ac 2 -f mpegts "$ingest&pkt_size=1316" &
  p=$!; sleep 12; kill -9 $p; wait $p 2>/dev/null; sleep 2
  echo "restart $i rss $(awk '/VmRSS/{print $2}' /proc/$srv/status)"
done
