#!/usr/bin/env bash
# bench/query.sh - wrk against GET /v1/articles/{id} of one annotated article, alternating
# round by round with bench/ref_server (a minimal libmicrohttpd program answering a fixed 2 KB
# JSON). Prints requests/s and p99 latency of each round, the medians and the ratio.
# Target: tradewire reaches at least half of the reference's requests/s.
# QUERY_ROUNDS (5), QUERY_SECONDS (5), QUERY_CONNS (32), QUERY_THREADS (1), SERVER_THREADS (2).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
ROUNDS=${QUERY_ROUNDS:-5}
SECS=${QUERY_SECONDS:-5}
CONNS=${QUERY_CONNS:-32}
WRK_THREADS=${QUERY_THREADS:-1}
THREADS=${SERVER_THREADS:-2}
FILE=${INGEST_FILE:-../shared/corpus/reuters21578-all.jsonl}
command -v wrk >/dev/null || { echo "query: wrk is not installed (make deps-bench)" >&2; exit 77; }
make -s --no-print-directory BUILD="$BUILD" "$BUILD/tradewire" "$BUILD/bench/ref_server" >/dev/null

tmp=$(mktemp -d)
tw=
ref=
cleanup() {
    [ -n "$tw" ] && kill -KILL "$tw" 2>/dev/null
    [ -n "$ref" ] && kill -KILL "$ref" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
wait_port() { for _ in $(seq 500); do [ -s "$1" ] && break; sleep 0.01; done; cat "$1"; }
. bench/common.bash

# The request log goes to a file, as in production; one line per request is part of the cost.
"$BUILD/tradewire" serve --port 0 --db "$tmp/db/t.db" --port-file "$tmp/tw.port" \
    --threads "$THREADS" --workers 1 2>"$tmp/server.log" &
tw=$!
twport=$(wait_port "$tmp/tw.port")
"$BUILD/bench/ref_server" "$tmp/ref.port" "$THREADS" &
ref=$!
refport=$(wait_port "$tmp/ref.port")

# One tariff story of 1-2 KB from the corpus (its text is sent, never stored in the repo).
if [ -r "$FILE" ]; then
    python3 - "$FILE" >"$tmp/article.json" <<'PY'
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    d = json.loads(line)
    b = d.get("body") or ""
    if 1000 <= len(b) <= 1800 and "tariff" in b:
        print(json.dumps({"title": d.get("title"), "body": b, "source": "bench", "external_id": "q"}))
        break
PY
else
    printf '{"body":"%s"}' "$(printf 'The United States said it would raise tariffs on steel to 25 percent, an official said. %.0s' $(seq 15))" >"$tmp/article.json"
fi
loc=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' --data-binary @"$tmp/article.json" \
    "http://127.0.0.1:$twport/v1/articles" | tr -d '\r' | awk 'tolower($1)=="location:"{print $2}')
for _ in $(seq 500); do
    curl -s "http://127.0.0.1:$twport$loc" | grep -q '"status":"done"' && break
    sleep 0.01
done
size=$(curl -s "http://127.0.0.1:$twport$loc" | wc -c)
echo "query: GET $loc answers $size bytes; reference answers 2048 bytes"

# "Requests/sec: 1234.5" and the 99% line of --latency, converted to ms.
parse() {
    awk '/Requests\/sec:/ {rps=$2}
         $1=="99%" {v=$2; u=v; gsub(/[0-9.]/,"",u); sub(/[a-z]+$/,"",v);
                    ms = (u=="us") ? v/1000 : (u=="s") ? v*1000 : v; p99=ms}
         END {printf "%s %s\n", rps, p99}' "$1"
}

for r in $(seq "$ROUNDS"); do
    wrk -t"$WRK_THREADS" -c"$CONNS" -d"${SECS}s" --latency "http://127.0.0.1:$twport$loc" >"$tmp/tw$r"
    wrk -t"$WRK_THREADS" -c"$CONNS" -d"${SECS}s" --latency "http://127.0.0.1:$refport/" >"$tmp/ref$r"
    read -r trps tp99 < <(parse "$tmp/tw$r")
    read -r rrps rp99 < <(parse "$tmp/ref$r")
    echo "$trps $tp99" >>"$tmp/tw.all"
    echo "$rrps $rp99" >>"$tmp/ref.all"
    printf 'round %d: tradewire %.0f req/s p99 %.2f ms | reference %.0f req/s p99 %.2f ms\n' \
        "$r" "$trps" "$tp99" "$rrps" "$rp99"
done
errs=$(grep -h "Non-2xx\|Socket errors" "$tmp"/tw* || true)
[ -z "$errs" ] || echo "query: wrk reported: $errs"

kill -TERM "$tw"; rc=0; wait "$tw" || rc=$?; tw=
kill -TERM "$ref"; wait "$ref" || true; ref=
[ "$rc" = 0 ] || { echo "query: tradewire exited $rc" >&2; exit 1; }

trps=$(awk '{print $1}' "$tmp/tw.all" | median); tp99=$(awk '{print $2}' "$tmp/tw.all" | median)
rrps=$(awk '{print $1}' "$tmp/ref.all" | median); rp99=$(awk '{print $2}' "$tmp/ref.all" | median)
awk -v t="$trps" -v tp="$tp99" -v r="$rrps" -v rp="$rp99" -v n="$ROUNDS" 'BEGIN {
    ratio = t / r
    printf "query: medians over %d rounds: tradewire %.0f req/s (p99 %.2f ms), reference %.0f req/s (p99 %.2f ms), ratio %.2f; target >= 0.50 %s\n",
        n, t, tp, r, rp, ratio, (ratio >= 0.5) ? "met" : "NOT met" }'
