#!/usr/bin/env bash
# Runs every benchmark driver bench/*.sh but this one, in name order (`make bench`).
# Each driver prints its own figures; this exits 1 when any of them failed.
set -u
cd "$(dirname "$0")/.." || exit 2
status=0
for f in bench/*.sh; do
    [ "$(basename "$f")" = run_all.sh ] && continue
    echo "==== $f"
    if ! bash "$f"; then
        echo "run_all: $f failed"
        status=1
    fi
done
exit $status
