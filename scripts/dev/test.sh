#!/usr/bin/env bash
# Sets everything up and runs every check: type-check, lint, build, unit and integration tests
# (Vitest, real VNC servers), end-to-end tests (Playwright, Debian's Chromium). Ends with one line
# "N passed, N failed, N skipped" counting every test and each of the three static checks.
set -uo pipefail
cd "$(dirname "$0")/../.."

bash scripts/dev/setup.sh || { echo "setup failed"; echo "0 passed, 1 failed"; exit 1; }
rm -rf test-results && mkdir -p test-results
checks=test-results/checks.txt
: > "$checks"

step() { # step NAME COMMAND...: runs one static check and records its outcome
  local name=$1; shift
  echo "=== $name"
  if "$@"; then echo "$name passed" >> "$checks"; else echo "$name failed" >> "$checks"; fi
}

step typecheck npm run --silent typecheck
step lint npm run --silent lint
step build npm run --silent build

echo "=== unit and integration tests (vitest)"
npx vitest run --reporter=default --reporter=json --outputFile=test-results/vitest.json
vitest_status=$?

echo "=== end-to-end tests (playwright)"
if [ -f dist/host/cli.js ]; then
  # The Electron specs need a display: without one, they get an Xvfb of their own.
  display_runner=()
  if [ -z "${DISPLAY:-}" ] && command -v xvfb-run >/dev/null; then display_runner=(xvfb-run -a -s '-screen 0 1280x1024x24'); fi
  "${display_runner[@]}" npx playwright test
  e2e_status=$?
else
  echo "no build, no end-to-end tests"
  e2e_status=1
fi

node scripts/dev/summarize-tests.mjs "$checks" test-results/vitest.json test-results/e2e-report.json
summary_status=$?
[ $vitest_status -eq 0 ] && [ $e2e_status -eq 0 ] && [ $summary_status -eq 0 ]
