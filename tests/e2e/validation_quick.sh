# validation_quick.sh - `make test` runs the validation suite in quick mode
# (tests/validation/run.sh: fewer instances, same checks and verdicts) against
# the library next to $GOVSIM.
. "$TOP/tests/lib/e2e.sh"
BUILD=$(dirname "$GOVSIM") sh "$TOP/tests/validation/run.sh" quick || fail "validation (quick) failed"
