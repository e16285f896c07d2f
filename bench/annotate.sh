#!/usr/bin/env bash
# The annotation engine's speed (`make bench` runs it through bench/run_all.sh).
#
#   1. build/bench/annotate_bench on every body of ../shared/corpus/reuters21578-all.jsonl:
#      MB/s at 1x, 10x, 100x the corpus, with JSON, on single 0.1/1/10 MB bodies, peak RSS;
#   2. the reference, the npm package compromise (people, places, organisations, quotations;
#      bench/annotate_compromise.mjs), and the engine on the same first BENCH_REF_BYTES of
#      bodies in this same run, and the ratio of the two. compromise is about 100 times slower,
#      so the whole corpus would take it minutes: BENCH_REF_BYTES=0 asks for it anyway.
#
# Env: ANNOTATE_BENCH_BIN (default build/bench/annotate_bench), BENCH_MAX_MULT (1, 10 or 100),
#      BENCH_REF_BYTES (default 1000000), TW_SHARED (default ../shared). Target: >= 20 MB/s.
set -euo pipefail
cd "$(dirname "$0")/.."

bin=${ANNOTATE_BENCH_BIN:-build/bench/annotate_bench}
corpus=${TW_SHARED:-../shared}/corpus/reuters21578-all.jsonl
max_mult=${BENCH_MAX_MULT:-100}
ref_bytes=${BENCH_REF_BYTES:-1000000}
target=20

if [ ! -x "$bin" ]; then
    echo "annotate.sh: $bin is missing (make bench builds it)" >&2
    exit 2
fi
if [ ! -f "$corpus" ]; then
    echo "annotate.sh: skipped, $corpus is absent"
    exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "== annotate_bench on $corpus"
"$bin" --max-mult "$max_mult" "$corpus" | tee "$tmp/full"
full=$(awk '$1 == "mbps" {print $2}' "$tmp/full")
if awk -v m="$full" -v t="$target" 'BEGIN {exit !(m >= t)}'; then
    echo "target: ${full} MB/s >= ${target} MB/s, met"
else
    echo "target: ${full} MB/s < ${target} MB/s, NOT MET"
fi

limit=()
what="all bodies"
if [ "$ref_bytes" != 0 ]; then
    limit=(--limit "$ref_bytes")
    what="the first $ref_bytes bytes of bodies"
fi
echo "== reference: compromise and the engine on $what"
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "annotate.sh: reference skipped, node or npm missing (make deps-bench)"
    exit 0
fi
if [ ! -d bench/node_modules/compromise ]; then
    (cd bench && npm ci --no-audit --no-fund --silent)
fi
"$bin" --max-mult 1 --corpus-only "${limit[@]}" "$corpus" | tee "$tmp/ours"
node bench/annotate_compromise.mjs "${limit[@]}" "$corpus" | tee "$tmp/theirs"
ours=$(awk '$1 == "mbps" {print $2}' "$tmp/ours")
theirs=$(awk '$1 == "mbps" {print $2}' "$tmp/theirs")
awk -v a="$ours" -v b="$theirs" 'BEGIN {
    printf "engine %.2f MB/s, compromise %.3f MB/s on the same bodies: %.0fx\n", a, b, a / b}'
