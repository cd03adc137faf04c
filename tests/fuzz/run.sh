#!/bin/sh
# run.sh - builds and runs the libFuzzer targets of govsim's input loaders.
#
#   sh tests/fuzz/run.sh quick [TARGET...]  smoke: replays every regression
#        input, then fuzzes each target from its seed corpus for
#        FUZZ_RUNS (2000) executions or 10 s, whichever comes first; fails on
#        any finding.  New inputs go to a scratch corpus that is thrown away.
#   sh tests/fuzz/run.sh full [TARGET...]   `make fuzz`: replays the
#        regressions, then fuzzes each target for FUZZ_SECONDS (120) with a
#        corpus kept in build/fuzz/corpus/<target> between runs.
#   sh tests/fuzz/run.sh build              builds the targets only.
# Logs: build/fuzz/logs/<mode>-<target>.log.
#
# Targets are tests/fuzz/fuzz_<name>.c; TARGET is <name> (config, nations,
# borders, edges_csv, edges_graphml, land_actors, land_matrix).  The library
# sources (sim/*.c but main.c, models/*.c) are compiled here with clang and
# -fsanitize=fuzzer-no-link,address,undefined into build/fuzz/obj (only what
# changed is recompiled); each target links them with libFuzzer's main.
# Seeds: tests/fuzz/corpus/<name>/; dictionaries: tests/fuzz/*.dict;
# regressions (every input that ever crashed, leaked or hung a loader, kept
# after the fix): tests/fuzz/regressions/<name>/.  A finding is any crash,
# sanitizer report, leak, timeout (-timeout=10), OOM (-rss_limit_mb=2048),
# or a broken promise that the target checks and reports as "fuzz: ..." (an
# error that is not one line, a world whose CSR layers break their
# invariants, a resolved config that does not load back to itself); its
# input is saved in build/fuzz/artifacts/<name>/.
# Prints per target: executions, exec/s, corpus size, coverage (cov: edges,
# ft: features) and findings.  Exit 1 on any finding or build failure.
set -u
mode=${1:-quick}
[ $# -gt 0 ] && shift
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
case "$mode" in quick | full | build) ;; *)
    echo "usage: sh tests/fuzz/run.sh quick|full|build [TARGET...]" >&2
    exit 2
    ;;
esac

CC=${FUZZ_CC:-clang}
if ! command -v "$CC" >/dev/null 2>&1; then
    echo "fuzz: $CC not found (apt-get install clang libclang-rt-14-dev)" >&2
    exit 1
fi
out=$top/build/fuzz
mkdir -p "$out/obj" "$out/logs"
PKGS="gsl igraph hdf5-serial inih libdeflate"
PKG_CFLAGS=$(pkg-config --cflags $PKGS) || exit 1
PKG_LIBS="$(pkg-config --libs $PKGS) -lhdf5_hl -lm"
SAN="address,undefined"
CFLAGS="-std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -g -O1 -fno-omit-frame-pointer \
-fopenmp -fno-sanitize-recover=undefined $PKG_CFLAGS"
jobs=$(nproc 2>/dev/null || echo 2)

# --- build ------------------------------------------------------------------
# An object is stale when it is missing or older than any file its .d lists.
stale() { # object
    [ -f "$1" ] && [ -f "${1%.o}.d" ] || return 0
    for dep in $(sed -e 's/^[^:]*://' -e 's/\\$//' "${1%.o}.d"); do
        [ "$dep" -nt "$1" ] && return 0
    done
    return 1
}
todo=""
objs=""
for src in $(ls sim/*.c models/*.c | grep -v '^sim/main\.c$'); do
    obj=$out/obj/${src%.c}.o
    objs="$objs $obj"
    stale "$obj" && todo="$todo $src"
done
if [ -n "$todo" ]; then
    echo "fuzz: compiling$(echo $todo | wc -w | sed 's/^/ /') library sources with $CC"
    mkdir -p "$out/obj/sim" "$out/obj/models"
    # xargs runs up to $jobs compilers at once; any failure fails the build.
    export FZ_CC="$CC" FZ_FLAGS="$CFLAGS -fsanitize=fuzzer-no-link,$SAN -MMD -MP" FZ_OUT="$out"
    : >"$out/logs/build.log"
    if ! printf '%s\n' $todo | xargs -P "$jobs" -n 1 sh -c \
        '$FZ_CC $FZ_FLAGS -c "$0" -o "$FZ_OUT/obj/${0%.c}.o" 2>>"$FZ_OUT/logs/build.log" ||
         { echo "fuzz: cannot compile $0" >&2; exit 255; }'; then
        tail -n 20 "$out/logs/build.log" >&2
        exit 1
    fi
    rm -f "$out/libgovsim.a"
fi
# The archive is rebuilt when an object was, or when the set of sources changed.
if [ ! -f "$out/libgovsim.a" ] || [ "$objs" != "$(cat "$out/objects.txt" 2>/dev/null)" ]; then
    rm -f "$out/libgovsim.a"
    ar rcs "$out/libgovsim.a" $objs || exit 1
    echo "$objs" >"$out/objects.txt"
fi

all_targets=$(ls tests/fuzz/fuzz_*.c | sed 's|.*/fuzz_||; s|\.c$||')
targets=${*:-$all_targets}
for t in $targets; do
    src=tests/fuzz/fuzz_$t.c
    bin=$out/fuzz_$t
    [ -f "$src" ] || { echo "fuzz: no target $t ($src)" >&2; exit 2; }
    if [ ! -x "$bin" ] || [ "$src" -nt "$bin" ] || [ "$out/libgovsim.a" -nt "$bin" ] ||
        [ -n "$(find tests/fuzz -name '*.h' -newer "$bin")" ]; then
        $CC $CFLAGS -Wall -Wextra -Werror -fsanitize=fuzzer,$SAN -o "$bin" "$src" \
            "$out/libgovsim.a" $PKG_LIBS || { echo "fuzz: cannot link $t" >&2; exit 1; }
    fi
done
[ "$mode" = build ] && exit 0

# --- run --------------------------------------------------------------------
# The targets' scratch files live under one directory per invocation
# (tmpfs when there is one), removed at the end even after a crash.
GOVSIM_FUZZ_TMP=
for root in /dev/shm "${TMPDIR:-/tmp}"; do
    [ -d "$root" ] && [ -w "$root" ] && GOVSIM_FUZZ_TMP=$(mktemp -d "$root/govsim-fuzz-run.XXXXXX") && break
done
export GOVSIM_FUZZ_TMP
trap 'rm -rf "$GOVSIM_FUZZ_TMP"' EXIT
trap 'exit 130' INT TERM
export ASAN_OPTIONS="detect_leaks=1:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export OMP_NUM_THREADS=1
seconds=${FUZZ_SECONDS:-120}
runs=${FUZZ_RUNS:-2000}
common="-timeout=10 -rss_limit_mb=2048 -print_final_stats=1"
failed=""

dict_of() {
    case "$1" in
    config) echo tests/fuzz/ini.dict ;;
    edges_graphml) echo tests/fuzz/graphml.dict ;;
    *) echo tests/fuzz/csv.dict ;;
    esac
}

