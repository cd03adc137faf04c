# e2e.sh - helpers for the end-to-end tests (sourced).  Each test script
# runs in its own temporary directory and exits non-zero on the first failure.
set -u
: "${GOVSIM:?}"
: "${TOP:?}"
T=$(mktemp -d "${TMPDIR:-/tmp}/gse2e.XXXXXX")
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
fail() { echo "FAIL: $*" >&2; exit 1; }
# expect_exit CODE CMD... : runs CMD, stores stdout/stderr in $T/out, $T/err
expect_exit() {
    want=$1
    shift
    "$@" >"$T/out" 2>"$T/err"
    got=$?
    [ "$got" -eq "$want" ] || { cat "$T/err" >&2; fail "exit $got, expected $want: $*"; }
}
# one_line_error PATTERN: stderr is exactly one line and matches PATTERN (grep -E)
one_line_error() {
    n=$(wc -l <"$T/err")
    [ "$n" -eq 1 ] || { cat "$T/err" >&2; fail "stderr has $n lines, expected 1"; }
    grep -Eq -- "$1" "$T/err" || { cat "$T/err" >&2; fail "stderr does not match '$1'"; }
}
# h5vals FILE DATASET: the dataset's values, one per line (h5dump)
h5vals() {
    h5dump -A 0 -y -w 0 -d "$2" "$1" | sed -n '/DATA {/,/^ *}/p' | sed '1d;$d' |
        tr ',' '\n' | tr -d ' ' | grep -v '^$'
}
# h5shape FILE DATASET: the dataset's shape as h5dump prints it, "( 2, 3 )"
h5shape() { h5dump -H -A 0 -d "$2" "$1" | grep -o 'SIMPLE { ( [0-9, ]* )' | head -n 1 | sed 's/SIMPLE { //'; }
