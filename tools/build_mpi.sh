#!/bin/sh
# build_mpi.sh BUILD - builds BUILD/govsim-mpi: the same sources as govsim,
# compiled by OpenMPI's mpicc with -DGS_MPI (which turns on the task farm in
# sim/parallel.c, the only file that includes mpi.h).  Objects go to
# BUILD/mpi/ so the serial build is untouched; `make mpi` calls this.
set -eu
build=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
if ! command -v mpicc >/dev/null 2>&1; then
    echo "build_mpi: mpicc not found: apt-get install libopenmpi-dev openmpi-bin" >&2
    exit 1
fi
# The Makefile does the work: same flags, CC replaced, one extra define.
make --no-print-directory BUILD="$build/mpi" CC=mpicc CFLAGS="-DGS_MPI ${CFLAGS:-}" \
    "$build/mpi/govsim"
cp -f "$build/mpi/govsim" "$build/govsim-mpi.tmp"
mv -f "$build/govsim-mpi.tmp" "$build/govsim-mpi"
echo "built $build/govsim-mpi"
