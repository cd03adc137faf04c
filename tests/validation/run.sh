#!/bin/sh
# run.sh - the validation suite: checks the engine against published results
# (issue 6: logit laws, voter model, Bass diffusion, Watts cascades, the
# Axelrod-Bennett landscape) and prints ONE table:
#
#   check  source  expected  measured  tolerance  verdict
#
#   sh tests/validation/run.sh quick|full      (make test: quick; make validate: full)
#
# Protocol.  Every tests/validation/check_*.c is a C program linked against
# $BUILD/libgovsim.a (default build/; `make all` makes it).  This script
# compiles each one itself into $BUILD/validation/ with the Makefile's flags
# (so the Makefile needs no rule per check), runs it as `check_x quick|full`,
# and collects from its stdout every line of exactly six tab-separated
# fields ending in PASS or FAIL; anything else on stdout is ignored and its
# stderr (details of a failure: what differs) is shown under the table when
# a check fails.  A program that does not compile, exits non-zero or prints
# no row becomes a FAIL row of its own.  Checks use fixed seeds.
#   VALIDATION_FILTER=pattern   runs only the check_*.c whose name contains it
# Exit status: 0 when every row passes, 1 otherwise, 2 on usage errors.
set -u
mode=${1:-}
case "$mode" in
quick | full) ;;
*)
    echo "usage: sh tests/validation/run.sh quick|full" >&2
    exit 2
    ;;
esac
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 2
build=${BUILD:-build}
lib="$build/libgovsim.a"
if [ ! -f "$lib" ]; then
    echo "validation: $lib is missing: run 'make all' first" >&2
    exit 2
fi
out="$build/validation"
mkdir -p "$out" || exit 2
pkgs="gsl igraph hdf5-serial inih libdeflate"
cflags="-std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror -O2 -g -fopenmp $(pkg-config --cflags $pkgs)"
libs="$(pkg-config --libs $pkgs) -lhdf5_hl -lm"
rows="$out/rows.tsv"
: >"$rows"
# Stale stderr of earlier (or filtered) runs must not show under this table.
rm -f "$out"/check_*.err
tab=$(printf '\t')

for src in tests/validation/check_*.c; do
    [ -f "$src" ] || continue
    name=$(basename "$src" .c)
    case "$name" in *"${VALIDATION_FILTER:-}"*) ;; *) continue ;; esac
    bin="$out/$name"
    # shellcheck disable=SC2086
    if ! ${CC:-cc} $cflags -o "$bin" "$src" "$lib" $libs >"$out/$name.cc.log" 2>&1; then
        printf '%s\t%s\t%s\t%s\t%s\tFAIL\n' "$name" "-" "compiles" \
            "compiler error (see $out/$name.cc.log)" "-" >>"$rows"
        continue
    fi
    start=$(date +%s)
    "$bin" "$mode" >"$out/$name.out" 2>"$out/$name.err"
    rc=$?
    echo "$name: $(($(date +%s) - start)) s" >"$out/$name.time"
    n=$(awk -F"$tab" 'NF == 6 && ($6 == "PASS" || $6 == "FAIL")' "$out/$name.out" | tee -a "$rows" | wc -l)
    if [ "$rc" -ne 0 ]; then
        printf '%s\t%s\t%s\t%s\t%s\tFAIL\n' "$name" "-" "exit 0" \
            "exit $rc: $(tail -n 1 "$out/$name.err" | tr '\t' ' ')" "-" >>"$rows"
    elif [ "$n" -eq 0 ]; then
        printf '%s\t%s\t%s\t%s\t%s\tFAIL\n' "$name" "-" "result rows" "none printed" "-" >>"$rows"
    fi
done

if [ ! -s "$rows" ]; then
    echo "validation: no check matched '${VALIDATION_FILTER:-}'" >&2
    exit 1
fi

echo "validation ($mode): $(date -u +%Y-%m-%d) $(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)"
awk -F"$tab" '
    { for (i = 1; i <= 6; i++) { c[NR, i] = $i; if (length($i) > w[i]) w[i] = length($i) } }
    END {
        split("check source expected measured tolerance verdict", h, " ")
        for (i = 1; i <= 6; i++) if (length(h[i]) > w[i]) w[i] = length(h[i])
        line = ""
        for (i = 1; i <= 6; i++) line = line (i < 6 ? sprintf("%-*s  ", w[i], h[i]) : h[i])
        print line
        line = ""
        for (i = 1; i <= 6; i++) { d = ""; for (k = 0; k < w[i]; k++) d = d "-"; line = line d (i < 6 ? "  " : "") }
        print line
        for (r = 1; r <= NR; r++) {
            line = ""
            for (i = 1; i <= 6; i++) line = line (i < 6 ? sprintf("%-*s  ", w[i], c[r, i]) : c[r, i])
            print line
        }
    }' "$rows"

nfail=$(awk -F"$tab" '$6 == "FAIL"' "$rows" | wc -l)
ntotal=$(wc -l <"$rows")
echo
echo "$((ntotal - nfail)) passed, $nfail failed"
if [ "$nfail" -gt 0 ]; then
    for f in "$out"/check_*.err; do
        [ -s "$f" ] || continue
        echo
        echo "--- $(basename "$f" .err) (stderr, first 40 lines):"
        head -n 40 "$f"
    done
    exit 1
fi
exit 0
