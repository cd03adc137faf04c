# landscape_cli.sh - `govsim landscape`: the 3-actor example of
# tests/unit/test_landscape.c through the CLI (energy, camps, basin,
# frustration table), the world path (enumeration with landscape.top, the
# annealing path beyond 30 actors, reproducible for a seed), and one-line
# errors with exit 2.
. "$TOP/tests/lib/e2e.sh"
printf 'name,size\nA,1\nB,2\nC,3\n' >actors.csv
printf 'actor,A,B,C\nA,0,1,-1\nB,1,0,2\nC,-1,2,0\n' >matrix.csv
expect_exit 0 "$GOVSIM" landscape --actors actors.csv --propensity matrix.csv
grep -q '^landscape: 3 actors from actors.csv and matrix.csv$' "$T/out" || fail "header"
grep -q '^method: exact enumeration of all 4 two-camp configurations' "$T/out" || fail "method"
grep -q '^local minima: 1 ' "$T/out" || fail "count of minima"
grep -q '^minimum 1: E = -2, basin 4 of 4 configurations (100.00%)$' "$T/out" || fail "minimum"
grep -q '^  camp A (1): A$' "$T/out" || fail "camp A"
grep -q '^  camp B (2): B C$' "$T/out" || fail "camp B"
# frustration -1, 2, -3 (sums to E = -2); switch 2, 20, 30
grep -Eq '^  A +1 +A +-1 +2$' "$T/out" || fail "frustration of A"
grep -Eq '^  C +3 +B +-3 +30$' "$T/out" || fail "frustration of C"
expect_exit 0 "$GOVSIM" landscape --actors actors.csv --propensity matrix.csv -q
[ "$(grep -c . "$T/out")" -eq 3 ] || fail "-q prints the minima only"

# errors: one line, exit 2
printf 'actor,A,B,C\nA,0,1,-1\nB,1.5,0,2\nC,-1,2,0\n' >asym.csv
expect_exit 2 "$GOVSIM" landscape --actors actors.csv --propensity asym.csv
one_line_error '^govsim: asym.csv:3: p\[B\]\[A\] = 1.5 but p\[A\]\[B\] = 1 \(line 2\)$'
printf 'name,size\nA,1\nB,x\n' >bad.csv
expect_exit 2 "$GOVSIM" landscape --actors bad.csv --propensity matrix.csv
one_line_error "^govsim: bad.csv:3: column 'size': expected a number, got 'x'$"
expect_exit 2 "$GOVSIM" landscape --actors actors.csv --propensity nosuch.csv
one_line_error '^govsim: nosuch.csv: cannot open'
expect_exit 2 "$GOVSIM" landscape --actors actors.csv
one_line_error 'go together'
expect_exit 2 "$GOVSIM" landscape
one_line_error 'give SCENARIO.ini or --actors'
expect_exit 2 "$GOVSIM" landscape --actors actors.csv --propensity matrix.csv --set landscape.anneal_runs=0
one_line_error 'landscape.anneal_runs'
expect_exit 2 "$GOVSIM" landscape --actors actors.csv --propensity matrix.csv --set landscape.tpo=3
one_line_error "unknown key 'landscape.tpo'"

# the world: GDP shares and the propensity formula
cat >w.ini <<EOF2
[scenario]
name = landscape_e2e
[world]
nations = $TOP/scenarios/data/nations.csv
borders = $TOP/scenarios/data/borders.csv
EOF2
expect_exit 0 "$GOVSIM" landscape w.ini --set landscape.top=12
grep -q '^landscape: 12 actors from the world of w.ini (the 12 largest by GDP)$' "$T/out" || fail "world header"
grep -q '^method: exact enumeration of all 2048 two-camp configurations (actor USA fixed in camp A)' "$T/out" || fail "world method"
grep -Eq '^  camp B \([0-9]+\):.* CHN' "$T/out" || fail "CHN is not opposite the USA at the global minimum"
expect_exit 0 "$GOVSIM" landscape w.ini --set landscape.top=32 --set landscape.anneal_sweeps=60 --set landscape.anneal_runs=3 -s 5
grep -q '^method: logit dynamics with annealing, not enumeration (more than 30 actors): 3 runs x 60 sweeps' "$T/out" || fail "annealing method"
cp "$T/out" first.txt
expect_exit 0 "$GOVSIM" landscape w.ini --set landscape.top=32 --set landscape.anneal_sweeps=60 --set landscape.anneal_runs=3 -s 5
cmp -s first.txt "$T/out" || fail "annealing is not reproducible for a fixed seed"