# Prints the findings of one libFuzzer log: the saved inputs and the first
# report line (sanitizer summary or the harness's own "fuzz:" message).
findings() { # log
    grep -E '^(SUMMARY|==[0-9]+==ERROR|fuzz:|Test unit written to|ALARM|.*-- (leak|timeout|crash|oom))' "$1" |
        head -n 6 | sed 's/^/    /'
}

stat_of() { # log key
    sed -n "s/^stat::$2: *//p" "$1" | tail -n 1
}

printf '%-15s %10s %8s %7s %7s %7s  %s\n' target execs exec/s corpus cov ft findings
for t in $targets; do
    bin=$out/fuzz_$t
    log=$out/logs/$mode-$t.log # per mode: a smoke beside `make fuzz` keeps its log
    dict=$(dict_of "$t")
    art=$out/artifacts/$t
    mkdir -p "$art"
    : >"$log"
    # 1. Regressions: every saved input must now run clean.
    reg=tests/fuzz/regressions/$t
    if [ -d "$reg" ] && [ -n "$(ls -A "$reg" 2>/dev/null)" ]; then
        if ! "$bin" $common -artifact_prefix="$art/" "$reg"/* >>"$log" 2>&1 </dev/null; then
            printf '%-15s REGRESSION FAILED (log: %s)\n' "$t" "$log"
            findings "$log"
            failed="$failed $t"
            continue
        fi
    fi
    # 2. Fuzzing from the seeds.
    if [ "$mode" = quick ]; then
        corp=$out/quick-corpus/$t
        rm -rf "$corp"
        mkdir -p "$corp"
        set -- -runs="$runs" -max_total_time=10
    else
        corp=$out/corpus/$t
        mkdir -p "$corp"
        set -- -max_total_time="$seconds"
    fi
    "$bin" "$@" $common -dict="$dict" -artifact_prefix="$art/" "$corp" "tests/fuzz/corpus/$t" \
        >>"$log" 2>&1 </dev/null
    rc=$?
    last=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -n 1)
    cov=$(echo "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
    ft=$(echo "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
    execs=$(stat_of "$log" number_of_executed_units)
    eps=$(stat_of "$log" average_exec_per_sec)
    ncorp=$(ls "$corp" | wc -l)
    nseed=$(ls "tests/fuzz/corpus/$t" | wc -l)
    if [ $rc -eq 0 ]; then
        verdict=none
    else
        verdict="FOUND (exit $rc; log: $log)"
        failed="$failed $t"
    fi
    # libFuzzer reports 0 exec/s for a run shorter than a second.
    [ "${eps:-}" = 0 ] && [ "${execs:-0}" -gt 0 ] && eps=">$execs"
    printf '%-15s %10s %8s %7s %7s %7s  %s\n' "$t" "${execs:-?}" "${eps:-?}" \
        "$((ncorp + nseed))" "${cov:-?}" "${ft:-?}" "$verdict"
    [ $rc -eq 0 ] || findings "$log"
    [ "$mode" = quick ] && rm -rf "$corp"
done
echo "(corpus = seeds + inputs found; cov = code edges reached, ft = libFuzzer features)"
if [ -n "$failed" ]; then
    echo "fuzz: findings in:$failed (inputs in $out/artifacts/; add each to" \
        "tests/fuzz/regressions/<target>/ once fixed)"
    exit 1
fi
exit 0
