#!/usr/bin/env bash
# Gateways on Redis under load (issue 16), beside a Node.js `ws` + `ioredis` peer (bench/ws_redis_peer.mjs) with
# the same number of processes on the same redis-server, driven by the same generator (bench/ws_load.cpp):
#   OpenHall: openhall serve --redis (stores in SQLite, holds no viewers) + GATEWAYS × openhall gateway;
#   peer:     node ws_redis_peer.mjs server (stores nothing) + GATEWAYS × node ws_redis_peer.mjs gateway.
# Figures: viewers held and memory per viewer; fan-out from an approval to every viewer on every gateway (p50/p99
# of all deliveries and of the last viewer per round); durable asks per second with ask→ack p50/p99 (Redis with
# appendfsync always); CPU of the serving processes (server, gateways, Redis) while connecting, per fan-out and
# during the asks.
# Usage: bench/ws_redis_fanout.sh [VIEWERS] [ASK_RATE] [ASK_SECONDS] [GATEWAYS]    e.g. 50000 2000 10 3
# One process holds at most ~19,900 connections here, so the viewers come from several generator processes
# (ws_load --mode viewers, at most 16,700 each) and the askers and staff from one more (--mode driver).
# Loopback only; every process is stopped at the end.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
viewers=${1:-50000}
rate=${2:-2000}
seconds=${3:-10}
gateways=${4:-3}
askers=${ASKERS:-200}
rounds=${ROUNDS:-30}
./dev build >/dev/null
ulimit -n "$(ulimit -Hn)"
work=$(mktemp -d)
cleanup() { kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
bin=build/bin/openhall
load=build/bin/ws_load
source bench/live_event.sh
tck=$(getconf CLK_TCK)
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
cpu_ms() { local t=0 p; for p in "$@"; do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done; echo $((t * 1000 / tck)); }
rss_mb() { local t=0 p; for p in "$@"; do t=$((t + $(awk '/VmRSS/ {print $2}' "/proc/$p/status"))); done; echo $((t / 1024)); }
wait_line() {  # wait_line FILE PATTERN: until FILE has a line matching PATTERN (at most 10 minutes: 50,000 connections from one machine take a few)
  for _ in $(seq 6000); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "timed out waiting for '$2' in $1" >&2; return 1
}
ws_port_of() { sed -n 's/^listening ws:\/\/[0-9.]*:\([0-9]*\)$/\1/p' "$1"; }

redis_port=$(free_port)
mkdir -p "$work/redis"
redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$work/redis" --appendonly yes --appendfsync always \
  --save '' >"$work/redis.log" &
redis=$!
for _ in $(seq 100); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
redis_url=redis://127.0.0.1:$redis_port
per_generator=16700
generators=$(( (viewers + per_generator - 1) / per_generator ))

# run LABEL EVENT COOKIE SERVER_PID GATEWAY_PIDS PORTS: the generators against one set of serving processes.
run() {
  local label=$1 event=$2 cookie=$3 server=$4 gateway_pids=$5 ports=$6
  local serving="$server $gateway_pids $redis"
  local each0=(); local p; for p in $serving; do each0+=("$(cpu_ms "$p")"); done
  local base_rss; base_rss=$(rss_mb $serving)
  local c0; c0=$(cpu_ms $serving)
  local t0; t0=$(date +%s.%N)
  local pids=() i n
  for ((i = 0; i < generators; i++)); do
    n=$(( viewers / generators + (i < viewers % generators ? 1 : 0) ))
    $load --mode viewers --ports "$ports" --event "$event" --viewers "$n" --receipts "$work/receipts-$label-$i" \
      --source "127.0.0.$((i + 2))" \
      --label "$label-viewers-$i" >"$work/gen-$label-$i.out" 2>&1 &
    pids+=($!)
  done
  for ((i = 0; i < generators; i++)); do wait_line "$work/gen-$label-$i.out" 'viewers held'; done
  local c1; c1=$(cpu_ms $serving)
  local held; held=$(cat "$work"/gen-"$label"-*.out | sed -n 's/.*viewers held \([0-9]*\) of.*/\1/p' | paste -sd+ | bc)
  local rss; rss=$(rss_mb $serving)
  echo "$label: viewers held $held of $viewers in $(printf '%.1f' "$(echo "$(date +%s.%N) - $t0" | bc)") s;" \
    "serving RSS $base_rss -> $rss MB = $(echo "scale=1; ($rss - $base_rss) * 1024 / $held" | bc) kB per viewer;" \
    "CPU while connecting $((c1 - c0)) ms = $(echo "scale=1; ($c1 - c0) * 1000 / $held" | bc) µs per viewer"
  local args=(--mode driver --ports "$ports" --event "$event" --askers "$askers" --approvals "$rounds"
    --ask-rate "$rate" --ask-seconds "$seconds" --round-ms 1500 --approvals-out "$work/approvals-$label"
    --cpu-pids "$(tr ' ' ',' <<<"$serving" | tr -s ,)" --label "$label")
  [[ -n $cookie ]] && args+=(--cookie "$cookie")
  $load "${args[@]}" | tee "$work/driver-$label.out"
  kill -TERM "${pids[@]}"
  wait "${pids[@]}" 2>/dev/null || true
  $load --merge "$label" "$work/approvals-$label" "$work"/receipts-"$label"-*
  local fanout_cpu; fanout_cpu=$(sed -n 's/.*CPU during fan-out: \([0-9]*\) ms/\1/p' "$work/driver-$label.out")
  echo "$label: fan-out CPU per viewer and approval: $(echo "scale=2; $fanout_cpu * 1000 / ($held * $rounds)" | bc) µs" \
    "($fanout_cpu ms for $rounds approvals to $held viewers, including the asks of the rounds and the 1.5 s between rounds)"
  local k=0 each=""; for p in $serving; do each+="$(( $(cpu_ms "$p") - each0[k] )) "; k=$((k + 1)); done
  echo "$label: CPU ms of each serving process over the run (server, gateways, redis): $each"
}

echo "== OpenHall: serve --redis + $gateways gateways, $viewers viewers ($generators generators), $askers askers," \
  "$rate asks/s for $seconds s, Redis $redis_url (appendfsync always)"
start_server_with_live_event "$work" --redis "$redis_url"
gateway_pids=() ports=()
for ((i = 0; i < gateways; i++)); do
  $bin gateway --redis "$redis_url" --host 127.0.0.1 --ws-port 0 --server "$api" "${ask_limits_off[@]}" \
    >"$work/gw-$i.out" 2>"$work/gw-$i.log" &
  gateway_pids+=($!)
  wait_line "$work/gw-$i.out" '^listening ws'
  ports+=("$(ws_port_of "$work/gw-$i.out")")
done
run openhall "$event" "openhall_session=$mod_cookie" "$server" "${gateway_pids[*]}" "$(IFS=,; echo "${ports[*]}")"
acked=$(sed -n 's/.* \([0-9]*\) acked in .*/\1/p' "$work/driver-openhall.out")
stored_now() { curl -s -b "$work/jar-bench" "$api/api/v1/events/$event/questions?status=pending" | grep -o '"id":' | wc -l; }
stored=-1
for _ in $(seq 60); do  # until the server has stored what Redis holds (it stops changing)
  now=$(stored_now); [[ $now == "$stored" ]] && break; stored=$now; sleep 1
done
echo "openhall: stored questions: $stored; acknowledged asks: $acked (+ $rounds fan-out questions, approved)"
kill "${gateway_pids[@]}" "$server"
wait "${gateway_pids[@]}" "$server" 2>/dev/null || true
redis-cli -p "$redis_port" flushall >/dev/null

echo "== peer: node ws_redis_peer.mjs server + $gateways gateways (ws $(node -p "require('./node_modules/ws/package.json').version"), ioredis $(node -p "require('./node_modules/ioredis/package.json').version"), Node.js $(node --version)) on the same Redis"
node bench/ws_redis_peer.mjs server "$redis_url" >"$work/peer-server.out" 2>&1 &
peer_server=$!
wait_line "$work/peer-server.out" '^reading'
peer_pids=() peer_ports=()
for ((i = 0; i < gateways; i++)); do
  node bench/ws_redis_peer.mjs gateway 0 "$redis_url" >"$work/peer-gw-$i.out" 2>&1 &
  peer_pids+=($!)
  wait_line "$work/peer-gw-$i.out" '^listening ws'
  peer_ports+=("$(ws_port_of "$work/peer-gw-$i.out")")
done
run node-redis 1 "peer_staff=1" "$peer_server" "${peer_pids[*]}" "$(IFS=,; echo "${peer_ports[*]}")"
echo "node-redis: asks on the commands stream: $(redis-cli -p "$redis_port" xlen peer:commands)"
