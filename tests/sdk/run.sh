#!/usr/bin/env bash
# The openai SDK tests against the mock: installs the pinned SDK from package-lock.json when
# missing (npm ci), then runs node's test runner. The chatbench binary is $CHATBENCH_BIN, else
# the first of build/{release,ci,dev,clang}/chatbench. Exit code: node --test's.
set -euo pipefail
cd "$(dirname "$0")"
command -v node >/dev/null || { echo "tests/sdk: node is not installed" >&2; exit 2; }
if [ ! -d node_modules/openai ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
exec node --test --test-concurrency=1 ./*.test.mjs
