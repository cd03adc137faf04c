# sweep.sh - `govsim sweep`: the grid from [sweep] and --vary (a --vary
# replaces a [sweep] key; first key slowest), every point's values under
# /sweep/<key>, lhs strata, the 40-dimension limit of GSL's Sobol generator,
# [prior] draws stored per (point, replicate) with the bands note, refused
# keys and bad SPECs (exit 2, one line), a failing point recorded in /tasks
# (exit 1, the other points done), and the table cut for many points.
. "$TOP/tests/lib/e2e.sh"
export SOURCE_DATE_EPOCH=0

cat >"$T/s.ini" <<'INI'
[scenario]
name = sw
steps = 6
replicates = 2
seed = 11
[world]
kind = er
n = 30
degree = 4
[output]
level = shares
[sweep]
cn.budget = 0.5, 1.5
us.budget = 0.1, 0.2
INI

# Grid: [sweep] us.budget kept, cn.budget replaced in place, us.security added.
expect_exit 0 "$GOVSIM" sweep "$T/s.ini" --vary cn.budget=0:1:0.5 --vary us.security=0,1 \
    -o "$T/g.h5"
[ "$(h5vals "$T/g.h5" /sweep/cn.budget | tr '\n' ' ')" = "0 0 0 0 0.5 0.5 0.5 0.5 1 1 1 1 " ] ||
    fail "cn.budget values: $(h5vals "$T/g.h5" /sweep/cn.budget | tr '\n' ' ')"
[ "$(h5vals "$T/g.h5" /sweep/us.budget | tr '\n' ' ')" = "0.1 0.1 0.2 0.2 0.1 0.1 0.2 0.2 0.1 0.1 0.2 0.2 " ] ||
    fail "us.budget values"
[ "$(h5vals "$T/g.h5" /sweep/us.security | tr '\n' ' ')" = "0 1 0 1 0 1 0 1 0 1 0 1 " ] ||
    fail "us.security values"
[ "$(h5shape "$T/g.h5" /share_count)" = "( 12, 2, 7, 3 )" ] ||
    fail "share_count shape $(h5shape "$T/g.h5" /share_count)"
grep -q "12 points x 2 replicates" "$T/out" || fail "table header"
[ "$(grep -cE '^ +[0-9]+ +[0-9.]+ +[0-9.]+ +[0-9.]+ +[0-9.]+ +[0-9.]+ +[0-9.]+$' "$T/out")" -eq 12 ] ||
    fail "table should have 12 rows"
# every task done; shares of a point sum to 1
[ "$(h5vals "$T/g.h5" /tasks/status | sort -u)" = "0" ] || fail "tasks not all done"
grep -q "parameter uncertainty" "$T/out" && fail "prior note without [prior]"

# The output is refused when it exists, kept with the same seed on --force.
expect_exit 2 "$GOVSIM" sweep "$T/s.ini" -o "$T/g.h5"
one_line_error "exists; use --force"

# Latin hypercube over two keys: each of the 20 strata of each key once.
expect_exit 0 "$GOVSIM" sweep "$T/s.ini" --vary cn.budget=lhs:20:0:2 --vary us.budget=1:3 \
    -r 1 -o "$T/l.h5" -q
[ "$(h5vals "$T/l.h5" /sweep/cn.budget | wc -l)" -eq 20 ] || fail "lhs: 20 points"
h5vals "$T/l.h5" /sweep/cn.budget | awk '{ s = int($1 / 2 * 20); if (s < 0 || s > 19 || seen[s]++) bad = 1 }
    END { exit bad || NR != 20 }' || fail "lhs: cn.budget strata"
h5vals "$T/l.h5" /sweep/us.budget | awk '{ s = int(($1 - 1) / 2 * 20); if (s < 0 || s > 19 || seen[s]++) bad = 1 }
    END { exit bad || NR != 20 }' || fail "lhs: us.budget strata"

# Sobol: GSL's generator has 40 dimensions; 41 sampled keys are refused.
"$GOVSIM" params | awk '$2 == "real" && $1 !~ /^(scenario|world|output)\./ {
        split($4, r, /\.\./); if (r[2] - r[1] < 1e6) print $1 "=" r[1] ":" r[2] }' |
    head -n 41 >"$T/keys"
