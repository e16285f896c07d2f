#!/usr/bin/env bash
# bench/ingest.sh - end-to-end ingest: INGEST_N stories (default 5000) of the Reuters corpus
# POSTed to a fresh `tradewire serve` over INGEST_CONNS keep-alive connections, timed until the
# last one is annotated. Prints articles/s and the server's peak RSS (VmHWM) per round and the
# medians over INGEST_ROUNDS rounds (default 3). Target: >= 1,000 articles/s on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
N=${INGEST_N:-5000}
ROUNDS=${INGEST_ROUNDS:-3}
CONNS=${INGEST_CONNS:-8}
FILE=${INGEST_FILE:-../shared/corpus/reuters21578-all.jsonl}
[ -r "$FILE" ] || { echo "ingest: $FILE not found (set INGEST_FILE)" >&2; exit 77; }
make -s --no-print-directory BUILD="$BUILD" "$BUILD/tradewire" "$BUILD/bench/ingest" >/dev/null

tmp=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT

. bench/common.bash

for r in $(seq "$ROUNDS"); do
    rm -rf "$tmp/db" "$tmp/port"
    # The default --queue-max (10000) would refuse part of a long run: lift it to measure.
    "$BUILD/tradewire" serve --port 0 --db "$tmp/db/t.db" --port-file "$tmp/port" \
        --queue-max 1000000 2>"$tmp/server.log" &
    pid=$!
    for _ in $(seq 500); do [ -s "$tmp/port" ] && break; sleep 0.01; done
    port=$(cat "$tmp/port")
    "$BUILD/bench/ingest" "http://127.0.0.1:$port" --file "$FILE" --n "$N" --conns "$CONNS" \
        --pid "$pid" >"$tmp/round$r"
    kill -TERM "$pid"
    rc=0; wait "$pid" || rc=$?
    pid=
    [ "$rc" = 0 ] || { echo "ingest: server exited $rc" >&2; exit 1; }
    awk -v r="$r" '{v[$1]=$2} END {printf "round %d: %d articles (%d refused, %d errors), POST %.0f/s, end to end %.0f articles/s in %.2f s, server VmHWM %.1f MB\n", r, v["accepted"], v["refused_503"], v["errors"], v["post_per_second"], v["end_to_end_articles_per_second"], v["end_to_end_seconds"], v["server_vmhwm_kb"]/1024}' "$tmp/round$r"
done

stories=$(awk '$1=="articles"{print $2}' "$tmp/round1")
rate=$(cat "$tmp"/round* | awk '$1=="end_to_end_articles_per_second"{print $2}' | median)
rss=$(cat "$tmp"/round* | awk '$1=="server_vmhwm_kb"{print $2/1024}' | median)
verdict=$(awk -v r="$rate" 'BEGIN {print (r >= 1000) ? "met" : "NOT met"}')
printf 'ingest: median %.0f articles/s end to end (%s stories, %s connections, %s rounds), median server peak RSS %.1f MB; target >= 1000/s %s\n' \
    "$rate" "$stories" "$CONNS" "$ROUNDS" "$rss" "$verdict"
