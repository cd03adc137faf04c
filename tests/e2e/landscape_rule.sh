# landscape_rule.sh - alignment.rule = landscape through `govsim run`: the
# baseline world runs, the same seed gives the same bytes for -j 1 and -j 2,
# no nation is left hedging after ten years at a high revision rate, and a
# world above 5000 nations is refused before anything runs (exit 2, no file).
. "$TOP/tests/lib/e2e.sh"
export SOURCE_DATE_EPOCH=0
expect_exit 0 "$GOVSIM" run "$TOP/scenarios/baseline.ini" --set alignment.rule=landscape \
    --set alignment.rate=5 -r 4 -s 5 -j 1 -o a.h5 -q
expect_exit 0 "$GOVSIM" run "$TOP/scenarios/baseline.ini" --set alignment.rule=landscape \
    --set alignment.rate=5 -r 4 -s 5 -j 2 -o b.h5 -q
cmp -s a.h5 b.h5 || fail "landscape rule: -j 1 and -j 2 differ"
expect_exit 0 "$GOVSIM" inspect a.h5
# final alignment shares us, cn, hedge: hedge is 0 (every nation revised at
# rate 5/yr for 10 years; e^-50 is left) and us, cn are both present
line=$(grep -m1 'nations (count)' "$T/out")
echo "$line" | grep -Eq '0\.000 \[0\.000, 0\.000\] \+-0\.000 *$' || fail "hedge left: $line"
echo "$line" | grep -Eq '^ *nations \(count\) +0\.[1-9]' || fail "no us share: $line"
cat >big.ini <<'INI'
[scenario]
name = big
steps = 2
[world]
kind = er
n = 5001
[alignment]
rule = landscape
INI
expect_exit 2 "$GOVSIM" run big.ini -r 1 -o big.h5 -q
[ ! -e big.h5 ] && [ ! -e big.h5.partial ] || fail "an output file was left behind"
grep -q 'alignment.rule = landscape needs N <= 5000' "$T/err" || fail "no N limit message"
