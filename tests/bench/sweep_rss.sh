#!/bin/sh
# tests/bench/sweep_rss.sh - long sweeps keep constant memory: the peak
# resident set (/usr/bin/time %M) and wall time of a sweep of 1,000, 10,000
# and 100,000 points (one replicate each, two steps, a 12-nation ER world,
# output.level = shares: the cost per point is the runner's and the
# writer's bookkeeping, not the model).  Prints CSV rows in the columns of
# results/bench.csv (item,value,unit,runs,note):
#   sweep_peak_rss_1k,<KiB>,KiB,1,<note>   (also _10k and _100k)
#   sweep_time_1k,<s>,s,1,<note>           (also _10k and _100k)
# The 100k sweep takes about half a minute and writes a 100 MB file.
#   GOVSIM=path   the binary (default $TOP/${BUILD:-build}/govsim)
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
GOVSIM=${GOVSIM:-$TOP/${BUILD:-build}/govsim}
if [ ! -x /usr/bin/time ]; then
    echo "sweep_peak_rss_1k,not available,,0,/usr/bin/time missing (apt-get install time)"
    exit 0
fi
TMP=$(mktemp -d "${TMPDIR:-/tmp}/govsim-sweeprss.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT INT TERM
for spec in 1k:0.001:0.999 10k:0.0001:0.9999 100k:0.00001:0.99999; do
    name=${spec%%:*}
    rest=${spec#*:}
    step=${rest%%:*}
    stop=${rest#*:}
    if /usr/bin/time -f "%M %e" -o "$TMP/t" "$GOVSIM" sweep "$TOP/tests/fixtures/sweep_memory.ini" \
        --vary "cn.budget=0:$stop:$step" -o "$TMP/m.h5" --force -q >"$TMP/out" 2>"$TMP/err"; then
        kib=$(tail -n 1 "$TMP/t" | cut -d' ' -f1)
        secs=$(tail -n 1 "$TMP/t" | cut -d' ' -f2)
        points=$(grep -o '[0-9]* points' "$TMP/out" | head -n 1)
        bytes=$(stat -c %s "$TMP/m.h5")
        note="$points x 1 replicate; 2 steps; er n=12; output.level=shares; file $bytes bytes"
        echo "sweep_peak_rss_$name,$kib,KiB,1,$note"
        echo "sweep_time_$name,$secs,s,1,$note"
    else
        echo "sweep_peak_rss_$name,failed,,0,$(head -c 150 "$TMP/err" | tr ',\n' ';;')"
    fi
    rm -f "$TMP/m.h5"
done
