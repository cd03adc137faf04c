# output_run.sh - the output file of `govsim run` end to end: the same seed
# gives the same bytes (twice, and with another thread count), an existing
# file is refused without --force (exit 2, one line, file untouched, no
# .partial left), --force replaces it, output.every and output.level shape
# the file, and inspect reads it.
. "$TOP/tests/lib/e2e.sh"
cat >"$T/tiny.ini" <<'INI'
[scenario]
name = tiny
steps = 8
replicates = 3
seed = 7
[world]
kind = er
n = 30
INI
export SOURCE_DATE_EPOCH=0
"$GOVSIM" run "$T/tiny.ini" -o "$T/a.h5" -q >"$T/out" 2>"$T/err"
rc=$?
if [ $rc -eq 2 ] && grep -q "not available" "$T/err"; then
    echo "skip: govsim run is not available yet"
    exit 77
fi
[ $rc -eq 0 ] || { cat "$T/err" >&2; fail "run exited $rc"; }
[ -f "$T/a.h5" ] || fail "no a.h5"
[ ! -e "$T/a.h5.partial" ] || fail "a.h5.partial left behind"

expect_exit 0 "$GOVSIM" run "$T/tiny.ini" -o "$T/b.h5" -q
cmp "$T/a.h5" "$T/b.h5" || fail "two runs with the same seed differ"
expect_exit 0 "$GOVSIM" run "$T/tiny.ini" -o "$T/c.h5" -q -j 2
cmp "$T/a.h5" "$T/c.h5" || fail "-j 2 gives other bytes than -j 1"

# an existing file: refused, untouched
expect_exit 2 "$GOVSIM" run "$T/tiny.ini" -o "$T/a.h5" -q -s 8
one_line_error "a.h5 exists; use --force to overwrite"
cmp "$T/a.h5" "$T/b.h5" || fail "refused run touched the file"
[ ! -e "$T/a.h5.partial" ] || fail "refused run left a .partial"
expect_exit 0 "$GOVSIM" run "$T/tiny.ini" -o "$T/a.h5" -q -s 8 --force
cmp -s "$T/a.h5" "$T/b.h5" && fail "--force with another seed left the old file"
expect_exit 0 "$GOVSIM" run "$T/tiny.ini" -o "$T/a.h5" -q --force
cmp "$T/a.h5" "$T/b.h5" || fail "--force with the first seed does not give the first bytes"

expect_exit 0 "$GOVSIM" inspect "$T/a.h5" --nations
grep -q "^shape     1 point x 3 replicates x 9 times (2025.50 to 2027.50) x 30 nations" "$T/out" ||
    fail "inspect shape line"
grep -q "^tasks     3 done, 0 failed$" "$T/out" || fail "inspect tasks line"
[ "$(grep -Ec '^  N[0-9]+ ' "$T/out")" -eq 30 ] || fail "--nations rows"

# output.every = 3 over 8 steps: steps 0, 3, 6 and the last, 8
expect_exit 0 "$GOVSIM" run "$T/tiny.ini" -o "$T/every.h5" -q --set output.every=3
expect_exit 0 "$GOVSIM" inspect "$T/every.h5"
grep -q "x 4 times (2025.50 to 2027.50)" "$T/out" || fail "output.every=3 time axis"

# output.level = shares: no per-nation data
expect_exit 0 "$GOVSIM" run "$T/tiny.ini" -o "$T/shares.h5" -q --set output.level=shares
expect_exit 0 "$GOVSIM" inspect "$T/shares.h5" --nations
grep -q "level shares" "$T/out" || fail "shares level"
grep -q "not stored at output.level = shares" "$T/out" || fail "shares --nations message"
[ "$(stat -c %s "$T/shares.h5")" -lt "$(stat -c %s "$T/a.h5")" ] || fail "shares file not smaller"
exit 0
