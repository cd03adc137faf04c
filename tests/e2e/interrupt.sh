# interrupt.sh - no interruption loses finished work (ensemble.h):
#  1. SIGINT a sweep: exit 130, one line "interrupted after K of N tasks;
#     resume with: ... --resume", a valid .partial (complete = 0,
#     tasks_done = K, /tasks/status K done and N - K pending) and a journal;
#     --resume finishes it into a file identical (cmp) to an uninterrupted
#     run's, leaving no .partial, journal or lock; a second --resume says the
#     output is complete (exit 0).
#  2. SIGTERM a run: exit 143; --resume gives the same bytes.  When an
#     up-to-date govsim-mpi sits beside $GOVSIM, an interrupted sweep is also
#     resumed under `mpirun -n 3` (same bytes).
#  3. --resume refuses (exit 2, one line) without a journal and with another
#     run's journal; a journal is not thrown away without --resume/--force;
#     a torn or corrupted last record is dropped and redone.
#  4. kill -9 a sweep at 20 random moments (resuming after each kill, and
#     killing the resumes too): no kill shrinks the journal's count of
#     finished tasks, and every completed round is identical to the
#     uninterrupted run.  The delays (uniform over 2% to 90% of the time an
#     uninterrupted sweep takes here, so that they span start-up, running
#     and closing) come from a seed printed at the end; KILL_SEED=S replays
#     them.
# Background jobs of a non-interactive shell ignore SIGINT; env
# --default-signal gives govsim a default SIGINT to catch.
. "$TOP/tests/lib/e2e.sh"
export SOURCE_DATE_EPOCH=0
env --default-signal=INT true 2>/dev/null || { echo "skip: env --default-signal missing"; exit 77; }
command -v h5dump >/dev/null || { echo "skip: h5dump missing (apt-get install hdf5-tools)"; exit 77; }
D="$TOP/scenarios/data"
cat >"$T/s.ini" <<INI
[scenario]
name = intr
steps = 40
replicates = 4
seed = 7
[world]
nations = $D/nations.csv
borders = $D/borders.csv
[output]
level = shares
INI
N=804 # 201 points x 4 replicates
sweep() { "$GOVSIM" sweep "$T/s.ini" --vary cn.budget=0:1:0.005 -q "$@"; }
h5attr() { h5dump -a "$2" "$1" | sed -n '/DATA {/,/}/p' | grep -o '[0-9][0-9]*' | tail -n 1; }
# wait_journal FILE: until FILE holds some finished tasks (header + records)
wait_journal() {
    i=0
    while [ "$(stat -c %s "$1" 2>/dev/null || echo 0)" -lt 60000 ]; do
        i=$((i + 1))
        [ $i -lt 400 ] || fail "no journal progress in $1"
        sleep 0.02
    done
}

t0=$(date +%s%N)
expect_exit 0 sweep -o "$T/ref.h5" -j 2
t1=$(date +%s%N)
ref_ms=$(((t1 - t0) / 1000000))

# ---- 1. SIGINT a sweep -----------------------------------------------------
env --default-signal=INT "$GOVSIM" sweep "$T/s.ini" --vary cn.budget=0:1:0.005 -q \
    -o "$T/a.h5" >"$T/out" 2>"$T/err" &
pid=$!
wait_journal "$T/a.h5.journal"
kill -INT $pid
wait $pid
rc=$?
[ $rc -eq 130 ] || { cat "$T/err" >&2; fail "SIGINT: exit $rc, expected 130"; }
one_line_error "^govsim: interrupted after [0-9]+ of $N tasks; resume with: govsim sweep .*s\.ini --vary cn\.budget=0:1:0\.005 -o .*a\.h5 --resume$"
K=$(sed 's/.*interrupted after \([0-9]*\) of.*/\1/' "$T/err")
[ "$K" -gt 0 ] && [ "$K" -lt $N ] || fail "SIGINT: K = $K"
[ ! -e "$T/a.h5" ] || fail "SIGINT: a.h5 exists"
[ -f "$T/a.h5.partial" ] && [ -f "$T/a.h5.journal" ] || fail "SIGINT: .partial or journal missing"
[ "$(h5attr "$T/a.h5.partial" /complete)" = 0 ] || fail "partial: complete != 0"
[ "$(h5attr "$T/a.h5.partial" /tasks_done)" = "$K" ] || fail "partial: tasks_done != $K"
h5vals "$T/a.h5.partial" /tasks/status >"$T/status"
[ "$(grep -c '^0$' "$T/status")" -eq "$K" ] || fail "partial: $K tasks should be done"
[ "$(grep -c '^2$' "$T/status")" -eq $((N - K)) ] || fail "partial: $((N - K)) tasks should be pending"
h5dump -a /tasks/status/flag_meanings "$T/a.h5.partial" | grep -q '"done failed pending"' ||
    fail "partial: flag_meanings should name the pending status"
