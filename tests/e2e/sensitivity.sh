# sensitivity.sh - `govsim sensitivity`: the Saltelli design's N (k + 2)
# points with their values under /sweep, the indices stored under
# /sensitivity [outcome, parameter], a parameter the dynamics never read
# (landscape.w_trade) has S1 = ST = 0 exactly for every outcome, the table
# is sorted by ST, and bad requests are refused (exit 2, one line).  (The
# estimators themselves are checked on the Ishigami function in
# tests/unit/test_sobol.c.)
. "$TOP/tests/lib/e2e.sh"
export SOURCE_DATE_EPOCH=0

cat >"$T/s.ini" <<'INI'
[scenario]
name = sens
steps = 8
replicates = 2
seed = 3
[world]
kind = er
n = 40
degree = 4
[output]
level = shares
INI

expect_exit 0 "$GOVSIM" sensitivity "$T/s.ini" --vary cn.budget=0:3 --vary alignment.lambda=0.2:4 \
    --vary landscape.w_trade=0:1 --samples 32 -o "$T/s.h5"
[ "$(h5shape "$T/s.h5" /share_count)" = "( 160, 2, 9, 3 )" ] || fail "32 x (3 + 2) points"
[ "$(h5vals "$T/s.h5" /sweep/cn.budget | wc -l)" -eq 160 ] || fail "/sweep/cn.budget"
h5vals "$T/s.h5" /sweep/alignment.lambda | awk '$1 < 0.2 || $1 > 4 { bad = 1 } END { exit bad }' ||
    fail "lambda outside its interval"
for d in S1 S1_lo S1_hi ST ST_lo ST_hi; do
    [ "$(h5shape "$T/s.h5" /sensitivity/$d)" = "( 6, 3 )" ] || fail "/sensitivity/$d shape"
done
[ "$(h5shape "$T/s.h5" /sensitivity/point_mean)" = "( 6, 160 )" ] || fail "point_mean shape"
h5vals "$T/s.h5" /sensitivity/parameter | head -n 1 | grep -q '"cn.budget' || fail "parameter names"
h5vals "$T/s.h5" /sensitivity/outcome | grep -q '"interoperability' || fail "outcome names"
# landscape.w_trade (column 3) never changes the dynamics: f(AB_3) = f(A),
# so its indices are exactly 0.
for d in S1 ST; do
    h5vals "$T/s.h5" /sensitivity/$d | awk 'NR % 3 == 0 && $1 != 0 { bad = 1 } END { exit bad }' ||
        fail "$d of landscape.w_trade is not 0: $(h5vals "$T/s.h5" /sensitivity/$d | tr '\n' ' ')"
done
# ...and it is listed last in every block sorted by ST.
awk '/^  [a-z_.]+$/ { block = 1; n = 0; next } block && /^  [a-z]/ && $1 != "parameter" { last = $1; n++ }
     /^$/ && block && n == 3 { if (last != "landscape.w_trade") bad = 1; block = 0 }
     END { if (block && n == 3 && last != "landscape.w_trade") bad = 1; exit bad }' "$T/out" ||
    { cat "$T/out"; fail "not sorted by ST"; }
grep -q "sorted by ST" "$T/out" || fail "table header"
# lambda matters for the cn share: its ST interval lies above 0.
h5vals "$T/s.h5" /sensitivity/ST_lo | sed -n 5p | awk '{ exit !($1 > 0) }' || fail "lambda ST for cn"

bad() { # PATTERN ARGS...
    pat=$1
    shift
    expect_exit 2 "$GOVSIM" sensitivity "$T/s.ini" "$@" --samples 8 -o "$T/bad.h5"
    one_line_error "$pat"
    [ ! -e "$T/bad.h5" ] || fail "refused sensitivity left a file"
}
bad "give the parameters with --vary"
bad "only sobol" --vary cn.budget=0:1 --method morris
bad "expected KEY=LO:HI" --vary cn.budget=0,1
bad "expected KEY=LO:HI" --vary cn.budget=lhs:4
bad "LO must be below HI" --vary cn.budget=2:1
bad "scenario.dt cannot be swept" --vary scenario.dt=0.1:0.2
bad "cn.budget is varied twice" --vary cn.budget=0:1 --vary cn.budget=1:2
"$GOVSIM" params | awk '$2 == "real" && $1 !~ /^(scenario|world|output)\./ {
        split($4, r, /\.\./); if (r[2] - r[1] < 1e6) print "--vary " $1 "=" r[1] ":" r[2] }' |
    head -n 21 >"$T/keys"
# shellcheck disable=SC2046
bad "at most 20 parameters" $(cat "$T/keys")
expect_exit 2 "$GOVSIM" sensitivity "$T/s.ini" --vary cn.budget=0:1 --samples 1 -o "$T/bad.h5"
one_line_error "--samples expects an integer"
exit 0
