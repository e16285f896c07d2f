#!/usr/bin/env bash
# bench/query_api.sh - the dashboards issue's latency targets, measured with wrk over HTTP:
# with an archive of 100,000 annotated articles, every list and summary endpoint answers with
# p99 below 20 ms at 32 concurrent connections, and GET /v1/search with p99 below 50 ms.
#
# Starts `tradewire serve` on ARCHIVE (built with `make query-archive` when missing), draws
# varied filters from the archive itself (its actors, countries, products, dates, words),
# writes one file of request paths per endpoint, then runs wrk against each endpoint in turn
# with bench/query_api.lua cycling through its paths. Prints requests/s, p50, p99 and max per
# endpoint, and whether each met its target.
# ARCHIVE (data/archive.db), QUERY_SECONDS (10), QUERY_CONNS (32), QUERY_THREADS (2: wrk
# threads), SERVER_THREADS (2), BUILD (build).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
ARCHIVE=${ARCHIVE:-data/archive.db}
SECS=${QUERY_SECONDS:-10}
CONNS=${QUERY_CONNS:-32}
WRK_THREADS=${QUERY_THREADS:-2}
THREADS=${SERVER_THREADS:-2}
command -v wrk >/dev/null || { echo "query_api: wrk is not installed (make deps-bench)" >&2; exit 77; }
make -s --no-print-directory BUILD="$BUILD" "$BUILD/tradewire" >/dev/null
if [ ! -s "$ARCHIVE" ]; then
    echo "query_api: building the archive $ARCHIVE (make query-archive)" >&2
    make -s --no-print-directory BUILD="$BUILD" ARCHIVE="$ARCHIVE" query-archive
fi

