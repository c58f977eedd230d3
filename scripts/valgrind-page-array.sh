#!/usr/bin/env bash
# Runs every tdx-page-array test binary (unit, integration, the simulator's
# fault matrix and property tests) under valgrind memcheck. Exit status 1 on
# any memory error or definite leak. Property tests run PROPTEST_CASES cases
# (default 16: valgrind is ~30x slower).
#
#   scripts/valgrind-page-array.sh
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v valgrind >/dev/null 2>&1; then
    apt-get update -qq && apt-get install -y -qq valgrind
fi

mapfile -t bins < <(cargo test -p tdx-page-array --no-run --message-format=json 2>/dev/null |
    grep -o '"executable":"[^"]*"' | sed 's/"executable":"\(.*\)"/\1/')
[ ${#bins[@]} -gt 0 ] || { echo "no test binaries found" >&2; exit 1; }

export PROPTEST_CASES="${PROPTEST_CASES:-16}"
status=0
for bin in "${bins[@]}"; do
    echo "== valgrind $(basename "$bin")"
    if ! valgrind --quiet --error-exitcode=1 --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite \
        "$bin" --test-threads=1 -q; then
        status=1
    fi
done
[ $status -eq 0 ] && echo "valgrind: ${#bins[@]} test binaries, 0 errors"
exit $status
