#!/usr/bin/env bash
# The live-questions gateway under load, beside a minimal Node.js `ws` broadcast server (bench/ws_peer.mjs)
# driven by the same generator (bench/ws_load.cpp) in the same run:
#   connections held and memory per idle viewer; fan-out latency from an approval to every viewer (p50, p99);
#   durable asks per second with the ask->ack latency.
# Usage: bench/ws_fanout.sh [VIEWERS] [ASK_RATE] [ASK_SECONDS]    e.g. 10000 10000 10
# Loopback only; every process is stopped at the end. This machine allows 20,000 open files per process (the
# hard limit cannot be raised here), so one process holds at most about 19,900 connections.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
viewers=${1:-10000}
rate=${2:-10000}
seconds=${3:-10}
askers=${ASKERS:-200}
./dev build >/dev/null
ulimit -n "$(ulimit -Hn)"
work=$(mktemp -d)
cleanup() { kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
bin=build/bin/openhall
rss() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }

echo 'bench password 1' | $bin user add bench --role moderator --data "$work/data" >/dev/null
echo 'bench password 1' | $bin user add sched --role scheduler --data "$work/data" >/dev/null
$bin serve --data "$work/data" --host 127.0.0.1 --http-port 0 --ws-port 0 --viewer-ask-burst 1000000 \
  --address-ask-burst 1000000 >"$work/out" 2>"$work/log" &
server=$!
for _ in $(seq 100); do [[ $(wc -l <"$work/out") -ge 2 ]] && break; sleep 0.1; done
http=$(sed -n 's/^listening http:\/\/[0-9.]*:\([0-9]*\)$/\1/p' "$work/out")
ws=$(sed -n 's/^listening ws:\/\/[0-9.]*:\([0-9]*\)$/\1/p' "$work/out")
api=http://127.0.0.1:$http
session() {  # session USER → "cookie csrf"
  local body; body=$(curl -s -c "$work/jar-$1" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"bench password 1\"}" "$api/api/v1/session")
  echo "$(awk '/openhall_session/ {print $7}' "$work/jar-$1") $(sed 's/.*"csrf_token":"\([^"]*\)".*/\1/' <<<"$body")"
}
read -r _ sched_csrf <<<"$(session sched)"
read -r mod_cookie _ <<<"$(session bench)"
post() { curl -s -b "$work/jar-sched" -H "X-CSRF-Token: $sched_csrf" -H 'Content-Type: application/json' -d "$2" "$api$1"; }
event=$(post /api/v1/events '{"kind":"interview","title":"负载测试","starts_at":"2026-11-25T09:00:00+08:00","ends_at":"2026-11-25T10:00:00+08:00"}' | sed 's/.*"id":\([0-9]*\).*/\1/')
post "/api/v1/events/$event/status" '{"status":"scheduled"}' >/dev/null
post "/api/v1/events/$event/status" '{"status":"live"}' >/dev/null

echo "== OpenHall gateway (port $ws, event $event): $viewers viewers, $askers askers, $rate asks/s for $seconds s"
tck=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
c0=$(cpu $server)
OPENHALL_BENCH_RSS_BEFORE=$(rss $server) build/bin/ws_load --port "$ws" --event "$event" --viewers "$viewers" \
  --askers "$askers" --approvals 30 --ask-rate "$rate" --ask-seconds "$seconds" --server-pid $server \
  --cookie "openhall_session=$mod_cookie" --label openhall
echo "openhall: server CPU $(( ($(cpu $server) - c0) * 1000 / tck )) ms; $(curl -s "$api/metrics" | grep -E '^openhall_question_writer_(jobs|commits)_total' | tr '\n' ' ')"
echo "openhall: stored questions: $(curl -s -b "$work/jar-bench" "$api/api/v1/events/$event/questions?status=pending" | grep -o '"id":' | wc -l)"
kill $server; wait $server 2>/dev/null || true

echo "== Node.js ws peer: same generator, same parameters"
node bench/ws_peer.mjs 0 >"$work/peer.out" &
peer=$!
for _ in $(seq 100); do [[ -s "$work/peer.out" ]] && break; sleep 0.1; done
peer_port=$(sed -n 's/^listening ws:\/\/[0-9.]*:\([0-9]*\)$/\1/p' "$work/peer.out")
c0=$(cpu $peer)
OPENHALL_BENCH_RSS_BEFORE=$(rss $peer) build/bin/ws_load --port "$peer_port" --event 1 --viewers "$viewers" \
  --askers "$askers" --approvals 30 --ask-rate "$rate" --ask-seconds "$seconds" --server-pid $peer --label node-ws
echo "node-ws: server CPU $(( ($(cpu $peer) - c0) * 1000 / tck )) ms"