# the resume hint works as printed (run from the test directory)
hint=$(sed 's/.*resume with: govsim //' "$T/err")
eval "set -- $hint"
expect_exit 0 "$GOVSIM" "$@" -q
cmp "$T/a.h5" "$T/ref.h5" || fail "SIGINT + --resume differs from an uninterrupted sweep"
for f in a.h5.partial a.h5.journal a.h5.lock; do [ ! -e "$T/$f" ] || fail "$f left behind"; done
[ "$(h5attr "$T/a.h5" /complete)" = 1 ] || fail "complete file: complete != 1"
expect_exit 0 sweep -o "$T/a.h5" --resume
grep -q "a.h5 is already complete; nothing to resume" "$T/out" || fail "complete: not said"
cmp "$T/a.h5" "$T/ref.h5" || fail "resuming a complete file changed it"

# ---- 2. SIGTERM a run ---------------------------------------------------------
run() { "$GOVSIM" run "$T/s.ini" -r 300 --set scenario.steps=20 -q "$@"; }
expect_exit 0 run -o "$T/rref.h5"
# (background jobs start govsim itself, not a shell function's subshell,
# so that the signal reaches govsim)
"$GOVSIM" run "$T/s.ini" -r 300 --set scenario.steps=20 -q -o "$T/r.h5" -j 2 >"$T/out" 2>"$T/err" &
pid=$!
wait_journal "$T/r.h5.journal"
kill -TERM $pid
wait $pid
rc=$?
[ $rc -eq 143 ] || { cat "$T/err" >&2; fail "SIGTERM: exit $rc, expected 143"; }
one_line_error "^govsim: interrupted after [0-9]+ of 300 tasks; resume with: govsim run .* --resume$"
expect_exit 0 run -o "$T/r.h5" --resume
cmp "$T/r.h5" "$T/rref.h5" || fail "SIGTERM + --resume differs from an uninterrupted run"

# ---- 2b. resumed under MPI (when govsim-mpi is built): same bytes ----------------
MPI="$(dirname "$GOVSIM")/govsim-mpi"
if [ -x "$MPI" ] && [ ! "$MPI" -ot "$GOVSIM" ] && command -v mpirun >/dev/null 2>&1; then
    export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
    env --default-signal=INT "$GOVSIM" sweep "$T/s.ini" --vary cn.budget=0:1:0.005 -q \
        -o "$T/m.h5" >"$T/out" 2>"$T/err" &
    pid=$!
    wait_journal "$T/m.h5.journal"
    kill -INT $pid
    wait $pid
    [ $? -eq 130 ] || fail "SIGINT m.h5"
    expect_exit 0 timeout 300 mpirun --allow-run-as-root --oversubscribe --bind-to none -n 3 \
        "$MPI" sweep "$T/s.ini" --vary cn.budget=0:1:0.005 -q -o "$T/m.h5" --resume
    cmp "$T/m.h5" "$T/ref.h5" || fail "resumed under mpirun -n 3: differs"
else
    echo "MPI resume: skipped (no up-to-date govsim-mpi beside $GOVSIM)"
fi

# ---- 3. refusals and damaged journals ------------------------------------------
expect_exit 2 sweep -o "$T/none.h5" --resume
one_line_error "none\.h5\.journal: no interrupted run to resume"
env --default-signal=INT "$GOVSIM" sweep "$T/s.ini" --vary cn.budget=0:1:0.005 -q \
    -o "$T/b.h5" >"$T/out" 2>"$T/err" &
