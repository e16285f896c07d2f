#!/usr/bin/env bash
# Scores BIN annotate on ../shared/eval/dev with the shared scorer: a quick loop for engine work.
# usage: tools/score_dev.sh [BIN] [--verbose]
set -eu
bin=${1:-build/tradewire}
shift || true
dev=$(dirname "$0")/../../shared/eval/dev
out=$(mktemp -d)
for f in "$dev"/*.txt; do
  name=$(basename "$f" .txt)
  tail -n +3 "$f" | "$bin" annotate > "$out/$name.json"
done
python3 "$dev/../score.py" "$dev" "$out" "$@"
rm -rf "$out"
