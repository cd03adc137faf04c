#!/bin/sh
# run.sh - runs every test: the cmocka unit tests (plain and under
# ASan+UBSan), the end-to-end CLI tests (tests/e2e/*.sh) and the Python tests
# (tests/python/test_*.py, with Debian's /usr/bin/python3).  Prints one line
# per test and closes with "N passed, M failed".  Exit 1 on any failure.
#   TESTS_FILTER=pattern  runs only the tests whose name contains pattern.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
export GOVSIM="$top/build/govsim"
export GOVSIM_ASAN="$top/build/asan/govsim"
export PYTHON=/usr/bin/python3
export TOP="$top"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-2}
logdir="$top/build/test-logs"
mkdir -p "$logdir"
pass=0
fail=0
skip=0
failed=""

run_one() { # name, command...
    name=$1
    shift
    case "$name" in *"${TESTS_FILTER:-}"*) ;; *) return ;; esac
    log="$logdir/$(echo "$name" | tr '/ ' '__').log"
    start=$(date +%s)
    "$@" >"$log" 2>&1
    rc=$?
    secs=$(($(date +%s) - start))
    if [ $rc -eq 0 ]; then
        pass=$((pass + 1))
        printf 'PASS %-50s %4ss\n' "$name" "$secs"
    elif [ $rc -eq 77 ]; then
        skip=$((skip + 1))
        printf 'SKIP %-50s (%s)\n' "$name" "$(tail -n 1 "$log")"
    else
        fail=$((fail + 1))
        failed="$failed $name"
        printf 'FAIL %-50s %4ss (log: %s)\n' "$name" "$secs" "$log"
        tail -n 25 "$log" | sed 's/^/    /'
    fi
}

for t in build/tests/test_*; do
    [ -x "$t" ] || continue
    run_one "unit/$(basename "$t")" "$t"
done
for t in build/asan/tests/test_*; do
    [ -x "$t" ] || continue
    run_one "unit-asan/$(basename "$t")" "$t"
done
for t in tests/e2e/*.sh; do
    [ -f "$t" ] || continue
    run_one "e2e/$(basename "$t" .sh)" sh "$t"
done
for t in tests/python/test_*.py; do
    [ -f "$t" ] || continue
    run_one "python/$(basename "$t" .py)" "$PYTHON" "$t"
done

echo
[ -n "$failed" ] && echo "failed:$failed"
if [ $skip -gt 0 ]; then
    echo "$pass passed, $fail failed, $skip skipped"
else
    echo "$pass passed, $fail failed"
fi
[ $fail -eq 0 ]
