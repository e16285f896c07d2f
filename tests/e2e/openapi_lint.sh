#!/usr/bin/env bash
# Lints openapi.json with Redocly CLI, pinned in package-lock.json, under redocly.yaml's rules
# (recommended-strict: any warning fails). Usage: tests/e2e/openapi_lint.sh [FILE]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
spec="$(cd "$here/../.." && pwd)/openapi.json"
[ $# -gt 0 ] && spec="$(realpath "$1")"
cd "$here"
[ -x node_modules/.bin/redocly ] || npm ci --no-audit --no-fund --loglevel=error
exec node_modules/.bin/redocly lint --config redocly.yaml --format=stylish "$spec"
