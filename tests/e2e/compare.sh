# compare.sh - `govsim compare A B`: a scenario compared with itself gives
# differences of exactly zero (outcomes, intervals, regions, nations); with
# common random numbers A's side does not depend on B; a real change shows;
# the file layout the plots rely on; A and B with other nations or another
# time axis are refused (exit 2, one line).
. "$TOP/tests/lib/e2e.sh"
export SOURCE_DATE_EPOCH=0

cat >"$T/a.ini" <<'INI'
[scenario]
name = a
steps = 12
replicates = 12
seed = 5
[world]
kind = sbm
n = 60
degree = 5
sbm_blocks = 3
INI
cat >"$T/a2.ini" <<'INI'
[scenario]
base = a.ini
name = a_again
description = the same scenario under another name
INI
cat >"$T/b.ini" <<'INI'
[scenario]
base = a.ini
name = b
[cn]
budget = 3
compute = 1
capacity = 1
[alignment]
tau_bri = 3
INI

# A with itself (under another name): exactly zero everywhere.
expect_exit 0 "$GOVSIM" compare "$T/a.ini" "$T/a2.ini" -o "$T/self.h5"
for d in diff_mean diff_lo diff_hi region_diff nation_change; do
    [ "$(h5vals "$T/self.h5" /compare/$d | sort -u)" = "0" ] ||
        fail "self-compare: /compare/$d not all 0: $(h5vals "$T/self.h5" /compare/$d | sort -u | tr '\n' ' ')"
done
[ "$(h5vals "$T/self.h5" /compare/a_mean)" = "$(h5vals "$T/self.h5" /compare/b_mean)" ] ||
    fail "self-compare: a_mean != b_mean"
grep -q "no nation's final option differs" "$T/out" || fail "self-compare: nation note"
grep -Eq "^  share_count.cn .* \+0.000  \[\+0.000, \+0.000\]$" "$T/out" || { cat "$T/out"; fail "printed zero"; }

# Layout.
[ "$(h5vals "$T/self.h5" /compare/outcome | wc -l)" -eq 18 ] || fail "18 outcomes"
h5vals "$T/self.h5" /compare/outcome | grep -q '"majority_time[\\"]' || fail "majority_time outcome"
h5vals "$T/self.h5" /compare/outcome | grep -q '"standard_share.multilateral[\\"]' || fail "track outcome"
h5vals "$T/self.h5" /compare/outcome | grep -q '"share_global_south.cn[\\"]' || fail "GS outcome"
[ "$(h5shape "$T/self.h5" /compare/region_diff)" = "( 3, 3 )" ] ||
    fail "region_diff shape $(h5shape "$T/self.h5" /compare/region_diff)"
[ "$(h5shape "$T/self.h5" /compare/nation_change)" = "( 60 )" ] || fail "nation_change shape"
[ "$(h5shape "$T/self.h5" /share_count)" = "( 2, 12, 13, 3 )" ] || fail "A and B as two points"
h5dump -a /scenario_b "$T/self.h5" | grep -q 'a2.ini"' || fail "scenario_b attribute"
h5dump -a /scenario_a "$T/self.h5" | grep -q 'a.ini"' || fail "scenario_a attribute"
h5dump -d /config_b "$T/self.h5" | grep -q 'name = a_again' || fail "/config_b"
h5dump -d /config "$T/self.h5" | grep -Eq '^ *name = a$' || fail "/config is A's"

# A real change: B differs, and A's side is the same as before (common
# random numbers: A's replicates do not depend on B).
expect_exit 0 "$GOVSIM" compare "$T/a.ini" "$T/b.ini" -o "$T/ab.h5"
[ "$(h5vals "$T/ab.h5" /compare/a_mean)" = "$(h5vals "$T/self.h5" /compare/a_mean)" ] ||
    fail "A's means depend on B"
[ "$(h5vals "$T/ab.h5" /compare/diff_mean | sort -u | wc -l)" -gt 3 ] || fail "no difference seen"
# cn's count share rises, and its interval lies above 0
awk 'BEGIN { ok = 0 } $1 == "share_count.cn" && $4 + 0 > 0 { gsub(/[\[\],]/, " ", $0); split($0, f, " ");
        if (f[5] + 0 > 0) ok = 1 } END { exit !ok }' "$T/out" || { cat "$T/out"; fail "cn share up"; }
# lo <= mean <= hi for every outcome
h5vals "$T/ab.h5" /compare/diff_lo >"$T/lo"
h5vals "$T/ab.h5" /compare/diff_mean >"$T/mid"
h5vals "$T/ab.h5" /compare/diff_hi >"$T/hi"
paste "$T/lo" "$T/mid" "$T/hi" | awk '!($1 <= $2 + 1e-12 && $2 <= $3 + 1e-12) { bad = 1 } END { exit bad }' ||
    fail "interval does not bracket the mean"
grep -q "nations whose final option changes most often" "$T/out" || fail "nation list"
h5vals "$T/ab.h5" /compare/nation_change | awk '$1 < 0 || $1 > 1 { bad = 1 } $1 > 0 { any = 1 }
    END { exit bad || !any }' || fail "nation_change values"

# Refused: other nations, other time axis, a missing file.
cat >"$T/n.ini" <<'INI'
[scenario]
base = a.ini
[world]
n = 61
INI
expect_exit 2 "$GOVSIM" compare "$T/a.ini" "$T/n.ini" -o "$T/x.h5"
one_line_error "A and B must have the same nations \(A has 60, B has 61\)"
cat >"$T/t.ini" <<'INI'
[scenario]
base = a.ini
steps = 13
INI
expect_exit 2 "$GOVSIM" compare "$T/a.ini" "$T/t.ini" -o "$T/x.h5"
one_line_error "must share the time axis"
expect_exit 2 "$GOVSIM" compare "$T/a.ini" "$T/nope.ini" -o "$T/x.h5"
one_line_error "nope.ini"
[ ! -e "$T/x.h5" ] && [ ! -e "$T/x.h5.partial" ] || fail "refused compare left a file"
exit 0
