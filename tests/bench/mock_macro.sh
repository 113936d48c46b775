#!/usr/bin/env bash
# Macro benchmarks of the mock provider, as reported in docs/BENCHMARKS.md ("Mock provider").
# All traffic goes to 127.0.0.1; every run is bounded in time and stops by itself.
#
#   tests/bench/mock_macro.sh [baseline|rps|streams10k|lag1k|all]...     (default: all)
#
# Needs a Release chatbench ($CHATBENCH_BIN, default build/release/chatbench; build it with
# ./build.sh build release) and wrk (Debian package wrk). Uses taskset to put the mock on CPU 0
# and the load generator on CPU 1 when the machine has two or more.
set -euo pipefail
cd "$(dirname "$0")/../.."

BIN=${CHATBENCH_BIN:-build/release/chatbench}
DURATION=${DURATION:-10}
command -v wrk >/dev/null || { echo "mock_macro.sh: wrk is not installed (apt-get install wrk)" >&2; exit 2; }
[ -x "$BIN" ] || { echo "mock_macro.sh: no chatbench at $BIN (set CHATBENCH_BIN)" >&2; exit 2; }

tmp=$(mktemp -d)
MOCK_PID=
cleanup() {
  if [ -n "$MOCK_PID" ]; then kill -TERM "$MOCK_PID" 2>/dev/null || true; wait "$MOCK_PID" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

if [ "$(nproc)" -ge 2 ]; then MOCK_CPU=(taskset -c 0); LOAD_CPU=(taskset -c 1); else MOCK_CPU=(); LOAD_CPU=(); fi

# start_mock ARGS...: runs the mock on an ephemeral port and sets PORT and MOCK_PID.
start_mock() {
  "${MOCK_CPU[@]}" "$BIN" mock --listen 127.0.0.1:0 "$@" >"$tmp/mock.out" 2>&1 &
  MOCK_PID=$!
  for _ in $(seq 100); do
    PORT=$(sed -n 's|^listening on http://127.0.0.1:\([0-9]*\)$|\1|p' "$tmp/mock.out")
    [ -n "$PORT" ] && return 0
    sleep 0.05
  done
  echo "mock did not start: $(cat "$tmp/mock.out")" >&2
  exit 1
}

stop_mock() {
  kill -TERM "$MOCK_PID"
  wait "$MOCK_PID" || true
  MOCK_PID=
}

# post_lua STREAM: a wrk script that POSTs a chat completion.
post_lua() {
  cat >"$tmp/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"model":"m","messages":[{"role":"user","content":"Benchmark the mock, please."}],"stream":$1}'
LUA
}

stats() { curl -s "http://127.0.0.1:$PORT/stats"; }
rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$MOCK_PID/status"; }
hwm_kib() { awk '/^VmHWM/ {print $2}' "/proc/$MOCK_PID/status"; }

bench_rps() {
  echo "== non-streaming requests/s, mock on one core (1 thread), wrk -t1 -c64, ${DURATION}s"
  start_mock --threads 1 --output-tokens 16
  post_lua false
  "${LOAD_CPU[@]}" wrk -t1 -c64 -d2s -s "$tmp/post.lua" "http://127.0.0.1:$PORT/v1/chat/completions" >/dev/null
  "${LOAD_CPU[@]}" wrk -t1 -c64 -d"${DURATION}s" --latency -s "$tmp/post.lua" \
    "http://127.0.0.1:$PORT/v1/chat/completions" | grep -E "Requests/sec|Latency|50%|99%|requests in|Non-2xx"
  echo "mock: $(stats)"
  stop_mock
}

bench_streams10k() {
  echo "== 10,000 concurrent open streams (ttft 1s, itl 1s, 30 tokens: 30 s streams), memory"
  start_mock --threads 1 --ttft 1s --itl 1s --output-tokens 30
  local base
  base=$(rss_kib)
  post_lua true
  "${LOAD_CPU[@]}" wrk -t1 -c10000 -d20s --timeout 60s -s "$tmp/post.lua" \
    "http://127.0.0.1:$PORT/v1/chat/completions" >"$tmp/wrk.out" 2>&1 &
  local wrk_pid=$!
  local active=0
  for _ in $(seq 30); do
    sleep 1
    active=$(stats | sed -n 's/.*"active":\([0-9]*\).*/\1/p')
    [ "${active:-0}" -ge 10000 ] && break
  done
  sleep 2
  local rss
  rss=$(rss_kib)
  echo "open streams: $(stats | sed -n 's/.*"active":\([0-9]*\).*/\1/p')"
  echo "mock RSS: idle ${base} KiB, with the streams ${rss} KiB (peak $(hwm_kib) KiB);" \
       "$(( (rss - base) * 1024 / (active > 0 ? active : 1) )) bytes per open stream"
  echo "mock: $(stats)"
  kill -INT "$wrk_pid" 2>/dev/null || true
  wait "$wrk_pid" 2>/dev/null || true
  stop_mock
}

bench_lag1k() {
  # Streams start over 450 ms (uniform TTFT), so their emissions spread over the ITL period as
  # a real server's would, instead of arriving in lock-step from wrk's simultaneous connects.
  local itl
  for itl in 50ms 20ms; do
    echo "== emission lag at 1,000 concurrent streams (itl $itl, 100 tokens), ${DURATION}s"
    start_mock --threads 1 --ttft uniform:50ms,500ms --itl "$itl" --output-tokens 100
    post_lua true
    "${LOAD_CPU[@]}" wrk -t1 -c1000 -d"${DURATION}s" --timeout 30s -s "$tmp/post.lua" \
      "http://127.0.0.1:$PORT/v1/chat/completions" | grep -E "requests in"
    echo "mock: $(stats)"
    echo "mock CPU: $(ps -o pcpu= -p "$MOCK_PID")% of one core (average over its life);" \
         "load average $(cut -d' ' -f1-3 /proc/loadavg)"
    stop_mock
    grep -E "stopped" "$tmp/mock.out" || true
  done
}

bench_baseline() {
  # The machine's own timer wake-up lag on CPU 0, without the mock: the floor under any
  # emission-lag figure (Python adds a few microseconds).
  echo "== baseline: timer wake-up lag of a bare process on CPU 0 (2,000 sleeps of 2 ms)"
  "${MOCK_CPU[@]}" python3 - <<'PY'
import time
n, period = 2000, 2_000_000
lags = []
due = time.monotonic_ns()
for _ in range(n):
    due += period
    time.sleep(max(0, due - time.monotonic_ns()) / 1e9)
    lags.append(time.monotonic_ns() - due)
lags.sort()
us = lambda q: lags[min(n - 1, int(q * n))] // 1000
print(f"p50 {us(0.5)} us, p90 {us(0.9)} us, p99 {us(0.99)} us, max {lags[-1] // 1000} us")
PY
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
}

[ $# -gt 0 ] || set -- all
for what in "$@"; do
  case "$what" in
  baseline) bench_baseline ;;
  rps) bench_rps ;;
  streams10k) bench_streams10k ;;
  lag1k) bench_lag1k ;;
  all) bench_baseline; bench_rps; bench_streams10k; bench_lag1k ;;
  *) sed -n '2,9p' "$0"; exit 2 ;;
  esac
done
