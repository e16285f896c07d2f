#!/usr/bin/env bash
# Runs every benchmark driver bench/*.sh but this one, in name order (`make bench`).
# Each driver prints its own figures; exit 77 from a driver means it skipped itself (a tool or
# the corpus missing). This exits 1 when any of them failed.
set -u
cd "$(dirname "$0")/.." || exit 2
status=0
for f in bench/*.sh; do
    [ "$(basename "$f")" = run_all.sh ] && continue
    echo "==== $f"
    bash "$f"
    rc=$?
    if [ $rc -eq 77 ]; then
        echo "run_all: $f skipped"
    elif [ $rc -ne 0 ]; then
        echo "run_all: $f failed"
        status=1
    fi
done
exit $status
