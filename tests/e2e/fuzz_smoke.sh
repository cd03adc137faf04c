# fuzz_smoke.sh - a short smoke of every libFuzzer target (tests/fuzz/run.sh
# quick: replays every saved regression input, then 2000 fuzzed executions
# or 10 s per target, failing on any crash, sanitizer report, leak or
# hang), and the CLI side of the loader bugs fuzzing found: each is one
# line and exit 2 now.  Skipped (77) without clang's libFuzzer runtime
# (Debian: clang, libclang-rt-14-dev).  About 60 s, most of it building
# build/fuzz the first time.
. "$TOP/tests/lib/e2e.sh"
command -v clang >/dev/null 2>&1 || { echo "clang not installed"; exit 77; }
printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; return (int)n * 0; }\n' >probe.c
clang -fsanitize=fuzzer probe.c -o probe >/dev/null 2>&1 ||
    { echo "no libFuzzer runtime (apt-get install libclang-rt-14-dev)"; exit 77; }

sh "$TOP/tests/fuzz/run.sh" quick || fail "tests/fuzz/run.sh quick found something (see above)"

# The findings, through the CLI.  A six-nation table; poles USA and CHN.
cat >nations.csv <<'EOF'
iso3,name,region,subregion,capital_lat,capital_lon,population,gdp_usd
USA,United States,Americas,Northern America,38.9,-77.0,335000000,27700000000000
CAN,Canada,Americas,Northern America,45.4,-75.7,40000000,2100000000000
CHN,China,Asia,Eastern Asia,39.9,116.4,1410000000,17800000000000
JPN,Japan,Asia,Eastern Asia,35.7,139.7,124000000,4200000000000
EOF
world() { # extra ini lines
    printf '[scenario]\nname = fz\n[world]\nnations = nations.csv\n%s\n' "$1" >w.ini
    "$GOVSIM" world w.ini >"$T/out" 2>"$T/err"
}
# A header-only border table is a world without borders (was: qsort(NULL)).
printf 'a,b\n' >borders.csv
world 'borders = borders.csv' || { cat "$T/err" >&2; fail "header-only border table refused"; }
# A NUL byte in a table is an error, not a silent end of the line.
printf 'a,b\nUSA,CAN\n\000CHN,JPN\n' >nul.csv
expect_exit 2 world 'borders = nul.csv'
one_line_error '^govsim: nul\.csv:3: NUL byte'
# Edge weights must fit the single-precision CSR (was: inf, or 0).
for w in 1e300 1e-50; do
    printf 'source,target,layer,weight\nUSA,CHN,trade,%s\n' "$w" >edges.csv
    expect_exit 2 world 'edges = edges.csv'
    one_line_error "^govsim: edges\.csv: layer 'trade', edge (USA-CHN|CHN-USA): weight out of single-precision range"
done
printf 'source,target,layer,weight\nUSA,CHN,trade,3e38\nCHN,USA,trade,3e38\n' >edges.csv
expect_exit 2 world 'edges = edges.csv'
one_line_error "weight out of single-precision range"
# A ';' right after '=' would be read as the value and written back as a
# comment (the resolved text did not load to the same config).
printf '[scenario]\nname =; not a comment\n' >semi.ini
expect_exit 2 "$GOVSIM" check semi.ini
one_line_error "^govsim: semi\.ini:2: ';' right after '=' is read as the value"
exit 0
