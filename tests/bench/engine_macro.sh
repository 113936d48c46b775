#!/usr/bin/env bash
# Macro benchmarks of the load engine, as reported in docs/BENCHMARKS.md ("Engine"): chatbench
# side by side with the bare libcurl-multi reference loop, wrk and h2load, in one run, against
# nginx on loopback. All traffic goes to 127.0.0.1; every run stops by itself.
#
#   tests/bench/engine_macro.sh [rps|pacing|all]...     (default: all)
#
#   rps     64 non-streamed POSTs in flight for $DURATION s per client, one client thread on
#           CPU 0, nginx (one worker) on CPU 1: requests/s and CPU time per request
#   pacing  an open loop at 5,000 requests/s for $DURATION s: send lag (actual - intended), with
#           the worker sleeping between sends (runs 1-3) and with load.busy_wait=5ms (busy-1..3)
#
# Needs: a Release chatbench ($CHATBENCH_BIN, default build/release/chatbench), the reference
# loop ($BARE_BIN, default build/bench/bench/bare_curl_loop: cmake --preset bench && cmake
# --build --preset bench --target bare_curl_loop), nginx, wrk, h2load (Debian: nginx wrk
# nghttp2-client), GNU time and python3 (to read report.json).
set -euo pipefail
cd "$(dirname "$0")/../.."

BIN=${CHATBENCH_BIN:-build/release/chatbench}
BARE=${BARE_BIN:-build/bench/bench/bare_curl_loop}
DURATION=${DURATION:-5}
for tool in nginx wrk h2load python3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "engine_macro.sh: $tool is missing" >&2; exit 2; }
done
[ -x "$BIN" ] || { echo "engine_macro.sh: no chatbench at $BIN (set CHATBENCH_BIN)" >&2; exit 2; }
[ -x "$BARE" ] || { echo "engine_macro.sh: no bare_curl_loop at $BARE (set BARE_BIN)" >&2; exit 2; }

