# params_doc.sh - scenarios/README.md's parameter reference (between the
# params:begin/params:end markers) is what `govsim params --format md` prints.
. "$TOP/tests/lib/e2e.sh"
doc="$TOP/scenarios/README.md"
[ -f "$doc" ] || fail "$doc missing"
awk '/^<!-- params:end -->$/ { on = 0 } on { print } /^<!-- params:begin -->$/ { on = 1 }' \
    "$doc" >"$T/doc.md"
[ -s "$T/doc.md" ] || fail "$doc has no generated block between the params markers"
"$GOVSIM" params --format md >"$T/table.md" || fail "govsim params --format md failed"
if ! cmp -s "$T/doc.md" "$T/table.md"; then
    diff "$T/doc.md" "$T/table.md" | head -20 >&2
    fail "scenarios/README.md's parameter reference is out of date: run 'make docs'"
fi