[ "$(wc -l <"$T/keys")" -eq 41 ] || fail "need 41 real keys"
set -- $(sed '1s/=/=sobol:8:/' "$T/keys" | sed 's/^/--vary /')
expect_exit 2 "$GOVSIM" sweep "$T/s.ini" "$@" -o "$T/x.h5"
one_line_error "41 sampled dimensions, but GSL's Sobol generator supports at most 40"
set -- $(sed '1s/=/=sobol:8:/' "$T/keys" | head -n 40 | sed 's/^/--vary /')
expect_exit 0 "$GOVSIM" sweep "$T/s.ini" "$@" -r 1 -o "$T/x.h5" -q
[ "$(h5vals "$T/x.h5" /tasks/status | wc -l)" -eq 32 ] || fail "sobol: 8 samples x 4 [sweep] points"

# Refused keys and bad SPECs: exit 2 and one line naming the problem.
bad() { # SPEC PATTERN
    expect_exit 2 "$GOVSIM" sweep "$T/s.ini" --vary "$1" -o "$T/bad.h5"
    one_line_error "$2"
    [ ! -e "$T/bad.h5" ] && [ ! -e "$T/bad.h5.partial" ] || fail "$1 left a file"
}
bad scenario.steps=4,8 "scenario.steps cannot be swept: it changes the time axis"
bad output.level=full,shares "output.level cannot be swept"
bad world.n=10,20 "world.n cannot be swept: every point of a sweep shares one world"
bad cn.budgte=1,2 "unknown key 'cn.budgte' \(did you mean cn.budget\?\)"
bad cn.compute=0,2 "out of range"
bad cn.compute=0:1 "needs a sampled design"
bad cn.compute=1:0:0.1 "step must be non-zero"
bad alignment.update=lhs:4 "can only be listed"

# [prior]: each replicate draws its own value, stored per (point, replicate).
cat >"$T/p.ini" <<'INI'
[scenario]
base = s.ini
name = pr
[prior]
cn.leverage = uniform(0.1, 0.9)
INI
expect_exit 0 "$GOVSIM" sweep "$T/p.ini" -r 3 -o "$T/p.h5"
grep -q "bands include parameter uncertainty from \[prior\]" "$T/out" || fail "prior note"
[ "$(h5shape "$T/p.h5" /prior/cn.leverage)" = "( 4, 3 )" ] || fail "prior shape"
h5vals "$T/p.h5" /prior/cn.leverage | awk '$1 < 0.1 || $1 > 0.9 { bad = 1 } { v[$1] = 1 }
    END { n = 0; for (k in v) n++; exit bad || n < 10 }' || fail "prior draws"
expect_exit 2 "$GOVSIM" sweep "$T/p.ini" --vary cn.leverage=0,1 -o "$T/bad.h5"
one_line_error "cn.leverage has a \[prior\]"

# A failing point: the event pushes cn.compute out of range at point 1
# only; it is recorded in /tasks, the others are done, exit 1.
cat >"$T/f.ini" <<'INI'
[scenario]
name = fail
steps = 6
replicates = 2
[world]
kind = er
n = 30
[output]
level = shares
[event boost]
time = 2026.0
key = cn.compute
op = scale
value = 1.5
INI
expect_exit 1 "$GOVSIM" sweep "$T/f.ini" --vary cn.compute=0.4,0.9,0.6 -o "$T/f.h5"
grep -Eq "^govsim: 2 of 6 tasks failed \(listed in /tasks\); first: point 1 replicate 0: .*out of range" "$T/err" ||
    { cat "$T/err" >&2; fail "failure report"; }
[ "$(h5vals "$T/f.h5" /tasks/status | tr '\n' ' ')" = "0 0 1 1 0 0 " ] ||
    fail "tasks status: $(h5vals "$T/f.h5" /tasks/status | tr '\n' ' ')"
h5dump -A 0 -d /tasks/message "$T/f.h5" | grep -q "result 1.35 is out of range" || fail "tasks message"
grep -Eq "^ +1 +0.9 +- +- +- +2 of 2 failed$" "$T/out" || { cat "$T/out"; fail "table marks the failed point"; }

# Many points: the table shows the first and last rows and says so.
expect_exit 0 "$GOVSIM" sweep "$T/s.ini" --vary cn.budget=0:2.9:0.1 -r 1 -o "$T/m.h5"
grep -q "48 more points not shown" "$T/out" || { cat "$T/out"; fail "table cut"; }
grep -Eq "^ +59 " "$T/out" || fail "last point shown"
exit 0
