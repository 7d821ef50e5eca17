# Sourced by the streaming benchmarks (from the top of the repository): a working folder removed at exit with every
# child process stopped; cpu_ticks PID (its user + system CPU in clock ticks, tck a second); and `openhall serve` on
# loopback with a scheduler signed in.
work=$(mktemp -d)
cleanup() { pkill -P $$ 2>/dev/null || true; kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
tck=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# start_stream_server WORK FIRST-LAST starts it (data in WORK/data, its output in WORK/out, SRT ports FIRST-LAST) and
# sets server (its pid), url (http://127.0.0.1:PORT) and csrf; api ARGS… is curl with that session.
start_stream_server() {
  local work=$1 ports=$2 bin=build/bin/openhall
  echo 'password123' | $bin user add bench --role scheduler --data "$work/data" >/dev/null
  $bin serve --data "$work/data" --host 127.0.0.1 --http-port 0 --ws-port 0 --srt-ports "$ports" >"$work/out" 2>/dev/null &
  server=$!
  until grep -q listening "$work/out" 2>/dev/null; do sleep 0.05; done
  url=$(sed -nE 's/^listening (http:.*)/\1/p' "$work/out" | head -1)
  curl -s -c "$work/jar" -H 'content-type: application/json' -d '{"username":"bench","password":"password123"}' \
    "$url/api/v1/session" >"$work/session.json"
  csrf=$(python3 -c "import json,sys;print(json.load(open(sys.argv[1]))['csrf_token'])" "$work/session.json")
  bench_jar="$work/jar"
}
api() { curl -s -b "$bench_jar" -H "X-CSRF-Token: $csrf" -H 'content-type: application/json' "$@"; }
