# concurrency.sh - two commands writing the same output cannot both succeed
# (outlock.h): while a slow run writes c.h5, a second run, a sweep and a
# --resume to the same -o exit 2 with one line naming the holder's pid and
# command; the first run completes normally and its file is the same as an
# undisturbed run's; the lock file goes with it.  A stale lock file (its
# process is gone) does not block.
. "$TOP/tests/lib/e2e.sh"
export SOURCE_DATE_EPOCH=0
D="$TOP/scenarios/data"
cat >"$T/c.ini" <<INI
[scenario]
name = conc
steps = 40
replicates = 3000
seed = 5
[world]
nations = $D/nations.csv
borders = $D/borders.csv
[output]
level = shares
INI
expect_exit 0 "$GOVSIM" run "$T/c.ini" -o "$T/ref.h5" -q

"$GOVSIM" run "$T/c.ini" -o "$T/c.h5" -q >"$T/out1" 2>"$T/err1" &
pid=$!
i=0
until grep -q "^$pid " "$T/c.h5.lock" 2>/dev/null; do
    i=$((i + 1))
    [ $i -lt 500 ] || fail "the first run never took its lock"
    sleep 0.01
done
holder="process $pid \\(govsim run .*c\\.ini\\); wait or choose another -o$"
expect_exit 2 "$GOVSIM" run "$T/c.ini" -r 2 -o "$T/c.h5" -q
one_line_error "^govsim: .*c\.h5\.partial is being written by $holder"
expect_exit 2 "$GOVSIM" sweep "$T/c.ini" --vary cn.budget=0,1 -r 2 -o "$T/c.h5" -q --force
one_line_error "is being written by $holder"
expect_exit 2 "$GOVSIM" run "$T/c.ini" -o "$T/c.h5" -q --resume
one_line_error "is being written by $holder"
kill -0 $pid 2>/dev/null || fail "the first run ended before the second ones were refused (too fast?)"
wait $pid
rc=$?
[ $rc -eq 0 ] || { cat "$T/err1" >&2; fail "the first run exited $rc"; }
cmp "$T/c.h5" "$T/ref.h5" || fail "the first run's file differs from an undisturbed run's"
for f in c.h5.lock c.h5.partial c.h5.journal; do [ ! -e "$T/$f" ] || fail "$f left behind"; done

# a stale lock file: its holder is gone, the kernel lock with it
echo "999999 govsim run old.ini" >"$T/d.h5.lock"
expect_exit 0 "$GOVSIM" run "$T/c.ini" -r 2 -o "$T/d.h5" -q
[ ! -e "$T/d.h5.lock" ] || fail "d.h5.lock left behind"
exit 0
