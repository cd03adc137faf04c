# world.sh - `govsim world`: the baseline world's summary (sizes, layers,
# imputed cells, trade partners), --nation, --export read back both as XML and
# as world.edges (same layers), synthetic worlds with --set and -s (same seed,
# same bytes), and one-line errors with exit 2 for bad inputs.
. "$TOP/tests/lib/e2e.sh"
D="$TOP/scenarios/data"
[ -f "$D/nations.csv" ] && [ -f "$D/borders.csv" ] || { echo "skipped: no $D/nations.csv"; exit 77; }
cp "$D/nations.csv" "$D/borders.csv" .
cat >base.ini <<'EOF'
[world]
nations = nations.csv
borders = borders.csv
EOF

expect_exit 0 "$GOVSIM" world base.ini
grep -Eq '^nations: 19[456]  poles: us = USA, cn = CHN' "$T/out" || { cat "$T/out"; fail "nations line"; }
for l in border trade alliance bloc region; do
    grep -Eq "^$l +[0-9]+ " "$T/out" || fail "no $l row"
done
# NATO without the U.S. pairwise (465) + Rio without the U.S. (120) + ANZUS.
grep -Eq '^alliance +586 ' "$T/out" || { cat "$T/out"; fail "alliance edge count"; }
nb=$(grep -cv '^#' borders.csv)
grep -Eq "^border +$((nb - 1)) " "$T/out" || { cat "$T/out"; fail "border edges != rows of borders.csv"; }
grep -q '^imputed cells:.* libdem [0-9]' "$T/out" || fail "imputed cells line"
grep -q '^top trade partners of USA (United States): CAN ' "$T/out" || fail "USA partners"
cp "$T/out" summary.txt

expect_exit 0 "$GOVSIM" world base.ini --nation CAN
grep -q '^top trade partners of CAN (Canada): USA ' "$T/out" || fail "CAN's top partner is not USA"
expect_exit 0 "$GOVSIM" world base.ini --nation mex
grep -q '^top trade partners of MEX (Mexico): USA ' "$T/out" || fail "MEX's top partner is not USA"
expect_exit 2 "$GOVSIM" world base.ini --nation XYZ
one_line_error "no nation 'XYZ'"

# [nation.ISO3] overrides through the scenario file: JPN joins NATO (31 more
# alliance edges); an unknown nation is an error at its line.
cp base.ini ov.ini
printf '\n[nation.JPN]\nalignment = us\nnato = 1\n' >>ov.ini
expect_exit 0 "$GOVSIM" world ov.ini
grep -Eq '^alliance +617 ' "$T/out" || { cat "$T/out"; fail "override nato = 1"; }
printf '\n[nation.XYZ]\nchipdep = 0.5\n' >>ov.ini
expect_exit 2 "$GOVSIM" world ov.ini
one_line_error "ov.ini:10: \\[nation.XYZ\\]: no such nation in nations.csv"

# Export, count nodes and edges per layer in the XML, and read it back.
expect_exit 0 "$GOVSIM" world base.ini --export merged.graphml
grep -q '^exported: merged.graphml' "$T/out" || fail "no exported line"
[ ! -e merged.graphml.partial ] || fail "partial file left"
/usr/bin/python3 - summary.txt merged.graphml <<'EOF' || fail "GraphML content"
import re, sys, xml.etree.ElementTree as ET
want = {}
for line in open(sys.argv[1]):
    m = re.match(r'^(border|trade|alliance|bloc|region) +(\d+) ', line)
    if m: want[m.group(1)] = int(m.group(2))
    m = re.match(r'^nations: (\d+)', line)
    if m: n = int(m.group(1))
ns = {'g': 'http://graphml.graphdrawing.org/xmlns'}
root = ET.parse(sys.argv[2]).getroot()
keys = {k.get('id'): k.get('attr.name') for k in root.findall('g:key', ns)}
g = root.find('g:graph', ns)
nodes = g.findall('g:node', ns)
assert len(nodes) == n, (len(nodes), n)
iso = set()
for v in nodes:
    d = {keys[x.get('key')]: x.text for x in v.findall('g:data', ns)}
    iso.add(d['iso3'])
    assert float(d['population']) > 0 and float(d['gdp']) > 0 and d['name'] and d['region']
