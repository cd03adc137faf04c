# valgrind.sh - memcheck over the plain build ($GOVSIM, -O2 -g): a small
# baseline run on two threads, a small sweep, a GraphML export and two
# input-error exits must show no invalid read or write, no use of
# uninitialised memory and no definite or indirect leak.  "Still reachable"
# and "possibly lost" blocks (libgomp's thread pool, HDF5's and igraph's
# global tables live until exit) are not errors.  tests/valgrind.supp holds
# the suppressions for library-internal reports, each with its reason.
# The runs also write the same data as without valgrind (valgrind changes
# thread timing and fills fresh memory differently, so data that depended on
# either would differ): every dataset and attribute equal, except /summary/*
# to 1e-12 (relative): GSL's statistics accumulate in long double, which
# valgrind emulates with 64 bits, so the files are not compared with cmp.
# Skipped (77) when valgrind is not installed.  About 40 s.
. "$TOP/tests/lib/e2e.sh"
command -v valgrind >/dev/null 2>&1 || { echo "valgrind not installed (apt-get install valgrind)"; exit 77; }
export SOURCE_DATE_EPOCH=1767225600
export OMP_NUM_THREADS=2

vg() { # expected-exit label command...
    want=$1
    label=$2
    shift 2
    valgrind -q --leak-check=full --show-leak-kinds=definite,indirect \
        --errors-for-leak-kinds=definite,indirect \
        --error-exitcode=99 --num-callers=30 --gen-suppressions=all \
        --suppressions="$TOP/tests/valgrind.supp" --log-file="$T/vg-$label.log" \
        "$@" >"$T/out" 2>"$T/err"
    got=$?
    if [ "$got" -ne "$want" ]; then
        cat "$T/vg-$label.log" "$T/err" >&2
        fail "$label: exit $got under valgrind, expected $want (99 = memcheck errors or leaks)"
    fi
    # -q prints only errors: any report at all is a finding, whatever the exit.
    if grep -q '^==[0-9]*== [A-Z]' "$T/vg-$label.log"; then
        cat "$T/vg-$label.log" >&2
        fail "$label: memcheck reported something"
    fi
}

same_data() { # a.h5 b.h5: the same datasets and attributes (see above)
    "${PYTHON:-/usr/bin/python3}" - "$1" "$2" <<'EOF'
import sys
import h5py
import numpy as np

a, b = h5py.File(sys.argv[1], "r"), h5py.File(sys.argv[2], "r")
bad = []


def same(x, y, loose):
    x, y = np.asarray(x), np.asarray(y)
    if x.shape != y.shape or x.dtype != y.dtype:
        return False
    if x.dtype.kind == "f":
        if loose:
            return np.allclose(x, y, rtol=1e-12, atol=0, equal_nan=True)
        return np.array_equal(x, y, equal_nan=True)
    return np.array_equal(x, y)


def visit(name, obj):
    other = b.get(name)
    if other is None or type(other) is not type(obj):
        bad.append(name + ": missing in the second file or of another kind")
        return
    for k, v in obj.attrs.items():
        if k in ("DIMENSION_LIST", "REFERENCE_LIST"):
            continue  # object references: addresses in the file
        if k not in other.attrs or not same(v, other.attrs[k], False):
            bad.append(name + ": attribute " + k)
    if isinstance(obj, h5py.Dataset):
        if not same(obj[()], other[()], name.startswith("summary/")):
            bad.append(name)


visit("/", a["/"])
a.visititems(visit)
names_b = []
b.visit(names_b.append)
bad += [n + ": only in the second file" for n in names_b if n not in a]
if bad:
    print("differences: " + ", ".join(bad), file=sys.stderr)
sys.exit(1 if bad else 0)
EOF
}

# 1. The baseline, small: 4 replicates of 8 steps on 2 threads.
base="$TOP/scenarios/baseline.ini"
vg 0 run "$GOVSIM" run "$base" -r 4 -j 2 --set scenario.steps=8 -o vg.h5 -q
expect_exit 0 "$GOVSIM" run "$base" -r 4 -j 2 --set scenario.steps=8 -o plain.h5 -q
same_data vg.h5 plain.h5 || fail "the run under valgrind wrote different data"

# 2. A small sweep: 2 x 2 points, 2 replicates of 4 steps.
vg 0 sweep "$GOVSIM" sweep "$base" --vary cn.budget=0.005,0.01 --vary us.export_controls=0,1 \
    -r 2 -j 2 --set scenario.steps=4 -o sweep.h5 -q
expect_exit 0 "$GOVSIM" sweep "$base" --vary cn.budget=0.005,0.01 --vary us.export_controls=0,1 \
    -r 2 -j 2 --set scenario.steps=4 -o sweep_plain.h5 -q
same_data sweep.h5 sweep_plain.h5 || fail "the sweep under valgrind wrote different data"

# 3. igraph's GraphML writer over the whole world.
vg 0 world "$GOVSIM" world "$base" --export world.graphml
grep -q '<graphml' world.graphml || fail "no GraphML written"

# 4. Error exits free what they built: a bad nation table (found after the
#    config is loaded) and a bad edge list (found after the world is built).
sed '3s/,/;/' "$TOP/scenarios/data/nations.csv" >bad_nations.csv
printf '[scenario]\nbase = %s\n[world]\nnations = bad_nations.csv\n' "$base" >bad1.ini
vg 2 bad_nations "$GOVSIM" run bad1.ini -r 1 --set scenario.steps=2 -o bad1.h5 -q
grep -q 'bad_nations.csv:3: ' "$T/err" || { cat "$T/err" >&2; fail "bad nations: message"; }
printf 'source,target,layer,weight\nUSA,CHN,trade,1\nUSA,XXX,trade,1\n' >bad_edges.csv
printf '[scenario]\nbase = %s\n[world]\nedges = bad_edges.csv\n' "$base" >bad2.ini
vg 2 bad_edges "$GOVSIM" run bad2.ini -r 1 --set scenario.steps=2 -o bad2.h5 -q
grep -q "bad_edges.csv:3: column 'target': unknown ISO3 'XXX'" "$T/err" ||
    { cat "$T/err" >&2; fail "bad edges: message"; }
[ ! -e bad1.h5 ] && [ ! -e bad2.h5 ] || fail "an input error left an output file"
exit 0