pid=$!
wait_journal "$T/b.h5.journal"
kill -INT $pid
wait $pid
[ $? -eq 130 ] || fail "SIGINT b.h5"
cp "$T/b.h5.journal" "$T/b.saved"
K=$(sed 's/.*interrupted after \([0-9]*\) of.*/\1/' "$T/err")
expect_exit 2 "$GOVSIM" sweep "$T/s.ini" --vary cn.budget=0:1:0.01 -q -o "$T/b.h5" --resume
one_line_error "b\.h5\.journal belongs to another run"
expect_exit 2 "$GOVSIM" sweep "$T/s.ini" --vary cn.budget=0:1:0.005 -s 8 -q -o "$T/b.h5" --resume
one_line_error "b\.h5\.journal belongs to another run"
expect_exit 2 sweep -o "$T/b.h5"
one_line_error "b\.h5\.journal holds the finished tasks of an interrupted run: add --resume"
cmp "$T/b.h5.journal" "$T/b.saved" || fail "a refused command changed the journal"
# a torn last record (the file ends inside it) and a corrupted one before
# it: both dropped, and everything after them redone
size=$(stat -c %s "$T/b.h5.journal")
rec=$(((size - 4096) / K))
[ $((4096 + K * rec)) -eq "$size" ] || fail "journal: $size bytes is not a header + $K records"
truncate -s $((size - 100)) "$T/b.h5.journal"
printf 'XXXXXXXX' | dd of="$T/b.h5.journal" bs=1 seek=$((4096 + (K - 2) * rec + 100)) \
    conv=notrunc 2>/dev/null
expect_exit 0 sweep -o "$T/b.h5" --resume
cmp "$T/b.h5" "$T/ref.h5" || fail "resume after a torn journal differs"
printf 'not a journal' >"$T/c.h5.journal"
expect_exit 2 sweep -o "$T/c.h5" --resume
one_line_error "c\.h5\.journal: not a govsim journal"
# --force starts over despite a journal
expect_exit 0 sweep -o "$T/c.h5" --force
cmp "$T/c.h5" "$T/ref.h5" || fail "--force over a journal differs"

# ---- 4. kill -9 at 20 random moments ---------------------------------------------
seed=${KILL_SEED:-$(date +%s)}
awk -v s="$seed" -v ms="$ref_ms" \
    'BEGIN { srand(s); for (i = 0; i < 400; i++) printf "%.3f\n", ms / 1000 * (0.02 + 0.88 * rand()) }' \
    >"$T/delays"
# records in k.h5.journal (rec: measured in part 3, the same sweep).  A
# killed writer's journal ends at a record boundary or inside the record
# being written; a resume starts from every intact record, so the count of
# finished tasks never drops.
jrecords() {
    s=$(stat -c %s "$T/k.h5.journal" 2>/dev/null || echo 0)
    if [ "$s" -ge 4096 ]; then echo $(((s - 4096) / rec)); else echo 0; fi
}
kills=0
attempts=0
rounds=0
while [ $kills -lt 20 ]; do
    rm -f "$T"/k.h5*
    rounds=$((rounds + 1))
    mode= # a round starts afresh, then resumes after every kill, as a user would
    while :; do
        attempts=$((attempts + 1))
        [ $attempts -le 400 ] || fail "kill -9: no completion after 400 attempts (seed $seed)"
        before=$(jrecords)
        "$GOVSIM" sweep "$T/s.ini" --vary cn.budget=0:1:0.005 -q -j 2 -o "$T/k.h5" $mode \
            >"$T/out" 2>"$T/err" &
        pid=$!
        if [ $kills -lt 20 ]; then
            sleep "$(sed -n "${attempts}p" "$T/delays")"
            kill -9 $pid 2>/dev/null
        fi
        { wait $pid; } 2>/dev/null # (no "Killed" line from the shell)
        rc=$?
        [ $rc -eq 0 ] && break
        if [ $rc -eq 2 ] && [ -n "$mode" ] && grep -q "no interrupted run to resume" "$T/err"; then
            mode= # killed before its journal existed: nothing finished, start again
            continue
        fi
        [ $rc -eq 137 ] || { cat "$T/err" >&2; fail "kill -9: attempt $attempts exited $rc (seed $seed)"; }
        after=$(jrecords)
        # (once k.h5 is complete the journal goes: nothing left to lose)
        [ -z "$mode" ] || [ -e "$T/k.h5" ] || [ "$after" -ge "$before" ] ||
            fail "kill -9: the journal went from $before to $after finished tasks (seed $seed)"
        kills=$((kills + 1))
        mode=--resume
    done
    cmp "$T/k.h5" "$T/ref.h5" || fail "kill -9: round $rounds differs after $kills kills (seed $seed)"
    for f in k.h5.partial k.h5.journal; do
        [ ! -e "$T/$f" ] || fail "kill -9: $f left behind (seed $seed)"
    done
done
echo "kill -9: $kills kills in $rounds rounds ($attempts runs; an uninterrupted sweep takes $ref_ms ms): no finished task lost, every round identical (seed $seed)"
exit 0
