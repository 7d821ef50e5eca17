# Sourced by the live-questions benchmarks: a server with a moderator and a scheduler, and one live event.
# start_server_with_live_event WORK [SERVE OPTIONS…] starts `openhall serve` on loopback (data in WORK/data, its
# output in WORK/out and WORK/log) with ask limits out of the way, and sets:
#   server (its pid), api (http://127.0.0.1:PORT), ws (its WebSocket port), event (the live event's id),
#   mod_cookie (the moderator's session cookie value); jars WORK/jar-bench and WORK/jar-sched.
ask_limits_off=(--viewer-ask-burst 1000000 --address-ask-burst 1000000)

start_server_with_live_event() {
  local work=$1; shift
  local bin=build/bin/openhall
  echo 'bench password 1' | $bin user add bench --role moderator --data "$work/data" >/dev/null
  echo 'bench password 1' | $bin user add sched --role scheduler --data "$work/data" >/dev/null
  $bin serve --data "$work/data" --host 127.0.0.1 --http-port 0 --ws-port 0 "${ask_limits_off[@]}" "$@" \
    >"$work/out" 2>"$work/log" &
  server=$!
  for _ in $(seq 300); do [[ $(wc -l <"$work/out") -ge 2 ]] && break; sleep 0.1; done
  api=http://127.0.0.1:$(sed -n 's/^listening http:\/\/[0-9.]*:\([0-9]*\)$/\1/p' "$work/out")
  ws=$(sed -n 's/^listening ws:\/\/[0-9.]*:\([0-9]*\)$/\1/p' "$work/out")
  local login body csrf
  for login in sched bench; do
    body=$(curl -s -c "$work/jar-$login" -H 'Content-Type: application/json' \
      -d "{\"username\":\"$login\",\"password\":\"bench password 1\"}" "$api/api/v1/session")
    [[ $login == sched ]] && csrf=$(sed 's/.*"csrf_token":"\([^"]*\)".*/\1/' <<<"$body")
  done
  mod_cookie=$(awk '/openhall_session/ {print $7}' "$work/jar-bench")
  local post=(curl -s -b "$work/jar-sched" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json')
  event=$("${post[@]}" -d '{"kind":"press_conference","title":"负载测试","starts_at":"2026-12-01T09:00:00+08:00","ends_at":"2026-12-01T10:00:00+08:00"}' \
    "$api/api/v1/events" | sed 's/.*"id":\([0-9]*\).*/\1/')
  "${post[@]}" -d '{"status":"scheduled"}' "$api/api/v1/events/$event/status" >/dev/null
  "${post[@]}" -d '{"status":"live"}' "$api/api/v1/events/$event/status" >/dev/null
}