tmp=$(mktemp -d)
NGINX_PID=
cleanup() {
  if [ -n "$NGINX_PID" ]; then kill -QUIT "$NGINX_PID" 2>/dev/null || true; wait "$NGINX_PID" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

if [ "$(nproc)" -ge 2 ]; then SERVER_CPU=(taskset -c 1); CLIENT_CPU=(taskset -c 0); else SERVER_CPU=(); CLIENT_CPU=(); fi

ANSWER='{"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"Latency hides in tails; measure from intent, not send."},"finish_reason":"stop"}],"usage":{"prompt_tokens":14,"completion_tokens":12,"total_tokens":26}}'
BODY='{"model":"m","messages":[{"role":"user","content":"Write a haiku about latency."}]}'
printf '%s' "$BODY" >"$tmp/body.json"

start_nginx() {
  PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  cat >"$tmp/nginx.conf" <<CONF
daemon off; worker_processes 1; pid $tmp/nginx.pid; error_log $tmp/error.log;
events { worker_connections 4096; }
http {
  access_log off; keepalive_requests 10000000; keepalive_timeout 60s;
  client_body_temp_path $tmp; proxy_temp_path $tmp; fastcgi_temp_path $tmp;
  uwsgi_temp_path $tmp; scgi_temp_path $tmp;
  server {
    listen 127.0.0.1:$PORT;
    location = /v1/chat/completions { default_type application/json; return 200 '$ANSWER'; }
  }
}
CONF
  "${SERVER_CPU[@]}" nginx -c "$tmp/nginx.conf" -p "$tmp" &
  NGINX_PID=$!
  for _ in $(seq 100); do
    curl -s -o /dev/null "http://127.0.0.1:$PORT/v1/chat/completions" && return 0
    sleep 0.05
  done
  echo "nginx did not start: $(cat "$tmp/error.log")" >&2
  exit 1
}

URL() { echo "http://127.0.0.1:$PORT/v1/chat/completions"; }

# cpu_of FILE: user + system seconds from GNU time's "%U %S %M" line.
cpu_of() { awk '{print $1 + $2}' "$1"; }
rss_of() { awk '{print $3}' "$1"; }

row() { # name requests seconds cpu_s rss_kib
  python3 - "$@" <<'PY'
import sys
name, n, secs, cpu, rss = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
print(f"| {name} | {n:,} | {n / secs:,.0f} | {cpu:.2f} | {cpu / max(n, 1) * 1e6:.1f} | {int(rss) // 1024} |")
PY
}

bench_rps() {
  echo "### rps: 64 in flight, ${DURATION}s each, client on CPU 0, nginx on CPU 1 (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
  echo
  echo "| client | requests | requests/s | CPU s | CPU µs/request | max RSS MiB |"
  echo "|---|---|---|---|---|---|"
  local out
  for rep in 1 2 3; do
    out=$(/usr/bin/time -f '%U %S %M' -o "$tmp/t" "${CLIENT_CPU[@]}" "$BARE" "$(URL)" -c 64 -d "$DURATION" --mode epoll --body "$tmp/body.json")
    row "bare_curl_loop (epoll) #$rep" "$(sed -n 's/.*requests=\([0-9]*\).*/\1/p' <<<"$out")" \
      "$(sed -n 's/.*seconds=\([0-9.]*\).*/\1/p' <<<"$out")" "$(cpu_of "$tmp/t")" "$(rss_of "$tmp/t")"
    for log in on off; do
      local extra=()
      [ "$log" = off ] && extra=(--no-requests-log)
      rm -rf "$tmp/cb"
      /usr/bin/time -f '%U %S %M' -o "$tmp/t" "${CLIENT_CPU[@]}" "$BIN" run --target "$(URL)" --provider openai \
        --model m -c 64 -d "${DURATION}s" --set load.workers=1 --quiet --out "$tmp/cb" "${extra[@]}" >/dev/null
      read -r n secs < <(python3 -c 'import json,sys; t=json.load(open(sys.argv[1]))["targets"][0]; print(t["requests"]["total"], t["duration"]["measured_s"])' "$tmp/cb/report.json")
      row "chatbench run (requests.jsonl $log) #$rep" "$n" "$secs" "$(cpu_of "$tmp/t")" "$(rss_of "$tmp/t")"
    done
    out=$(/usr/bin/time -f '%U %S %M' -o "$tmp/t" "${CLIENT_CPU[@]}" wrk -t1 -c64 -d"${DURATION}s" -s "$tmp/post.lua" "$(URL)")
    row "wrk #$rep" "$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' <<<"$out")" "$DURATION" "$(cpu_of "$tmp/t")" "$(rss_of "$tmp/t")"
    out=$(/usr/bin/time -f '%U %S %M' -o "$tmp/t" "${CLIENT_CPU[@]}" h2load --h1 -t1 -c64 -D "$DURATION" -d "$tmp/body.json" \
      -H 'Content-Type: application/json' "$(URL)")
    row "h2load --h1 #$rep" "$(sed -n 's/^requests: [0-9]* total, [0-9]* started, \([0-9]*\) done.*/\1/p' <<<"$out")" \
      "$DURATION" "$(cpu_of "$tmp/t")" "$(rss_of "$tmp/t")"
  done
  echo
}

bench_pacing() {
  echo "### pacing: open loop, 5,000 requests/s for ${DURATION}s, one worker on CPU 0 (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
  echo
  for rep in 1 2 3 busy-1 busy-2 busy-3; do
    local extra=()
    [[ $rep == busy-* ]] && extra=(--set load.busy_wait=5ms)
    rm -rf "$tmp/cb"
    "${CLIENT_CPU[@]}" "$BIN" run --target "$(URL)" --provider openai --model m --rate 5000/s \
      -d "${DURATION}s" --set load.workers=1 "${extra[@]}" --quiet --out "$tmp/cb" --no-requests-log >/dev/null
    python3 - "$tmp/cb/report.json" "$rep" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))["targets"][0]
lag = t["metrics"]["send_lag_ms"]
us = lambda ms: f"{ms * 1000:.0f} µs"
print(f"- #{sys.argv[2]}: {t['requests']['total']:,} requests, late sends {t['late_sends']}, send lag "
      f"p50 {us(lag['p50'])}, p90 {us(lag['p90'])}, p99 {us(lag['p99'])}, p99.9 {us(lag['p999'])}, "
      f"max {lag['max']:.2f} ms")
PY
  done
  echo
}

cat >"$tmp/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '$BODY'
LUA

start_nginx
[ $# -eq 0 ] && set -- all
for what in "$@"; do
  case "$what" in
  rps) bench_rps ;;
  pacing) bench_pacing ;;
  all) bench_rps; bench_pacing ;;
  *) echo "engine_macro.sh: unknown benchmark $what (rps, pacing, all)" >&2; exit 2 ;;
  esac
done
