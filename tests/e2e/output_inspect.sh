# output_inspect.sh - `govsim inspect` on the writer's own fixture files
# (written by the unit test binary test_h5 with GS_H5_FIXTURE set: 2 points
# x 3 replicates x 5 times, 4 nations, one failed task), and on files that
# are not govsim outputs.
. "$TOP/tests/lib/e2e.sh"
fixture_bin="$(dirname "$GOVSIM")/tests/test_h5"
[ -x "$fixture_bin" ] || { echo "skip: $fixture_bin not built (make unit)"; exit 77; }
GS_H5_FIXTURE="$T/full.h5" GS_H5_FIXTURE_SHARES="$T/shares.h5" "$fixture_bin" >/dev/null 2>&1 ||
    fail "test_h5 failed to write the fixtures"

expect_exit 0 "$GOVSIM" inspect "$T/full.h5"
out="$T/out"
grep -q "^scenario  test.ini" "$out" || fail "no scenario line"
grep -q "^command   govsim sweep test.ini --vary us.export_controls=0.25,0.75$" "$out" || fail "command"
grep -q "^seed      18446744073709551557 (philox4x64-10)$" "$out" || fail "seed"
grep -q "^created   1970-01-02T10:17:36Z$" "$out" || fail "created"
grep -Eq "^version   govsim [0-9.]+ \(commit [0-9a-z]+\)$" "$out" || fail "version"
grep -Eq "^config    sha256 [0-9a-f]{64}$" "$out" || fail "config sha"
grep -q "^shape     2 points x 3 replicates x 5 times (2025.50 to 2026.50) x 4 nations, 4 regions, 4 edges; level full$" "$out" ||
    fail "shape line"
grep -q "^tasks     5 done, 1 failed$" "$out" || fail "tasks line"
grep -q "^events    3 applied$" "$out" || fail "events line"
# point 1, us count share at the last time: replicates 0 and 2 (1 failed)
# hold 0.53 and 0.25 (see test_h5.c share_val): mean 0.39
sed -n '/point 1 (us.export_controls = 0.75) at 2026.50: final state over 2 replicates/,$p' "$out" |
    grep -q "nations (count) *0.390 \[" || fail "point 1 count share of us is not 0.390"
grep -q "point 0 (us.export_controls = 0.25) at 2026.50: final state over 3 replicates" "$out" ||
    fail "point 0 title"

expect_exit 0 "$GOVSIM" inspect "$T/full.h5" --nations
# point 1, Kenya (i = 3): final alignment (1 + r + 4 + 3) % 3 for r = 0, 2 -> us (1), cn (2)
sed -n '/point 1 (us.export_controls = 0.75): per nation/,$p' "$out" |
    grep -Eq "^  KEN +Kenya +0.500 +0.500 +0.000 +1.000$" || fail "--nations row of KEN"
[ "$(grep -Ec '^  [A-Z]{3} +[A-Z][a-z]' "$out")" -eq 8 ] || fail "--nations: expected 4 rows per point"

expect_exit 0 "$GOVSIM" inspect "$T/shares.h5" --nations
grep -q "level shares" "$out" || fail "shares file not reported as level shares"
[ "$(grep -c 'per-nation results are not stored at output.level = shares' "$out")" -eq 1 ] ||
    fail "--nations on a shares file does not say why it has no rows"

# not govsim files: one line, exit 2
echo "hello" >"$T/text.h5"
expect_exit 2 "$GOVSIM" inspect "$T/text.h5"
one_line_error "^govsim: $T/text.h5: not a govsim output file$"
head -c 3000 "$T/full.h5" >"$T/cut.h5"
expect_exit 2 "$GOVSIM" inspect "$T/cut.h5"
one_line_error "not a govsim output file$"
expect_exit 2 "$GOVSIM" inspect "$T/missing.h5"
one_line_error "^govsim: $T/missing.h5: No such file or directory$"
expect_exit 2 "$GOVSIM" inspect "$T"
one_line_error "is a directory"
if command -v /usr/bin/python3 >/dev/null && /usr/bin/python3 -c "import h5py" 2>/dev/null; then
    /usr/bin/python3 -c "import h5py; h5py.File('$T/foreign.h5', 'w').create_dataset('x', data=[1])"
    expect_exit 2 "$GOVSIM" inspect "$T/foreign.h5"
    one_line_error "^govsim: $T/foreign.h5: not a govsim output file$"
fi
exit 0
