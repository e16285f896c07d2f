#!/usr/bin/env bash
# tradewire's webhooks against the Standard Webhooks reference implementation (npm
# standardwebhooks): tests/webhooks/run.sh (from anywhere). Needs node + npm and a built service
# (TRADEWIRE_BIN, default build/tradewire, relative to the repository root).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="${TRADEWIRE_BIN:-build/tradewire}"
case "$bin" in /*) ;; *) bin="$root/$bin" ;; esac
export TRADEWIRE_BIN="$bin"
cd "$here"
[ -d node_modules/standardwebhooks ] || npm ci --no-audit --no-fund --loglevel=error
exec node --test --test-reporter=spec webhooks.test.mjs
