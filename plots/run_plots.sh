#!/bin/sh
# run_plots.sh - what `make plots` runs: makes the result files the notebooks
# read (when missing), executes every notebook headless, and leaves
#   results/figures/*.png       every figure (saved by the notebooks)
#   results/report/*.html       each executed notebook, self-contained
# Run from anywhere; paths are relative to the repository root.
#
# Inputs (made only when missing; PLOTS_FORCE=1 remakes them):
#   results/baseline.h5     govsim run scenarios/baseline.ini
#   results/compare.h5      govsim compare baseline.ini china_capacity_surge.ini
#   results/sweep.h5        govsim sweep  (PLOTS_SWEEP_ARGS overrides the grid)
#   results/sensitivity.h5  govsim sensitivity (PLOTS_SENS_ARGS overrides)
# A command that answers "not available in this version" (exit 2) skips its
# notebook with a message; any other failure is reported and makes the
# script exit 1 after the remaining notebooks have run.
#   GOVSIM=path/to/govsim   (default build/govsim)
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
PY=/usr/bin/python3 # Debian's interpreter: the one with h5py, xarray, nbconvert
GOVSIM=${GOVSIM:-build/govsim}
RES=results
FIG=$RES/figures
REP=$RES/report
SWEEP_ARGS=${PLOTS_SWEEP_ARGS:---vary cn.capacity=0,0.25,0.5,0.75,1 --vary us.export_controls=0,0.25,0.5,0.75,1 -r 20 --set output.level=shares}
SENS_ARGS=${PLOTS_SENS_ARGS:---vary cn.compute=0:1 --vary cn.capacity=0:1 --vary cn.multilateralism=0:1 --vary us.frontier=0:1 --vary us.security=0:1 --vary us.export_controls=0:1 --method sobol --samples 64 -r 4 --set output.level=shares}
mkdir -p "$FIG" "$REP" || exit 1
status=0
log=$(mktemp "${TMPDIR:-/tmp}/govplot.XXXXXX")
trap 'rm -f "$log"' EXIT

[ -x "$GOVSIM" ] || { echo "plots: $GOVSIM not found: build it first (make all)" >&2; exit 1; }

# produce OUT CMD...: runs CMD (which writes OUT) unless OUT exists.
# Returns 0 when OUT is there, 2 when the command is not available in this
# version, 1 on any other failure.
produce() {
    out=$1
    shift
    if [ -f "$out" ] && [ -z "${PLOTS_FORCE:-}" ]; then
        echo "plots: using existing $out"
        return 0
    fi
    [ -n "${PLOTS_FORCE:-}" ] && set -- "$@" --force
    echo "plots: $*"
    "$@" 2>"$log"
    rc=$?
    if [ $rc -eq 2 ] && grep -q "not available in this version" "$log"; then
        return 2
    fi
    cat "$log" >&2
    if [ $rc -ne 0 ] || [ ! -f "$out" ]; then
        echo "plots: failed (exit $rc): $*" >&2
        return 1
    fi
    return 0
}

# notebook NAME [VAR=VALUE]...: executes plots/NAME.ipynb headless with the
# given environment and writes results/report/NAME.html.
notebook() {
    nb=$1
    shift
    echo "plots: executing plots/$nb.ipynb"
    env "$@" GOVSIM_FIGDIR="$top/$FIG" PYDEVD_DISABLE_FILE_VALIDATION=1 MPLBACKEND=Agg \
        "$PY" -m nbconvert --to html --execute --output-dir "$REP" \
        --ExecutePreprocessor.timeout=1800 --ExecutePreprocessor.kernel_name=python3 \
        "plots/$nb.ipynb" 2>"$log"
    rc=$?
    # ipykernel's debugger chatter about frozen modules is noise here
    grep -v -e "Debugger warning" -e "frozen modules" -e "frozen_modules" \
        -e "Debugging will proceed" "$log" >&2
    if [ $rc -ne 0 ]; then
        echo "plots: plots/$nb.ipynb failed (exit $rc)" >&2
        status=1
        return
    fi
    # Self-contained: Debian's template links MathJax and require.js from
    # /usr/share/javascript; the reports use neither (no math, no widgets).
    sed -i -e '/<script[^>]*src="file:\/\//d' "$REP/$nb.html"
    echo "plots: wrote $REP/$nb.html"
}

skip() { # NOTEBOOK REASON
    echo "plots: skipping plots/$1.ipynb: $2" >&2
}

# 1. one run
produce "$RES/baseline.h5" "$GOVSIM" run scenarios/baseline.ini -o "$RES/baseline.h5"
case $? in
0) notebook explore_run GOVSIM_RUN="$top/$RES/baseline.h5" ;;
2) skip explore_run "govsim run is not available in this version" ;;
*) status=1 ;;
esac

# 2. two scenarios with common random numbers
produce "$RES/compare.h5" "$GOVSIM" compare scenarios/baseline.ini \
    scenarios/china_capacity_surge.ini -o "$RES/compare.h5"
case $? in
0) notebook compare_scenarios GOVSIM_COMPARE="$top/$RES/compare.h5" ;;
2) skip compare_scenarios "govsim compare is not available in this version" ;;
*) status=1 ;;
esac

# 3. a sweep and a sensitivity analysis: the notebook runs when either exists
# shellcheck disable=SC2086
produce "$RES/sweep.h5" "$GOVSIM" sweep scenarios/baseline.ini $SWEEP_ARGS -o "$RES/sweep.h5"
sw=$?
# shellcheck disable=SC2086
produce "$RES/sensitivity.h5" "$GOVSIM" sensitivity scenarios/baseline.ini $SENS_ARGS \
    -o "$RES/sensitivity.h5"
se=$?
[ $sw -eq 2 ] && echo "plots: govsim sweep is not available in this version" >&2
[ $se -eq 2 ] && echo "plots: govsim sensitivity is not available in this version" >&2
[ $sw -eq 1 ] || [ $se -eq 1 ] && status=1
if [ $sw -eq 0 ] || [ $se -eq 0 ]; then
    notebook sweep_and_sensitivity GOVSIM_SWEEP="$top/$RES/sweep.h5" \
        GOVSIM_SENS="$top/$RES/sensitivity.h5"
else
    skip sweep_and_sensitivity "neither its sweep nor its sensitivity file could be made"
fi

n=$(find "$FIG" -name '*.png' | wc -l)
echo "plots: $n figures in $FIG/, reports in $REP/"
exit $status
