#!/usr/bin/env bash
# chatbench's HTML reports in headless Debian Chromium (/usr/bin/chromium, else $CHROMIUM), driven
# by playwright-core (pinned in package-lock.json; it downloads no browser). Installs the pinned
# package when missing (npm ci), then runs node's test runner. The reports are
# $CHATBENCH_HTML_REPORTS (paths separated by ':'), else the report.html of a 2 s quickstart run
# of $CHATBENCH_BIN (else build/ci/chatbench). Screenshots go to $CHATBENCH_ARTIFACTS (else
# Testing/artifacts beside the binary). Exit code: node --test's.
set -euo pipefail
cd "$(dirname "$0")"
command -v node >/dev/null || { echo "tests/browser: node is not installed" >&2; exit 2; }
if [ ! -f node_modules/playwright-core/package.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
exec node --test --test-concurrency=1 ./*.test.mjs
