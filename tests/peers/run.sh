#!/usr/bin/env bash
# chatbench against real peer servers on 127.0.0.1: Stoplight Prism mocking the Infera, Fortytwo
# and Interactive AI seed specs (specs/), and @dwmkerr/mock-llm. Installs the pinned packages
# from package-lock.json when missing (npm ci), then runs node's test runner, one file at a time.
# The chatbench binary is $CHATBENCH_BIN, else build/ci/chatbench. PEERS_ONLY_SERVERS=1 runs only
# the server start/stop smoke tests (the chatbench tests are reported as skipped, with a reason).
# Exit code: node --test's.
set -euo pipefail
cd "$(dirname "$0")"
command -v node >/dev/null || { echo "tests/peers: node is not installed" >&2; exit 2; }
if [ ! -x node_modules/.bin/prism ] || [ ! -x node_modules/.bin/mock-llm ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
if [ "${PEERS_ONLY_SERVERS:-}" = 1 ]; then
  echo "tests/peers: PEERS_ONLY_SERVERS=1, server smoke tests only; chatbench is not exercised" >&2
fi
exec node --test --test-concurrency=1 ./*.test.mjs
