# check.sh - `govsim check`: the resolved config with origins, the base chain,
# --set, the round trip of its output, and that it reads no data tables.
. "$TOP/tests/lib/e2e.sh"
F="$TOP/tests/fixtures/config"

# The baseline validates; every key is listed with its origin.
expect_exit 0 "$GOVSIM" check "$TOP/scenarios/baseline.ini"
[ -s "$T/err" ] && { cat "$T/err" >&2; fail "check baseline wrote to stderr"; }
grep -Eq "^name = baseline +; from $TOP/scenarios/baseline.ini:[0-9]+$" "$T/out" ||
    fail "baseline: name line without its origin"
grep -Eq "^nations = $TOP/scenarios/data/nations.csv +; from " "$T/out" ||
    fail "baseline: nations path not resolved relative to the scenario"
grep -Eq '^compute = 0.6 +; default$' "$T/out" || fail "baseline: no '; default' origin"
n=$("$GOVSIM" params | tail -n +2 | wc -l)
m=$(sed '/^\[\(event\|sweep\|prior\|nation\)/,$d' "$T/out" | grep -Ec '^[a-z_0-9]+ =')
[ "$n" -eq "$m" ] || fail "check lists $m keys, params lists $n"

# A three-file chain plus --set: each value names its file and line.
expect_exit 0 "$GOVSIM" check "$F/good.ini" --set cn.energy=0.125 --set world.edges=e.csv
out="$T/out"
grep -Eq "^compute = 0.25 +; from $F/sub/../base.ini:11$" "$out" || fail "origin of cn.compute"
grep -Eq "^energy = 0.125 +; from --set$" "$out" || fail "origin of --set"
grep -Eq "^capacity = 0.75 +; from $F/good.ini:7$" "$out" || fail "origin of cn.capacity"
grep -Eq "^name = fixture_good +; from $F/good.ini:4$" "$out" || fail "child overrides name"
grep -Eq "^steps = 8 +; from $F/sub/../base.ini:4$" "$out" || fail "base's steps"
grep -Eq "^borders = $F/sub/borders.csv +; from $F/sub/middle.ini:9$" "$out" ||
    fail "path relative to the file that set it"
grep -Eq "^edges = e.csv +; from --set$" "$out" || fail "--set path relative to the cwd"
grep -A3 "^; base chain, merged below (farthest ancestor first):$" "$out" | tail -n 3 >"$T/chain"
printf ';   %s\n' "$F/sub/../base.ini" "$F/sub/middle.ini" "$F/good.ini" | cmp -s - "$T/chain" ||
    fail "base chain header"
grep -q '^\[event shock\]' "$out" || fail "event section missing"
grep -q '^subset = JPN,KOR,nato$' "$out" || fail "subset not normalised"
grep -Eq '^cn.budget = 0.005, 0.01, 0.02 +; from ' "$out" || fail "sweep list"
grep -Eq '^us.export_controls = 0:1:0.25 +; from ' "$out" || fail "sweep range"
grep -Eq '^alignment.lambda = normal\(1, 0.25\)' "$out" || fail "prior"
grep -q '^\[nation.IND\]' "$out" || fail "nation override"

# The printed text is a scenario again, and resolves to the same values.
# (Paths are stored as usable from the working directory, so reload from a
# file there or use absolute paths: here all paths are absolute.)
expect_exit 0 "$GOVSIM" check "$F/good.ini" --set cn.energy=0.125
cp "$out" "$T/resolved.ini"
expect_exit 0 "$GOVSIM" check "$T/resolved.ini"
strip() { grep -v '^ *;' "$1" | sed 's/ *;.*$//'; } # origins may sit on indented comment lines
strip "$T/resolved.ini" >"$T/a.txt"
strip "$T/out" >"$T/b.txt"
cmp -s "$T/a.txt" "$T/b.txt" || { diff "$T/a.txt" "$T/b.txt" >&2; fail "round trip changed values"; }

# The same round trip from a deep checkout (CI clones under a longer path
# than a workstation): every written line stays within inih's 199
# characters, the base chain one file per line, and the text loads again.
deep="$T/$(printf 'd%.0s' $(seq 1 60))/$(printf 'e%.0s' $(seq 1 60))"
mkdir -p "$deep" && cp -r "$F/." "$deep/"
expect_exit 0 "$GOVSIM" check "$deep/good.ini"
awk -v f="$T/out" 'length($0) > 199 { print f ":" NR ": " length($0) " characters"; bad = 1 }
    END { exit bad }' "$T/out" >&2 || fail "resolved text has lines longer than 199 characters"
cp "$T/out" "$T/deep.ini"
expect_exit 0 "$GOVSIM" check "$T/deep.ini"
strip "$T/deep.ini" >"$T/a.txt"
strip "$T/out" >"$T/b.txt"
cmp -s "$T/a.txt" "$T/b.txt" || { diff "$T/a.txt" "$T/b.txt" >&2; fail "deep round trip changed values"; }

# check builds no world (the fixture's nation table does not exist) and
# writes no file.
before=$(ls -A "$T")
expect_exit 0 "$GOVSIM" check "$F/base.ini"
[ "$before" = "$(ls -A "$T")" ] || fail "check created a file"

# --set errors.
expect_exit 2 "$GOVSIM" check "$F/good.ini" --set cn.compte=0.5
one_line_error "^govsim: --set: unknown key 'cn.compte'; did you mean cn.compute\?$"
[ -s "$T/out" ] && fail "output on error"
expect_exit 2 "$GOVSIM" check "$F/good.ini" --set cn.compute=2
one_line_error "^govsim: --set: cn.compute: 2 is out of range \[0, 1\]$"
expect_exit 2 "$GOVSIM" check "$F/good.ini" --set cn.compute
one_line_error "--set: expected KEY=VALUE"
expect_exit 2 "$GOVSIM" check "$F/good.ini" --set scenario.start=2028
one_line_error "base.ini:15: event 'shock': time 2027 is before scenario.start \(2028\)"
expect_exit 2 "$GOVSIM" check
expect_exit 0 "$GOVSIM" check --help
