# config_errors.sh - every bad scenario file gives one line "FILE:LINE: message"
# on stderr, nothing on stdout, and exit 2 (fixtures in tests/fixtures/config).
. "$TOP/tests/lib/e2e.sh"
F="$TOP/tests/fixtures/config"

bad() { # file, pattern (after "govsim: ")
    expect_exit 2 "$GOVSIM" check "$1"
    one_line_error "^govsim: $2"
    [ -s "$T/out" ] && fail "$1: output on stdout"
    return 0
}
bad "$F/unknown_key.ini" "$F/unknown_key.ini:3: unknown key 'cn.compte'; did you mean cn.compute\?$"
bad "$F/unknown_section.ini" "$F/unknown_section.ini:4: unknown section \[alignmnet\]; did you mean \[alignment\]\?$"
bad "$F/empty_section.ini" "$F/empty_section.ini:4: unknown section \[bogus\]"
bad "$F/wrong_type.ini" "$F/wrong_type.ini:2: scenario.steps: expected an integer, got 'forty'$"
bad "$F/out_of_range.ini" "$F/out_of_range.ini:2: cn.compute: 1.5 is out of range \[0, 1\]$"
bad "$F/nan.ini" "$F/nan.ini:2: us.budget: value must be finite"
bad "$F/duplicate.ini" "$F/duplicate.ini:4: duplicate key 'compute' in \[cn\] \(first at line 2\)$"
bad "$F/malformed.ini" "$F/malformed.ini:2: expected 'key = value', got 'compute 0.5'$"
bad "$F/hash_comment.ini" "$F/hash_comment.ini:2: '#' after a value is not a comment; use ';' for comments$"
bad "$F/continuation.ini" "$F/continuation.ini:3: cn.compute takes a single value"
bad "$F/long_line.ini" "$F/long_line.ini:2: line longer than 199 characters; continue long lists on indented lines$"
bad "$F/empty.ini" "$F/empty.ini: empty scenario file$"
bad "$F/missing_base.ini" "$F/missing_base.ini:3: base file '$F/no-such-base.ini': cannot read: No such file or directory$"
bad "$F/cycle_a.ini" "$F/cycle_b.ini:3: base cycle: $F/cycle_a.ini -> $F/cycle_b.ini -> $F/cycle_a.ini$"
bad "$F/event_early.ini" "$F/event_early.ini:2: event 'e': time 2020 is before scenario.start \(2025.5\)$"
bad "$F/sweep_step.ini" "$F/sweep_step.ini:2: \[sweep\] cn.compute: step must be > 0"
bad "$T/nowhere.ini" "$T/nowhere.ini: cannot read: No such file or directory$"
mkdir "$T/dir.ini"
bad "$T/dir.ini" "$T/dir.ini: is a directory, not a scenario file$"

# Unreadable: as root, permissions do not stop reads, so drop privileges.
cp "$F/unknown_key.ini" "$T/secret.ini"
chmod 000 "$T/secret.ini"
chmod 755 "$T"
if [ "$(id -u)" = 0 ]; then
    command -v setpriv >/dev/null || fail "setpriv (util-linux) is needed to drop privileges"
    # The binary must be reachable by the unprivileged user.
    setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$GOVSIM" ||
        { echo "skip: $GOVSIM not executable by uid 65534"; exit 77; }
    expect_exit 2 setpriv --reuid=65534 --regid=65534 --clear-groups "$GOVSIM" check "$T/secret.ini"
else
    expect_exit 2 "$GOVSIM" check "$T/secret.ini"
fi
one_line_error "^govsim: $T/secret.ini: cannot read: Permission denied$"
