# cli_basics.sh - --help, --version, per-command help, unknown commands/flags.
. "$TOP/tests/lib/e2e.sh"
expect_exit 0 "$GOVSIM" --help
grep -q "usage: govsim COMMAND" "$T/out" || fail "--help has no usage"
expect_exit 0 "$GOVSIM" --version
grep -Eq "^govsim [0-9]+\.[0-9]+\.[0-9]+ \(commit " "$T/out" || fail "--version format"
for c in run sweep compare sensitivity landscape world check params inspect; do
    expect_exit 0 "$GOVSIM" "$c" --help
    grep -q "usage: govsim $c" "$T/out" || fail "$c --help has no usage line"
done
expect_exit 2 "$GOVSIM" frobnicate
one_line_error "unknown command 'frobnicate'"
expect_exit 2 "$GOVSIM" params --bogus
one_line_error "unknown option '--bogus'"
expect_exit 2 "$GOVSIM"
expect_exit 0 "$GOVSIM" params
grep -q "^cn.compute " "$T/out" || fail "params lacks cn.compute"
expect_exit 0 "$GOVSIM" params --format md
grep -q '^| `us.export_controls` |' "$T/out" || fail "params --format md lacks us.export_controls"
