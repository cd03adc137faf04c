#!/bin/sh
# gen_params_doc.sh - regenerates the parameter reference of a Markdown file
# from the parameter table, so the two can never drift apart.
#   sh tools/gen_params_doc.sh GOVSIM FILE.md
# replaces everything between the lines `<!-- params:begin -->` and
# `<!-- params:end -->` of FILE.md with the output of
# `GOVSIM params --format md`.  `make docs` runs it on scenarios/README.md;
# tests/e2e/params_doc.sh fails when the file is out of date.
set -eu
[ $# -eq 2 ] || { echo "usage: sh $0 GOVSIM FILE.md" >&2; exit 2; }
bin=$1
doc=$2
begin='<!-- params:begin -->'
end='<!-- params:end -->'
[ -f "$doc" ] || { echo "$doc: no such file" >&2; exit 2; }
nb=$(grep -cxF -- "$begin" "$doc" || true)
ne=$(grep -cxF -- "$end" "$doc" || true)
if [ "$nb" != 1 ] || [ "$ne" != 1 ]; then
    echo "$doc: needs exactly one line '$begin' and one line '$end'" >&2
    exit 2
fi
tmp=$(mktemp "$doc.XXXXXX")
table=$(mktemp)
trap 'rm -f "$tmp" "$table"' EXIT
"$bin" params --format md >"$table"
awk -v b="$begin" -v e="$end" -v t="$table" '
    $0 == b { print; while ((getline l < t) > 0) print l; skip = 1; next }
    $0 == e { if (!skip) { bad = 1 } skip = 0 }
    !skip { print }
    END { if (bad) exit 3 }
' "$doc" >"$tmp" || { echo "$doc: '$end' comes before '$begin'" >&2; exit 2; }
if cmp -s "$tmp" "$doc"; then
    echo "$doc: parameter reference up to date"
else
    cat "$tmp" >"$doc"   # keep the file's mode and owner
    echo "$doc: parameter reference regenerated"
fi
