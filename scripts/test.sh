#!/usr/bin/env bash
# The one test command (README, .ci/run): installs what it needs, then lint, type-check,
# unit tests, the builds, the integration suite (real pcscd + virtual card, SQLite, SMTP,
# TLS, keyring) and the Playwright end-to-end suite in Debian's Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/system-packages.sh
ensure_system_packages test
ensure_npm_packages

stage() { echo; echo "=== $*"; }

source scripts/lib/deadline.sh

stage "lint (layering rules included)"
npx eslint .
stage "type-check"
bash scripts/typecheck.sh
stage "unit tests"
run_with_deadline 900 npx vitest run --project unit --project dom
stage "build"
npm run build
stage "electronegativity (Electron security checks over the bundled main and preload)"
bash scripts/electronegativity.sh
if compgen -G "test/integration/**/*.test.ts" >/dev/null || [ -n "$(find test/integration -name '*.test.ts' 2>/dev/null | head -1)" ]; then
  stage "integration tests (private pcscd + virtual card, SQLite, SMTP, TLS, keyring)"
  # The second reporter names each test as it starts: a stopped run shows what was running.
  run_with_deadline 1800 bash scripts/sandbox.sh npx vitest run --project integration \
    --reporter=default --reporter=./test/support/reporters/test-started.ts
fi
if [ -n "$(find test/e2e -name '*.spec.ts' 2>/dev/null | head -1)" ]; then
  stage "end-to-end tests (Playwright, Debian Chromium)"
  run_with_deadline 1200 bash scripts/sandbox.sh npx playwright test
fi
echo; echo "All test stages passed."