tmp=$(mktemp -d)
tw=
cleanup() {
    [ -n "$tw" ] && kill -TERM "$tw" 2>/dev/null && wait "$tw" 2>/dev/null
    if [ -n "${QUERY_KEEP:-}" ]; then cp "$tmp"/*.paths "$QUERY_KEEP"/ 2>/dev/null; fi
    rm -rf "$tmp"
}
trap cleanup EXIT
"$BUILD/tradewire" serve --port 0 --db "$ARCHIVE" --port-file "$tmp/port" --threads "$THREADS" \
    --workers 1 2>"$tmp/server.log" &
tw=$!
for _ in $(seq 1000); do [ -s "$tmp/port" ] && break; sleep 0.01; done
base="http://127.0.0.1:$(cat "$tmp/port")"

# Filters from the archive: what a dashboard would ask for.
python3 - "$base" "$tmp" <<'PY'
import json, random, re, sys, urllib.error, urllib.parse, urllib.request
base, out = sys.argv[1], sys.argv[2]
random.seed(7)
def get(path):
    try:
        with urllib.request.urlopen(base + path) as r:
            return json.load(r)
    except urllib.error.HTTPError as e:
        sys.exit(f"query_api: GET {path} answered {e.code}: {e.read().decode()[:300]}")
q = urllib.parse.quote
actors = get("/v1/actors?limit=500")["items"]
people = [a for a in actors if a["type"] == "person"][:60]
countries = [a for a in actors if a["type"] == "country" and a["country"]][:40]
codes = sorted({a["country"] for a in countries})
articles = [c["article"]["id"] for c in get("/v1/claims?limit=200")["items"]]
tariffs = get("/v1/tariffs?limit=500")["items"]
products = sorted({p for t in tariffs for p in t["products"]})[:40] or ["steel"]
code = re.compile(r"^([A-Z]{2}|\*)$")
imposers = sorted({t["imposer"] for t in tariffs if code.match(t["imposer"] or "")}) or ["US"]
targets = sorted({t["target"] for t in tariffs if code.match(t["target"] or "")}) or ["CN"]
years = sorted({a["last_seen"][:4] for a in actors if a["last_seen"]}) or ["2026"]
def window():
    y = random.choice(years); m = random.randint(1, 12); n = random.choice([1, 3, 12])
    m2, y2 = m + n, int(y)
    while m2 > 12: m2 -= 12; y2 += 1
    return f"since={y}-{m:02d}-01T00:00:00Z&until={y2}-{m2:02d}-01T00:00:00Z"
words = ["tariff", "trade", "oil", "wheat", "steel", "deficit", "dollar", "japan", "textile*",
         "semiconductor*", "export*", '"trade deficit"', '"import duties"', "sugar OR coffee",
         "japan AND chips", "tariff NOT steel", "agricultur*", "currency", "retaliat*", "quota*"]
def cursor_of(path):
    return get(path).get("next_cursor")
lists = {
  "actors": ["/v1/actors", "/v1/actors?sort=name", "/v1/actors?sort=recent",
             "/v1/actors?type=person", "/v1/actors?type=country&sort=name",
             "/v1/actors?type=organization&sort=recent"]
            + [f"/v1/actors?country={c}" for c in codes[:10]]
            + [f"/v1/actors?q={q(a['name'][:3].lower())}" for a in people[:20]]
            + [f"/v1/actors?{window()}" for _ in range(20)]
            + [f"/v1/actors?type=person&{window()}&sort=recent" for _ in range(10)],
  "actor": [f"/v1/actors/{a['id']}" for a in actors[:300]],
  "claims": ["/v1/claims", "/v1/claims?direct=true", "/v1/claims?direct=false"]
            + [f"/v1/claims?speaker={a['id']}" for a in people[:30]]
            + [f"/v1/claims?speaker={q(a['name'])}" for a in people[:10]]
            + [f"/v1/claims?article={i}" for i in articles[:30]]
            + [f"/v1/claims?q={q(w)}" for w in words[:12]]
            + [f"/v1/claims?{window()}" for _ in range(20)],
  "tariffs": ["/v1/tariffs", "/v1/tariffs?kind=rate", "/v1/tariffs?kind=covered_value",
              "/v1/tariffs?change=raise", "/v1/tariffs?change=cut&min_value=5",
              "/v1/tariffs?min_value=10&max_value=30", "/v1/tariffs?unit=percent"]
             + [f"/v1/tariffs?imposer={c}" for c in imposers[:12]]
             + [f"/v1/tariffs?target={c}" for c in targets[:12]]
             + [f"/v1/tariffs?product={q(p)}" for p in products[:20]]
             + [f"/v1/tariffs?{window()}" for _ in range(20)],
  "summary": ["/v1/tariffs/summary", "/v1/tariffs/summary?group_by=imposer",
              "/v1/tariffs/summary?group_by=imposer,target", "/v1/tariffs/summary?group_by=month",
              "/v1/tariffs/summary?group_by=change,week", "/v1/tariffs/summary?group_by=product",
              "/v1/tariffs/summary?group_by=target,day&kind=covered_value"]
             + [f"/v1/tariffs/summary?group_by=target,month&imposer={c}" for c in imposers[:10]]
             + [f"/v1/tariffs/summary?group_by=imposer,month&{window()}" for _ in range(15)]
             + [f"/v1/tariffs/summary?group_by=product,month&product={q(p)}" for p in products[:10]],
  "search": [f"/v1/search?q={q(w)}" for w in words]
            + [f"/v1/search?q={q(w)}&kind=claim" for w in words[:6]]
            + [f"/v1/search?q={q(w)}&kind=title" for w in words[:6]]
            + [f"/v1/search?q={q(w)}&{window()}" for w in words[:8]],
}
# Deeper pages too: the cursor of a first page.
for name in ("actors", "claims", "tariffs"):
    extra = []
    for p in lists[name][:8]:
        c = cursor_of(p + ("&" if "?" in p else "?") + "limit=50")
        if c:
            extra.append(p + ("&" if "?" in p else "?") + "cursor=" + c)
    lists[name] += extra
for name, paths in lists.items():
    with open(f"{out}/{name}.paths", "w") as f:
        for p in paths:
            f.write(p + "\n")
    # Each must answer 200: a 4xx would time the error path instead.
    for p in paths:
        get(p)
print(f"archive: {len(actors)} actors listed, {len(products)} products, years {years[0]}..{years[-1]}")
# One request at a time, before the load: the slowest filter shapes of each endpoint (the
# median of 3 calls), which are what the p99 under load is made of.
import time
print("slowest paths, one request at a time (median of 3, ms):")
for name, paths in lists.items():
    timed = []
    for p in paths:
        t = []
        for _ in range(3):
            t0 = time.perf_counter(); urllib.request.urlopen(base + p).read(); t.append(time.perf_counter() - t0)
        timed.append((sorted(t)[1] * 1000, p))
    timed.sort(reverse=True)
    med = sorted(x[0] for x in timed)[len(timed) // 2]
    print(f"  {name:8s} median {med:6.2f}  " + "  ".join(f"{ms:.1f} {p}" for ms, p in timed[:3]))
PY
articles=$(curl -s "$base/metrics" >/dev/null; python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from articles').fetchone()[0])" "$ARCHIVE")
echo "archive $ARCHIVE: $articles articles; wrk ${SECS}s, $CONNS connections, $WRK_THREADS wrk threads; server --threads $THREADS"
printf '%-22s %6s %9s %9s %9s %9s %7s  %s\n' endpoint paths req/s p50_ms p99_ms max_ms non2xx target
fail=0
for ep in actors actor claims tariffs summary search; do
    case $ep in
    actors) label="GET /v1/actors" ;;
    actor) label="GET /v1/actors/{id}" ;;
    claims) label="GET /v1/claims" ;;
    tariffs) label="GET /v1/tariffs" ;;
    summary) label="GET /v1/tariffs/summary" ;;
    search) label="GET /v1/search" ;;
    esac
    limit=20
    [ $ep = search ] && limit=50
    line=$(wrk -t "$WRK_THREADS" -c "$CONNS" -d "${SECS}s" --timeout 5s -s bench/query_api.lua "$base" \
        -- "$tmp/$ep.paths" | grep '^RESULT')
    read -r _ rps p50 p99 max bad n <<<"$line"
    ok=$(awk -v p="$p99" -v l="$limit" 'BEGIN {print (p < l) ? "ok" : "MISSED"}')
    [ "$ok" = ok ] && [ "$bad" = 0 ] || fail=1
    printf '%-22s %6s %9s %9s %9s %9s %7s  p99<%sms %s\n' "$label" "$(wc -l <"$tmp/$ep.paths")" \
        "$rps" "$p50" "$p99" "$max" "$bad" "$limit" "$ok"
done
exit $fail
