#!/usr/bin/env bash
# The chatbench binary's documented exit codes and messages, as a user meets them.
#   tests/cli/exit_codes.sh PATH/TO/chatbench
set -uo pipefail
bin=$(realpath "$1")
cd "$(dirname "$0")/../.."
failures=0
checks=0

# expect CODE PATTERN -- ARGS...: runs chatbench ARGS, wants exit CODE and PATTERN (grep -E) in
# its combined output.
expect() {
  local code=$1 pattern=$2
  shift 3
  local out status
  out=$("$bin" "$@" 2>&1)
  status=$?
  checks=$((checks + 1))
  if [ "$status" -ne "$code" ] || ! grep -qE -- "$pattern" <<<"$out"; then
    failures=$((failures + 1))
    printf 'FAIL: chatbench %s\n  wanted exit %s and /%s/, got exit %s:\n%s\n' "$*" "$code" "$pattern" "$status" "$out"
  fi
}

expect 0 'validate' -- --help
expect 0 'Check scenario files' -- validate --help
expect 0 '^chatbench [0-9]+\.[0-9]+\.[0-9]+ \(.+\)' -- --version
expect 0 'libcurl [0-9.]+, TLS ' -- --version
expect 2 'A subcommand is required' --
expect 2 '^chatbench: unknown command "nosuch"; commands: "run", "check", "compare", "report", "validate" or "mock"' -- nosuch
expect 2 'unknown command "valdiate"; did you mean "validate"\?' -- valdiate x.json
expect 2 'The following argument was not expected: --bogus|--bogus' -- validate --bogus scenarios/quickstart.json
expect 0 'scenarios/quickstart.json: ok: ' -- validate scenarios/quickstart.json
expect 0 'compare.json: ok: 3 targets' -- validate scenarios/compare.json scenarios/quickstart.json
expect 2 'unknown key "laod"; did you mean "load"\?' -- validate tests/data/bad_scenarios/unknown_top_key.json
expect 2 '1 of 2 scenarios are invalid' -- validate scenarios/quickstart.json tests/data/bad_scenarios/bad_rate.json
expect 2 'does not exist|not exist' -- validate no/such/file.json
expect 2 '^--set load.rat=5: /load/rat: unknown key "rat"; did you mean "rate"\?' -- validate --set load.rat=5 scenarios/quickstart.json
expect 0 'closed loop, 32 concurrent' -- validate --set load.concurrency=32 scenarios/quickstart.json
expect 0 'Run a scenario' -- run --help
expect 2 'give a scenario file' -- run
expect 2 'unknown key "laod"' -- run tests/data/bad_scenarios/unknown_top_key.json
expect 2 '^chatbench run: --threshold: threshold "p95 < 1s"' -- run scenarios/quickstart.json --threshold 'p95 < 1s'
# Capacity flags: refused combinations and malformed values fail before anything runs.
expect 0 '--sweep TEXT +Capacity sweep: rate\|concurrency\[:LEVELS\]' -- run --help
expect 0 '--slo TEXT \.\.\. +With --sweep or --search' -- run --help
expect 2 '^chatbench run: --sweep and --search cannot be combined' -- run --target mock --sweep rate --search rate -c 4
expect 2 '^chatbench run: --sweep rate:2,x: /load/sweep/levels/1: expected a rate' -- run --target mock --sweep rate:2,x
expect 2 '^chatbench run: --sweep rat: /load/sweep/over: .*did you mean "rate"\?' -- run scenarios/quickstart.json --sweep rat
expect 2 '^chatbench run: --slo applies to a sweep or a search' -- run --target mock --slo 'ttft.p95 < 1s'
expect 2 '^chatbench run: --search concurrency: /load/sweep: missing required key "slo"' -- run --target mock --search concurrency
expect 2 '^chatbench run: --slo a:ttft.p95 < 1s: /load/sweep/slo/0: an SLO judges every target' -- run scenarios/quickstart.json --search rate --slo 'a:ttft.p95 < 1s'
expect 2 '^chatbench run: --concurrency cannot be combined with --sweep' -- run --target mock --sweep rate -c 4
expect 2 '^chatbench run: --requests cannot be combined with --search' -- run --target mock --search rate --slo 'error_rate < 1%' -n 5

out_dir=$(mktemp -d)
trap 'rm -rf "$out_dir"' EXIT
expect 0 'Probe each target' -- check --help
expect 2 'give a scenario file \(chatbench check' -- check
expect 2 '^chatbench check: --target builds a scenario from flags' -- check scenarios/quickstart.json --target mock
expect 0 'PASSED  [0-9]+ of [0-9]+ probes passed' -- check --target mock --out "$out_dir/mock"
expect 1 'FAILED  0 of [0-9]+ probes passed' -- check --target http://127.0.0.1:1 --model m --out "$out_dir/closed"

expect 0 'report: .*/r/report.json' -- run --target mock -n 2 --quiet --out "$out_dir/r"
expect 0 'PASSED  no metric got worse by more than 10.00%' -- compare --baseline "$out_dir/r/report.json" "$out_dir/r/report.json"
expect 0 'throughput.requests_per_s' -- compare "$out_dir/r/report.json" "$out_dir/r/report.json"
expect 2 'not a chatbench report' -- compare --baseline "$out_dir/mock/check.json" "$out_dir/r/report.json"
expect 2 '--tolerance: ' -- compare --baseline "$out_dir/r/report.json" "$out_dir/r/report.json" --tolerance lots

# chatbench report: a run's views rendered again from its report.json, which stays as it was.
expect 0 'Render a finished run' -- report --help
cp "$out_dir/r/report.json" "$out_dir/report.json.before"
rm "$out_dir/r/summary.md" "$out_dir/r/junit.xml" "$out_dir/r/requests.csv" "$out_dir/r/report.html"
expect 0 'report: .*/r/summary.md \(and junit.xml, report.html, requests.csv\)' -- report "$out_dir/r"
for file in summary.md junit.xml report.html requests.csv; do
  checks=$((checks + 1))
  [ -s "$out_dir/r/$file" ] || { failures=$((failures + 1)); echo "FAIL: report did not write $file"; }
done
checks=$((checks + 1))
cmp -s "$out_dir/r/report.json" "$out_dir/report.json.before" ||
  { failures=$((failures + 1)); echo "FAIL: report rewrote report.json"; }
expect 0 'PASSED  no thresholds set' -- report "$out_dir/r/report.json" --format console,md --out "$out_dir/again"
expect 1 'FAILED  1 of 1 threshold' -- run --target mock -n 1 --quiet --threshold 'ttft.p95 < 1ms' --out "$out_dir/failed"
expect 0 'FAILED  1 of 1 threshold' -- report "$out_dir/failed" # re-rendering is not a verdict
expect 2 '^chatbench report: .*/no/such/run: no such folder or file' -- report "$out_dir/no/such/run"
expect 2 'unknown format "mdd"; did you mean "md"\?' -- report "$out_dir/r" --format mdd
mkdir -p "$out_dir/corrupt"
printf '{"schema": "chatbench.report/1", "targets": [' >"$out_dir/corrupt/report.json"
expect 2 '^chatbench report: .*/corrupt/report.json: not JSON' -- report "$out_dir/corrupt"
expect 2 '/schema: not a chatbench report' -- report "$out_dir/mock/check.json"

echo "$((checks - failures)) passed, $failures failed"
[ "$failures" -eq 0 ]
