#!/bin/sh
# tests/bench/run.sh - `make bench`: one table of performance figures, also
# written to results/bench.csv (columns item,value,unit,runs,note).
#
#   1. the floor: a gather kernel over the trade layer's CSR arrays of a BA
#      world (bench_step.c), in edge reads per second;
#   2. gs_model_step on BA worlds (m = 5) for N = 10^3 .. 10^7: edge reads/s,
#      ns per nation-update, ratio to the floor at the same N;
#   3. the baseline scenario through the library API (bench_run.c):
#      replicate-runs/s at -j1 and -j2, output.level shares and full, the
#      HDF5 writer's share of the run time (its calls' CPU time, and runs
#      with the writer against runs without), file size per replicate; and
#      `govsim run` itself;
#   4. peak memory per node and per edge at N = 10^7 (VmHWM);
#   5. a Sobol sensitivity run over the 20 plan features (both poles),
#      1024 base samples, 20 replicates each, -j2, output.level = shares.
# Every timed figure is a median of several runs (the runs column).
#
# Environment:
#   BUILD=dir          build directory (default build; make bench builds it)
#   BENCH_MAX_N=N      largest N of item 2 (default 10000000)
#   BENCH_SOBOL_N=N    base samples actually run for item 5 (default 64); the
#                      1024-sample wall time is then extrapolated linearly
#                      (the work is N (k + 2) R runs), and the note says so.
#                      BENCH_SOBOL_N=1024 runs the full analysis once
#                      (minutes); smaller N runs three times (median).
#   BENCH_REPS=R       replicates per timed baseline run (default 1000)
#   BENCH_PAIRS=K      pairs of -j1 baseline runs, with and without the writer
#                      (default 7)
#   BENCH_SPEEDUP_PAIRS=K  pairs of -j1 and -j2 runs for the speed-up rows
#                      (default 5)
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
cd "$TOP" || exit 1
BUILD=${BUILD:-build}
MAXN=${BENCH_MAX_N:-10000000}
SOBOL_N=${BENCH_SOBOL_N:-64}
REPS=${BENCH_REPS:-1000}
GOVSIM=$TOP/$BUILD/govsim
BIN=$TOP/$BUILD/bench
OUT=$TOP/results/bench.csv
TMP=$(mktemp -d "${TMPDIR:-/tmp}/govsim-bench.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT INT TERM
ROWS=$TMP/rows.csv

# Same flags as the Makefile's library objects.
PKGS="gsl igraph hdf5-serial inih libdeflate"
CFLAGS="-std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror -g -fopenmp -O2 \
$(pkg-config --cflags $PKGS)"
LIBS="-O2 -fopenmp $(pkg-config --libs $PKGS) -lhdf5_hl -lm"
mkdir -p "$BIN" "$TOP/results"
for b in bench_step bench_run; do
    # bench_run times the writer's calls through a wrapper (bench_run.c)
    wrap=""
    [ "$b" = bench_run ] && wrap="-Wl,--wrap=gs_h5_write_task"
    # shellcheck disable=SC2086
    cc $CFLAGS -o "$BIN/$b" "tests/bench/$b.c" "$TOP/$BUILD/libgovsim.a" $LIBS $wrap ||
        { echo "bench: cannot build $b" >&2; exit 1; }
done
[ -x "$GOVSIM" ] || { echo "bench: $GOVSIM missing (make all)" >&2; exit 1; }

row() { printf '%s,%s,%s,%s,%s\n' "$1" "$2" "$3" "$4" "$5" >> "$ROWS"; }
# median FILE: the median of the numbers in FILE, one per line (the lower
# one of an even count).
median() { sort -g "$1" | sed -n "$((($(wc -l < "$1") + 1) / 2))p"; }
# timed K OUT CMD...: runs CMD (output to OUT) K times and prints the median
# wall time in seconds; prints nothing and fails as soon as a run fails.
timed() {
    k=$1 out=$2 i=0
    shift 2
    : > "$TMP/timed.t"
    while [ "$i" -lt "$k" ]; do
        i=$((i + 1))
        s=$(date +%s.%N)
        "$@" > "$out" 2>&1 || return 1
        e=$(date +%s.%N)
        awk -v s="$s" -v e="$e" 'BEGIN { print e - s }' >> "$TMP/timed.t"
    done
    median "$TMP/timed.t"
}
t0=$(date +%s)
echo "govsim bench: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
row "machine" "$(nproc)" "cores" 1 "$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //; s/,/ /g'); load $(cut -d' ' -f1 /proc/loadavg) at start"

# ---- 1, 2, 4: floor and step on BA worlds ---------------------------------
for n in 1000 10000 100000 1000000 10000000; do
    [ "$n" -gt "$MAXN" ] && continue
    echo "  step, N = $n ..." >&2
    secs=2
    [ "$n" -ge 10000000 ] && secs=20 # a batch is one step: 3 steps per figure
    if ! "$BIN/bench_step" "$n" "$secs" > "$TMP/step.$n" 2> "$TMP/step.$n.err"; then
        echo "bench: bench_step $n failed: $(cat "$TMP/step.$n.err")" >&2
        row "step N=$n" "failed" "" 0 "$(head -c 150 "$TMP/step.$n.err" | tr ',\n' ';;')"
        continue
    fi
    if [ "$n" -ge 10000000 ]; then
        cat "$TMP/step.$n" >> "$ROWS" # with world build time and peak memory
    else
        grep -v -e '^peak memory' -e '^world build' "$TMP/step.$n" >> "$ROWS"
    fi
done

# ---- 3: the baseline scenario ----------------------------------------------
# bench_run prints the medians "wall cpu close bytes writer" of its runs of
# REPS replicates (cpu: all threads; close: gs_h5_close; writer: CPU time in
# the writer's calls), and with WRITE = 2 (runs with and without the writer,
# in pairs) also "cpu-without share": the median over the pairs of
# (with - without) / with.  The HDF5 share is reported both ways: the
# writer's own CPU time over the run's (direct, steady) and the paired
# difference (also counts what the writer costs the model indirectly, e.g.
# caches refilled, but moves by a few points between benches).
PAIRS=${BENCH_PAIRS:-7}
SPEEDUP_PAIRS=${BENCH_SPEEDUP_PAIRS:-5}
rate() { awk -v r="$REPS" -v t="$1" 'BEGIN { printf "%.0f", r / t }'; }
for level in shares full; do
    for j in 1 2; do
        echo "  baseline, $level, -j$j ..." >&2
        if [ "$j" = 1 ]; then
            set -- $("$BIN/bench_run" scenarios/baseline.ini "$REPS" 1 "$level" 2 "$PAIRS" "$TMP/b.h5")
            runs=$PAIRS
        else
            set -- $("$BIN/bench_run" scenarios/baseline.ini "$REPS" 2 "$level" 1 3 "$TMP/b.h5")
            runs=3
        fi
        if [ $# -lt 5 ] || { [ "$j" = 1 ] && [ $# -lt 7 ]; }; then
            row "baseline $level -j$j" "failed" "" 0 ""
            continue
        fi
        eval "t_${level}_$j=$1"
        row "baseline $level -j$j" "$(rate "$1")" "replicate-runs/s" "$runs" \
            "wall clock; $REPS replicates with the HDF5 writer (library API)"
        [ "$j" = 1 ] || continue
        row "baseline $level -j1 CPU" "$(rate "$2")" "replicate-runs/CPU-s" "$runs" \
            "per core: replicates per CPU second (steady under other load)"
        row "baseline $level -j1 no writer CPU" "$(rate "$6")" "replicate-runs/CPU-s" "$runs" \
            "gs_run with out = NULL"
        row "HDF5 share $level" "$(awk -v a="$5" -v b="$2" 'BEGIN { printf "%.1f", 100 * a / b }')" \
            "% of run time" "$runs" \
            "direct: CPU in gs_h5_create + gs_h5_write_task + gs_h5_close / run CPU; -j1; target <= 10 at shares"
        row "HDF5 share $level paired" "$7" "% of run time" "$runs" \
            "(CPU with writer - without) / with; median over $PAIRS alternating pairs; -j1"
        row "HDF5 close $level" "$(awk -v a="$3" -v b="$1" 'BEGIN { printf "%.1f", 100 * a / b }')" \
            "% of run time" "$runs" "gs_h5_close: /summary statistics, last chunks; part of the HDF5 share"
        row "file size $level" \
            "$(awk -v b="$4" -v r="$REPS" 'BEGIN { printf "%.0f", b / r }')" "bytes/replicate" 1 \
            "$4 bytes for $REPS replicates"
    done
    # The speed-up from alternating pairs of single runs (-j1 then -j2), the
    # median of the pairs' ratios: a burst of other load then spoils one
    # pair, not the whole figure (the medians of separate batches above
    # gave 1.72 once where pairs gave 1.87-1.92).
    : > "$TMP/speedup.t"
    k=0
    while [ "$k" -lt "$SPEEDUP_PAIRS" ]; do
        k=$((k + 1))
        a=$("$BIN/bench_run" scenarios/baseline.ini "$REPS" 1 "$level" 1 1 "$TMP/b.h5" | cut -d' ' -f1)
        b=$("$BIN/bench_run" scenarios/baseline.ini "$REPS" 2 "$level" 1 1 "$TMP/b.h5" | cut -d' ' -f1)
        [ -n "$a" ] && [ -n "$b" ] && awk -v a="$a" -v b="$b" 'BEGIN { print a / b }' >> "$TMP/speedup.t"
    done
    n=$(wc -l < "$TMP/speedup.t")
    if [ "$n" -gt 0 ]; then
        row "speedup $level -j2/-j1" \
            "$(median "$TMP/speedup.t" | awk '{ printf "%.2f", $1 }')" \
            "x" "$n" "wall clock; median over $n alternating pairs of -j1 and -j2 runs; target >= 1.8 at shares (needs an otherwise idle machine)"
    fi
done
# The command itself (world build, config, report included).
if t=$(timed 3 /dev/null "$GOVSIM" run scenarios/baseline.ini -r "$REPS" -q -o "$TMP/cli.h5" \
    --force --set output.level=shares); then
    row "govsim run shares -j1" "$(rate "$t")" \
        "replicate-runs/s" 3 "govsim run scenarios/baseline.ini -r $REPS -q --set output.level=shares"
else
    row "govsim run shares -j1" "failed" "" 0 ""
fi

# ---- 5: Sobol sensitivity over the 20 plan features ------------------------
V=""
for p in us cn; do
    for f in compute energy capacity open_models frontier security standards_voice \
        multilateralism data sovereignty; do V="$V --vary $p.$f=0:1"; done
done
if "$GOVSIM" sensitivity --help > /dev/null 2>&1; then
    echo "  sobol, N = $SOBOL_N ..." >&2
    # three runs at N = 64 (the median); one at the full N = 1024 (minutes)
    nrun=3
    [ "$SOBOL_N" -ge 1024 ] && nrun=1
    # shellcheck disable=SC2086
    if t=$(timed "$nrun" "$TMP/sobol.out" "$GOVSIM" sensitivity scenarios/baseline.ini $V \
        --samples "$SOBOL_N" -r 20 -j 2 -q -o "$TMP/sobol.h5" --force --set output.level=shares); then
        secs=$(awk -v t="$t" -v n="$SOBOL_N" 'BEGIN { printf "%.1f", t * 1024 / n }')
        bytes=$(stat -c %s "$TMP/sobol.h5")
        if [ "$SOBOL_N" = 1024 ]; then note="measured"; else note="extrapolated x$((1024 / SOBOL_N)) from N=$SOBOL_N"; fi
        row "sobol 20 features N=1024 R=20 -j2" "$secs" "s" "$nrun" \
            "$note; $((SOBOL_N * 22 * 20)) replicate-runs; file $((bytes / 1048576)) MiB; target < 300"
    else
        row "sobol 20 features N=1024 R=20 -j2" "failed" "" 0 \
            "$(tail -n 1 "$TMP/sobol.out" | head -c 150 | tr ',' ';')"
    fi
else
    row "sobol 20 features N=1024 R=20 -j2" "not available" "" 0 "govsim sensitivity missing"
fi

# ---- long sweeps: constant memory (issue 10) --------------------------------
echo "  sweep memory, 1k / 10k / 100k points ..." >&2
GOVSIM="$GOVSIM" sh "$TOP/tests/bench/sweep_rss.sh" >> "$ROWS" ||
    row "sweep_peak_rss" "failed" "" 0 "tests/bench/sweep_rss.sh failed"

# ---- the table ---------------------------------------------------------------
{
    echo "item,value,unit,runs,note"
    cat "$ROWS"
} > "$OUT"
echo
awk -F, 'NR > 1 {
    note = $5; for (k = 6; k <= NF; k++) note = note "," $k
    printf "  %-34s %14s  %-18s %4s  %s\n", $1, $2, $3, $4, note
}' "$OUT"
echo
echo "  wrote $OUT ($(($(date +%s) - t0)) s)"
