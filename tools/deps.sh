#!/bin/sh
# deps.sh - make sure every Debian package govsim needs is installed.
# As root: installs what is missing with apt-get.  Otherwise: prints the one
# command that would, and fails.  Run by `make run` and `make test` (and
# every other target that builds), so a fresh machine needs nothing else.
set -u

PKGS="build-essential pkg-config clang libclang-rt-14-dev libgsl-dev libigraph-dev \
libhdf5-dev hdf5-tools libdeflate-dev librandom123-dev libinih-dev libcmocka-dev libopenmpi-dev openmpi-bin \
valgrind util-linux time python3 python3-h5py python3-numpy python3-matplotlib python3-xarray \
python3-h5netcdf jupyter-nbconvert python3-ipykernel"

missing=""
for p in $PKGS; do
    # dpkg-query is the package database's own answer; much faster than apt.
    st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)
    [ "$st" = "installed" ] || missing="$missing $p"
done

if [ -z "$missing" ]; then
    exit 0
fi

if [ "$(id -u)" = "0" ]; then
    echo "deps: installing:$missing" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >&2 || { echo "deps: apt-get update failed" >&2; exit 1; }
    # shellcheck disable=SC2086
    apt-get install -y -q --no-install-recommends $missing >&2 ||
        { echo "deps: apt-get install failed" >&2; exit 1; }
    exit 0
fi

echo "deps: missing Debian packages. Install them with:" >&2
echo "  sudo apt-get update && sudo apt-get install -y$missing" >&2
exit 1
