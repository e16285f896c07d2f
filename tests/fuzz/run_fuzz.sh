#!/usr/bin/env bash
# Builds a libFuzzer harness into build-fuzz/ and runs it for a bounded time (`make fuzz`,
# FUZZ_SECONDS, runs both): FUZZ_TARGET=annotate (the default) over the annotation engine,
# FUZZ_TARGET=search over full-text search and the claims list's q (tests/fuzz/fuzz_search.c).
#
# usage: tests/fuzz/run_fuzz.sh [SECONDS [LIBFUZZER_FLAG...]]   (from the repo root; clang 14+)
#        e.g. run_fuzz.sh 600 -fork=1 -ignore_crashes=1   to collect several findings
# Env: FUZZ_TARGET, FUZZ_CC (clang), FUZZ_BUILD (build-fuzz), FUZZ_EXTRA_CFLAGS (e.g.
#      -fno-sanitize=... to look past a known finding), TW_SHARED (../shared).
#
# Seeds for annotate: the seed article, tests/fuzz/seeds/ (synthetic wire copy) and the corpus
# grown by earlier runs in build-fuzz/corpus; ../shared/corpus and ../shared/eval/dev are read
# as extra seeds when present (never copied into the repo). For search: tests/fuzz/search_seeds/
# and build-fuzz/corpus-search. A crash leaves its input in build-fuzz/crash-*; replay it with
# build-fuzz/fuzz_<target> FILE.
set -eu

seconds=${1:-60}
shift || true
out=${FUZZ_BUILD:-build-fuzz}
cc=${FUZZ_CC:-clang}
shared=${TW_SHARED:-../shared}

if ! command -v "$cc" >/dev/null 2>&1; then
    echo "run_fuzz: $cc not found (make deps-fuzz installs it)" >&2
    exit 2
fi
target=${FUZZ_TARGET:-annotate}
mkdir -p "$out/gen" "$out/corpus" "$out/corpus-search"

# The embedded lexicons, by the Makefile's own rule.
make -s --no-print-directory BUILD="$out" "$out/gen/embedded_data.c"

flags="-std=c17 -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined
       -fno-sanitize-recover=undefined -D_GNU_SOURCE -Iserver -Iserver/annotate -Itests/eval
       -I$out/gen $(pkg-config --cflags jansson) ${FUZZ_EXTRA_CFLAGS:-}"
if [ "$target" = search ]; then
    libs="sqlite3 jansson libcurl libxml-2.0 libmicrohttpd"
    # shellcheck disable=SC2086,SC2046 # flags and pkg-config output are word lists
    "$cc" $flags $(pkg-config --cflags $libs) -Ihandlers -o "$out/fuzz_search" \
        tests/fuzz/fuzz_search.c $(ls server/*.c | grep -v -e '^server/main.c$' -e '^server/serve.c$') server/annotate/*.c \
        "$out/gen/embedded_data.c" $(pkg-config --libs $libs) -lpthread -lm
    cp tests/fuzz/search_seeds/* "$out/corpus-search/"
    echo "run_fuzz: fuzzing db_search() and claims ?q for ${seconds}s (corpus $out/corpus-search)"
    # shellcheck disable=SC2086
    exec "$out/fuzz_search" -max_total_time="$seconds" -max_len=1024 -timeout=20 \
        -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$out/" "$@" "$out/corpus-search"
fi

# shellcheck disable=SC2086,SC2046 # flags and pkg-config output are word lists
"$cc" $flags -o "$out/fuzz_annotate" tests/fuzz/fuzz_annotate.c tests/eval/ann_check.c \
    server/annotate/*.c server/mem.c server/buf.c server/status.c server/embedded.c \
    "$out/gen/embedded_data.c" $(pkg-config --libs jansson) -lm

cp tests/eval/seed.txt tests/fuzz/seeds/*.txt "$out/corpus/"
extra=""
for d in "$shared/eval/dev" "$shared/corpus/reuters" "$shared/corpus/modern"; do
    [ -d "$d" ] && extra="$extra $d"
done

echo "run_fuzz: fuzzing annotate() for ${seconds}s (corpus $out/corpus${extra:+, seeds$extra})"
# shellcheck disable=SC2086
exec "$out/fuzz_annotate" -max_total_time="$seconds" -max_len=16384 -timeout=20 \
    -rss_limit_mb=2048 -print_final_stats=1 -dict=tests/fuzz/annotate.dict \
    -artifact_prefix="$out/" "$@" "$out/corpus" $extra
