# data_reference.sh - the baseline data agree with the public reference
# figures in ../shared/data/reference (skipped when that folder is absent);
# every accepted disagreement is listed with its reason in
# tests/data/known_disagreements.csv.
. "$TOP/tests/lib/e2e.sh"
"$PYTHON" "$TOP/tests/data/check_reference.py" "$TOP/../shared/data/reference" --allow-known
