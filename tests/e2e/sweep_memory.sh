# sweep_memory.sh - a sweep streams its results: the peak resident memory of
# a 10,000-point sweep (output.level = shares, one replicate, a tiny world)
# is at most the 1,000-point peak + 16 MiB.  Prints both figures.
. "$TOP/tests/lib/e2e.sh"
[ -x /usr/bin/time ] || { echo "skip: /usr/bin/time missing (apt-get install time)"; exit 77; }
peak() { # STEP: peak RSS in KiB of a sweep over cn.budget = 0:0.999..:STEP
    /usr/bin/time -f "%M" -o "$T/rss" "$GOVSIM" sweep "$TOP/tests/fixtures/sweep_memory.ini" --vary "cn.budget=0:$2:$1" \
        -o "$T/m.h5" --force -q >"$T/out" 2>"$T/err" || { cat "$T/err" >&2; fail "sweep $1"; }
    tail -n 1 "$T/rss"
}
k1=$(peak 0.001 0.999)
grep -q "1000 points x 1 replicates" "$T/out" || fail "1,000 points expected"
k10=$(peak 0.0001 0.9999)
grep -q "10000 points x 1 replicates" "$T/out" || fail "10,000 points expected"
echo "peak RSS: 1,000 points $k1 KiB, 10,000 points $k10 KiB (+$((k10 - k1)) KiB)"
[ "$k10" -le $((k1 + 16384)) ] || fail "10,000-point sweep uses $((k10 - k1)) KiB more than 1,000 points"
exit 0
