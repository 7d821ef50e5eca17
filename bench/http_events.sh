#!/usr/bin/env bash
# HTTP benchmark: requests per second and latency of GET /api/v1/events (the demo's events) and /healthz,
# beside nginx serving the same JSON bytes as a static file, measured in the same run; and cold start time.
# Usage: bench/http_events.sh [SECONDS] [CONNECTIONS]   (loopback only; bounded in time)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
duration=${1:-10}
connections=${2:-64}

for tool in wrk nginx; do
  command -v "$tool" >/dev/null || command -v "/usr/sbin/$tool" >/dev/null || {
    echo "bench: installing $tool"; apt-get install -y -qq --no-install-recommends wrk nginx-light >/dev/null; }
done
./dev build >/dev/null

work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; [[ -f $work/nginx.pid ]] && kill "$(cat "$work/nginx.pid")" 2>/dev/null; rm -rf "$work"' EXIT

# Cold start: from exec to the "listening" line, on a fresh data directory (migrations and demo seeding included)
# and again on the now-existing one.
cold_start() {
  local start end
  start=$(date +%s%N)
  build/bin/openhall serve --data "$work/data" --demo --host 127.0.0.1 --http-port 0 --ws-port 0 \
    >"$work/out" 2>"$work/err" &
  local pid=$!
  until grep -q listening "$work/out" 2>/dev/null; do sleep 0.002; done
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
  kill -TERM $pid; wait $pid || true
}
fresh_ms=$(cold_start)
warm_ms=$(cold_start)

build/bin/openhall serve --data "$work/data" --demo --host 127.0.0.1 --http-port 0 --ws-port 0 \
  >"$work/out" 2>/dev/null &
until grep -q listening "$work/out"; do sleep 0.01; done
url=$(sed -nE 's/^listening (http:.*)/\1/p' "$work/out" | head -1)

# The peer: nginx with the very same body as a static file.
mkdir -p "$work/www"
curl -s "$url/api/v1/events" >"$work/www/events.json"
port=$((20000 + RANDOM % 20000))
cat >"$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  server { listen 127.0.0.1:$port; root $work/www; location / { default_type application/json; } }
}
CONF
/usr/sbin/nginx -c "$work/nginx.conf"

run() {  # run LABEL URL
  local out
  out=$(wrk -t2 -c"$connections" -d"${duration}s" --latency "$2")
  printf '%-28s %10s req/s   p50 %8s   p99 %8s\n' "$1" \
    "$(awk '/Requests\/sec/ {print $2}' <<<"$out")" \
    "$(awk '$1=="50%" {print $2}' <<<"$out")" \
    "$(awk '$1=="99%" {print $2}' <<<"$out")"
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r)"
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ); wrk -t2 -c$connections -d${duration}s; body $(wc -c <"$work/www/events.json") bytes"
echo "cold start to listening: fresh data dir ${fresh_ms} ms, existing ${warm_ms} ms"
run "openhall /api/v1/events" "$url/api/v1/events"
run "nginx static same body" "http://127.0.0.1:$port/events.json"
run "openhall /healthz" "$url/healthz"
echo "openhall resident memory after the runs: $(awk '/VmRSS/ {print $2, $3}' /proc/"$(pgrep -f "openhall serve --data $work/data")"/status)"
