# determinism.sh - the same seed gives the same bytes (cmp) for any thread
# count and any number of MPI ranks: sweep, compare, sensitivity (and run
# when it is available), with -j 1 and -j 2, and with govsim-mpi on one
# rank and under `mpirun -n 2` and `-n 3`.  govsim-mpi is built (make mpi's
# script) when missing; without mpicc/mpirun the MPI half is skipped.
. "$TOP/tests/lib/e2e.sh"
export SOURCE_DATE_EPOCH=0
cat >"$T/d.ini" <<'INI'
[scenario]
name = det
steps = 10
replicates = 5
seed = 99
[world]
kind = ws
n = 50
degree = 4
[prior]
cn.leverage = beta(2, 5)
[event shock]
time = 2026.0
key = nation.threat
op = add
value = 0.1
INI
cat >"$T/e.ini" <<'INI'
[scenario]
base = d.ini
name = det2
[us]
security = 0.2
INI

# name ARGS...: runs "$GOVSIM ARGS -o $T/name.j1.h5" etc.
runs="sweep compare sensitivity"
args_sweep="sweep $T/d.ini --vary cn.budget=0:1:0.5 --vary us.compute=lhs:3:0:1"
args_compare="compare $T/d.ini $T/e.ini"
args_sensitivity="sensitivity $T/d.ini --vary cn.budget=0:2 --vary alignment.lambda=0.5:2 --samples 4"
args_run="run $T/d.ini"
"$GOVSIM" run "$T/d.ini" -o "$T/probe.h5" -q >/dev/null 2>&1 && runs="$runs run"

for c in $runs; do
    eval "set -- \$args_$c"
    expect_exit 0 "$GOVSIM" "$@" -q -j 1 -o "$T/$c.j1.h5"
    expect_exit 0 "$GOVSIM" "$@" -q -j 2 -o "$T/$c.j2.h5"
    cmp "$T/$c.j1.h5" "$T/$c.j2.h5" || fail "$c: -j 2 gives other bytes than -j 1"
    expect_exit 0 "$GOVSIM" "$@" -q -j 2 -o "$T/$c.again.h5"
    cmp "$T/$c.j1.h5" "$T/$c.again.h5" || fail "$c: a second run gives other bytes"
done

# MPI.
MPI="$(dirname "$GOVSIM")/govsim-mpi"
if ! command -v mpirun >/dev/null 2>&1 || ! command -v mpicc >/dev/null 2>&1; then
    echo "skip: no mpirun/mpicc (apt-get install openmpi-bin libopenmpi-dev)"
    exit 77
fi
if [ ! -x "$MPI" ] || [ "$MPI" -ot "$GOVSIM" ]; then
    sh "$TOP/tools/build_mpi.sh" "$(dirname "$GOVSIM")" >"$T/build.log" 2>&1 ||
        { tail -n 20 "$T/build.log" >&2; fail "building govsim-mpi"; }
fi
# Root in CI: mpirun refuses root without these; --oversubscribe lets 3
# ranks share 2 cores.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
# timeout: a protocol bug must fail the test, not hang the suite.
mpirun="timeout 300 mpirun --allow-run-as-root --oversubscribe --bind-to none"
# `run` joins once sim/cmd_run.c opens its output on rank 0 only.
mpi_runs="sweep compare sensitivity"
grep -q "gs_ens_open\|gs_par_rank" "$TOP/sim/cmd_run.c" && mpi_runs="$runs"
for c in $mpi_runs; do
    eval "set -- \$args_$c"
    expect_exit 0 timeout 300 "$MPI" "$@" -q -j 1 -o "$T/$c.mpi1.h5"
    cmp "$T/$c.j1.h5" "$T/$c.mpi1.h5" || fail "$c: govsim-mpi on one rank differs from govsim"
    expect_exit 0 $mpirun -n 2 "$MPI" "$@" -q -j 1 -o "$T/$c.mpi2.h5"
    cmp "$T/$c.j1.h5" "$T/$c.mpi2.h5" || fail "$c: 2 MPI ranks give other bytes"
    expect_exit 0 $mpirun -n 3 "$MPI" "$@" -q -j 2 -o "$T/$c.mpi3.h5"
    cmp "$T/$c.j1.h5" "$T/$c.mpi3.h5" || fail "$c: 3 MPI ranks x 2 threads give other bytes"
done
# An error on rank 0 (the output exists) stops every rank: exit 2, no hang.
expect_exit 2 $mpirun -n 2 "$MPI" sweep "$T/d.ini" -q -o "$T/sweep.j1.h5"
grep -q "exists; use --force" "$T/err" || fail "MPI: error not reported"
# A failing task under MPI is recorded like in the serial build.
cat >"$T/f.ini" <<'INI'
[scenario]
base = d.ini
name = fail
[event boost]
time = 2026.0
key = cn.compute
op = scale
value = 1.5
INI
expect_exit 1 "$GOVSIM" sweep "$T/f.ini" --vary cn.compute=0.4,0.9 -q -o "$T/f1.h5"
expect_exit 1 $mpirun -n 2 "$MPI" sweep "$T/f.ini" --vary cn.compute=0.4,0.9 -q -o "$T/f2.h5"
cmp "$T/f1.h5" "$T/f2.h5" || fail "failed tasks: MPI file differs"
exit 0
