# faults.sh - resource faults give one clear line, exit 1 or 2, no crash,
# and leave any previous result untouched (cmp against a saved copy):
#  1. a file-size limit (ulimit -f) hit by the HDF5 writer: exit 1,
#     "PATH.partial: cannot write ...: File too large", no .partial and no
#     journal left (nothing had finished);
#  2. the limit hit by the journal after finished tasks: exit 1, the line
#     says the finished tasks are kept; without the limit --resume finishes
#     the run into the same bytes as an uninterrupted one;
#  3. a full disk (a 3 MiB tmpfs; skipped when mounting is not allowed):
#     exit 1, "No space left on device";
#  4. an unwritable output directory (setpriv to nobody; root-owned, 755):
#     exit 2 naming the path;
#  5. unreadable inputs (a scenario, a nations table): exit 2 naming the file;
#  6. out of memory building a world (ulimit -v 200 MB, world.kind = ba,
#     n = 10^7): exit 1, "out of memory", no crash (plain build only: ulimit
#     -v breaks AddressSanitizer).
. "$TOP/tests/lib/e2e.sh"
export SOURCE_DATE_EPOCH=0
D="$TOP/scenarios/data"
cat >"$T/f.ini" <<INI
[scenario]
name = faults
steps = 20
replicates = 40
seed = 3
[world]
nations = $D/nations.csv
borders = $D/borders.csv
INI
cat >"$T/wide.ini" <<'INI'
[scenario]
name = wide
steps = 1
replicates = 1
[world]
kind = er
n = 200000
degree = 6
[output]
level = shares
INI
# a previous result, kept byte for byte through every fault below
expect_exit 0 "$GOVSIM" run "$T/f.ini" -r 3 -o "$T/prev.h5" -q
cp "$T/prev.h5" "$T/prev.saved"
untouched() { cmp "$T/prev.h5" "$T/prev.saved" || fail "$1: the previous result changed"; }
none_left() {
    for f in "$@"; do [ ! -e "$f" ] || fail "$f left behind"; done
}

# ---- 1. file-size limit in the HDF5 writer ------------------------------------
(ulimit -f 1000 && exec "$GOVSIM" run "$T/wide.ini" -o "$T/prev.h5" --force -q) >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 1 ] || { cat "$T/err" >&2; fail "ulimit -f (HDF5): exit $rc, expected 1"; }
one_line_error "^govsim: .*prev\.h5\.partial: cannot write .*: File too large$"
untouched "ulimit -f (HDF5)"
none_left "$T/prev.h5.partial" "$T/prev.h5.journal" "$T/prev.h5.lock"

# ---- 2. file-size limit in the journal, then --resume ---------------------------
expect_exit 0 "$GOVSIM" run "$T/f.ini" -o "$T/ref.h5" -q
(ulimit -f 2000 && exec "$GOVSIM" run "$T/f.ini" -o "$T/prev.h5" --force -q) >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 1 ] || { cat "$T/err" >&2; fail "ulimit -f (journal): exit $rc, expected 1"; }
one_line_error "^govsim: .*prev\.h5\.journal: write failed: File too large \(finished tasks kept in .*prev\.h5\.journal: fix the cause, then add --resume\)$"
untouched "ulimit -f (journal)"
none_left "$T/prev.h5.partial" "$T/prev.h5.lock"
[ -f "$T/prev.h5.journal" ] || fail "ulimit -f: the journal is gone"
expect_exit 0 "$GOVSIM" run "$T/f.ini" -o "$T/prev.h5" -q --resume
cmp "$T/prev.h5" "$T/ref.h5" || fail "--resume after a file-size limit differs from an uninterrupted run"
none_left "$T/prev.h5.journal"
cp "$T/prev.saved" "$T/prev.h5"

# ---- 3. full disk ---------------------------------------------------------------
mkdir "$T/mnt"
if mount -t tmpfs -o size=3m tmpfs "$T/mnt" 2>/dev/null; then
    trap 'umount "$T/mnt" 2>/dev/null; rm -rf "$T"' EXIT
    cp "$T/prev.saved" "$T/mnt/x.h5"
    expect_exit 1 "$GOVSIM" run "$T/f.ini" -o "$T/mnt/x.h5" --force -q
    one_line_error "No space left on device"
    cmp "$T/mnt/x.h5" "$T/prev.saved" || fail "full disk: the previous result changed"
    none_left "$T/mnt/x.h5.partial" "$T/mnt/x.h5.lock"
    umount "$T/mnt"
else
    echo "full disk: skipped (cannot mount a tmpfs here)"
fi

# ---- 4 and 5. permissions (as nobody) ------------------------------------------
if command -v setpriv >/dev/null && [ "$(id -u)" -eq 0 ]; then
    nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
    chmod 755 "$T"
    chmod 644 "$T/f.ini" "$T/wide.ini"
    mkdir "$T/ro"
    chmod 755 "$T/ro"
    cp "$T/prev.saved" "$T/ro/x.h5"
    for cmd in "run $T/f.ini" "sweep $T/f.ini --vary cn.budget=0,1"; do
        expect_exit 2 nobody "$GOVSIM" $cmd -r 2 -o "$T/ro/x.h5" --force -q
        one_line_error "^govsim: cannot create .*ro/x\.h5\.lock \(to write .*ro/x\.h5\): Permission denied$"
        cmp "$T/ro/x.h5" "$T/prev.saved" || fail "unwritable directory: the previous result changed"
    done
    cp "$T/f.ini" "$T/secret.ini"
    chmod 600 "$T/secret.ini"
    expect_exit 2 nobody "$GOVSIM" run "$T/secret.ini" -o "$T/ro/y.h5" -q
    one_line_error "secret\.ini.*Permission denied"
    cp "$D/nations.csv" "$T/nations.csv"
    chmod 600 "$T/nations.csv"
    sed "s|$D/nations.csv|$T/nations.csv|" "$T/f.ini" >"$T/n.ini"
    chmod 644 "$T/n.ini"
    expect_exit 2 nobody "$GOVSIM" run "$T/n.ini" -o "$T/ro/y.h5" -q
    one_line_error "nations\.csv.*Permission denied"
else
    echo "permissions: skipped (needs root and setpriv)"
fi

# ---- 6. out of memory building a world --------------------------------------------
if ldd "$GOVSIM" 2>/dev/null | grep -q libasan; then
    echo "out of memory: skipped (AddressSanitizer build)"
else
    cat >"$T/huge.ini" <<'INI'
[scenario]
name = huge
steps = 2
replicates = 1
[world]
kind = ba
n = 10000000
degree = 2
[output]
level = shares
INI
    (ulimit -v 200000 && exec "$GOVSIM" run "$T/huge.ini" -o "$T/prev.h5" --force -q) \
        >"$T/out" 2>"$T/err"
    rc=$?
    [ $rc -eq 1 ] || { cat "$T/err" >&2; fail "ulimit -v: exit $rc, expected 1"; }
    one_line_error "^govsim: .*out of memory"
    untouched "ulimit -v"
    none_left "$T/prev.h5.partial" "$T/prev.h5.journal"
fi
exit 0