assert 'USA' in iso and 'CHN' in iso
got = {}
for e in g.findall('g:edge', ns):
    d = {keys[x.get('key')]: x.text for x in e.findall('g:data', ns)}
    assert float(d['weight']) > 0
    got[d['layer']] = got.get(d['layer'], 0) + 1
assert got == want, (got, want)
EOF
expect_exit 0 "$GOVSIM" world base.ini --set world.edges=merged.graphml
grep -E '^(border|trade|alliance|bloc|region) ' summary.txt >a.txt
grep -E '^(border|trade|alliance|bloc|region) ' "$T/out" >b.txt
cmp -s a.txt b.txt || { diff a.txt b.txt >&2; fail "layers differ after reading the export back"; }

# Synthetic worlds: -s and --set; the same seed gives the same bytes.
syn="--set world.kind=ba --set world.n=1000 --set world.degree=6"
expect_exit 0 "$GOVSIM" world base.ini $syn -s 7 --export s7a.graphml
grep -q '^nations: 1000  poles: us = N000000, cn = N000001' "$T/out" || { cat "$T/out"; fail "ba nations"; }
grep -Eq '^trade +2994 ' "$T/out" || { cat "$T/out"; fail "ba edges (1 + 2 + 3 * 997)"; }
grep -q '^world: synthetic ba: n=1000, degree=6, seed=7' "$T/out" || fail "ba source line"
expect_exit 0 "$GOVSIM" world base.ini $syn -s 7 --export s7b.graphml
cmp -s s7a.graphml s7b.graphml || fail "same seed, different world"
expect_exit 0 "$GOVSIM" world base.ini $syn -s 8 --export s8.graphml
cmp -s s7a.graphml s8.graphml && fail "different seeds, same world"
expect_exit 0 "$GOVSIM" world base.ini --set world.kind=complete --set world.n=5000
grep -q '^layers: implicit complete graph' "$T/out" || fail "complete world"
expect_exit 2 "$GOVSIM" world base.ini --set world.kind=lattice --set world.n=1000
one_line_error "perfect square"

# Bad inputs: one line, exit 2.
sed '4s/^\([A-Z]*\),\([^,]*\),\([^,]*\),\([^,]*\),\([^,]*\),\([^,]*\),[^,]*,/\1,\2,\3,\4,\5,\6,lots,/' \
    nations.csv >bad.csv
printf '[world]\nnations = bad.csv\n' >bad.ini
expect_exit 2 "$GOVSIM" world bad.ini
one_line_error "bad.csv:4: column 'population': expected a number, got 'lots'"
printf 'a,b\nUSA,CAN\nUSA,XYZ\n' >bad_borders.csv
expect_exit 2 "$GOVSIM" world base.ini --set world.borders=bad_borders.csv
one_line_error "bad_borders.csv:3: column 'b': unknown ISO3 'XYZ'"
printf '<?xml version="1.0"?>\n<graphml><graph>\n<node id="USA">\n</graph></graphml>\n' >bad.graphml
expect_exit 2 "$GOVSIM" world base.ini --set world.edges=bad.graphml
one_line_error "bad.graphml:4: malformed GraphML: "
printf 'source,target,layer,weight\nUSA,CAN,trade,-1\n' >neg.csv
expect_exit 2 "$GOVSIM" world base.ini --set world.edges=neg.csv
one_line_error "neg.csv:2: column 'weight': weight must be > 0"
expect_exit 2 "$GOVSIM" world base.ini --export /nonexistent/dir/x.graphml
one_line_error "cannot write"
expect_exit 2 "$GOVSIM" world base.ini --bogus
one_line_error "unknown option '--bogus'"
exit 0
