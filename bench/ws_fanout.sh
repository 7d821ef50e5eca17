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
source bench/live_event.sh
rss() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }

start_server_with_live_event "$work"

echo "== OpenHall gateway (port $ws, event $event): $viewers viewers, $askers askers, $rate asks/s for $seconds s"
tck=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# The CPU of the server's threads named $2 (core/base/thread_name.hpp), in clock ticks.
thread_cpu() { for t in /proc/$1/task/*; do [[ $(cat "$t/comm") == "$2" ]] && awk '{print $14 + $15}' "$t/stat"; done | awk '{s += $1} END {print s + 0}'; }
c0=$(cpu $server)
OPENHALL_BENCH_RSS_BEFORE=$(rss $server) build/bin/ws_load --port "$ws" --event "$event" --viewers "$viewers" \
  --askers "$askers" --approvals 30 --ask-rate "$rate" --ask-seconds "$seconds" --server-pid $server --cpu-pids $server \
  --cookie "openhall_session=$mod_cookie" --label openhall
echo "openhall: server CPU $(( ($(cpu $server) - c0) * 1000 / tck )) ms, of which the question writer (storing, look-alikes) $(( $(thread_cpu $server oh-writer) * 1000 / tck )) ms; $(curl -s "$api/metrics" | grep -E '^openhall_question_writer_(jobs|commits)_total' | tr '\n' ' ')"
echo "openhall: stored questions: $(curl -s -b "$work/jar-bench" "$api/api/v1/events/$event/questions?status=pending" | grep -o '"id":' | wc -l)"
kill $server; wait $server 2>/dev/null || true

echo "== Node.js ws peer: same generator, same parameters"
node bench/ws_peer.mjs 0 >"$work/peer.out" &
peer=$!
for _ in $(seq 100); do [[ -s "$work/peer.out" ]] && break; sleep 0.1; done
peer_port=$(sed -n 's/^listening ws:\/\/[0-9.]*:\([0-9]*\)$/\1/p' "$work/peer.out")
c0=$(cpu $peer)
OPENHALL_BENCH_RSS_BEFORE=$(rss $peer) build/bin/ws_load --port "$peer_port" --event 1 --viewers "$viewers" \
  --askers "$askers" --approvals 30 --ask-rate "$rate" --ask-seconds "$seconds" --server-pid $peer --cpu-pids $peer --label node-ws
echo "node-ws: server CPU $(( ($(cpu $peer) - c0) * 1000 / tck )) ms"
