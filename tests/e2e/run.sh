#!/usr/bin/env bash
# Browser test of the dashboard, and every endpoint against openapi.json (api_schema.test.mjs):
# tests/e2e/run.sh (from anywhere). Needs node + npm, Debian's
# chromium (/usr/bin/chromium, or CHROMIUM_BIN) and a built service (TRADEWIRE_BIN, default
# build/tradewire, relative to the repository root). Screenshots land in tests/artifacts/.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="${TRADEWIRE_BIN:-build/tradewire}"
case "$bin" in /*) ;; *) bin="$root/$bin" ;; esac
export TRADEWIRE_BIN="$bin"
cd "$here"
[ -d node_modules/playwright-core ] || npm ci --no-audit --no-fund --loglevel=error
exec node --test --test-reporter=spec dashboard.test.mjs api_schema.test.mjs
