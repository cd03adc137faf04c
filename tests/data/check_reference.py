#!/usr/bin/python3
"""Compare scenarios/data/{nations,borders}.csv with public reference tables.

Usage: /usr/bin/python3 tests/data/check_reference.py [--allow-known] [REFERENCE_DIR]

REFERENCE_DIR defaults to ../shared/data/reference, resolved relative to the
repository root (a relative argument is resolved the same way).  The reference
directory must hold nations.csv, groups.csv and borders.csv; its column names
are read from the header rows.

The reference is used only to check our figures: nothing is copied from it.

Disagreements that were reviewed and kept on purpose (our value is right, or
follows a different named source) are listed with their reason in
tests/data/known_disagreements.csv (column,key,reason; key is the ISO3 code,
or "AAA-BBB" for a border).  They are printed as KNOWN with the reason.  By
default every disagreement, known or not, makes the exit status 1; with
--allow-known only the unreviewed ones do.

Exit status: 0 all within tolerance, 1 at least one disagreement,
2 our own files are missing or malformed, 77 reference not found (skipped).
Stdlib only.
"""
import csv
import math
import os
import sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OURS = os.path.join(REPO, 'scenarios', 'data')

POP_TOL = 0.10        # relative
POP_MAX_YEAR_GAP = 2  # compare population only when years are this close
GDP_TOL = 0.25        # relative
CAPITAL_TOL = 1.0     # degrees of great-circle arc
PCT_TOL = 15.0        # percentage points (internet, electricity)
LIBDEM_TOL = 0.1

# reference group name -> our column
GROUPS = {'nato': 'nato', 'rio_treaty': 'rio', 'us_bilateral_or_anzus': 'us_treaty',
          'mnna': 'mnna', 'sco': 'sco', 'brics': 'brics', 'g7': 'g7', 'eu': 'eu'}


def read_csv(path):
    with open(path, encoding='utf-8', newline='') as fh:
        reader = csv.DictReader(fh)
        return reader.fieldnames or [], list(reader)


def num(s):
    s = (s or '').strip()
    if not s:
        return None
    try:
        return float(s)
    except ValueError:
        return None


def pick(header, *names):
    """First of names present in header (reference column names vary)."""
    for n in names:
        if n in header:
            return n
    return None


def arc_deg(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dl = math.radians(lon2 - lon1)
    c = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl)
    return math.degrees(math.acos(max(-1.0, min(1.0, c))))


def load_known(path):
    known = {}
    if os.path.isfile(path):
        with open(path, encoding='utf-8', newline='') as fh:
            for r in csv.DictReader(fh):
                known[(r['column'].strip(), r['key'].strip())] = r['reason'].strip()
    return known


class Report:
    def __init__(self, known):
        self.checked = {}
        self.bad = {}
        self.notes = []
        self.known = known
        self.used = set()

    def check(self, col, ok, msg=None, key=None):
        self.checked[col] = self.checked.get(col, 0) + 1
        self.bad.setdefault(col, [])
        if not ok:
            reason = self.known.get((col, key)) if key else None
            if reason is not None:
                self.used.add((col, key))
            self.bad[col].append((msg, reason))

    def note(self, msg):
        self.notes.append(msg)


def main(argv):
    args = [a for a in argv[1:] if a != '--allow-known']
    allow_known = len(args) != len(argv) - 1
    ref_dir = args[0] if args else os.path.join('..', 'shared', 'data', 'reference')
    if not os.path.isabs(ref_dir):
        ref_dir = os.path.normpath(os.path.join(REPO, ref_dir))
    ref_files = [os.path.join(ref_dir, f) for f in ('nations.csv', 'groups.csv', 'borders.csv')]
    if not all(os.path.isfile(f) for f in ref_files):
        print('skipped: reference not found (%s)' % ref_dir)
        return 77
    try:
        our_hdr, our_rows = read_csv(os.path.join(OURS, 'nations.csv'))
        _, our_border_rows = read_csv(os.path.join(OURS, 'borders.csv'))
    except OSError as e:
        print('error: cannot read our data files: %s' % e)
        return 2
    ref_hdr, ref_rows = read_csv(ref_files[0])
    grp_hdr, grp_rows = read_csv(ref_files[1])
    rb_hdr, ref_border_rows = read_csv(ref_files[2])

    ours = {}
    for r in our_rows:
        iso = r['iso3']
        if iso in ours:
            print('error: duplicate iso3 %s in our nations.csv' % iso)
            return 2
        ours[iso] = r
    ref = {r[pick(ref_hdr, 'iso3', 'ISO3', 'iso')]: r for r in ref_rows}

    rep = Report(load_known(os.path.join(REPO, 'tests', 'data', 'known_disagreements.csv')))

    # --- ISO3 set: UN members + Taiwan ---------------------------------
    un_col = pick(ref_hdr, 'un_member', 'unMember')
    required = {iso for iso, r in ref.items()
                if (un_col and r[un_col].strip() in ('1', 'true', 'True'))} | {'TWN'}
    missing = sorted(required - set(ours))
    unknown = sorted(set(ours) - set(ref))
    rep.check('iso3_set', not missing, 'missing UN members/TWN: %s' % ' '.join(missing))
    rep.check('iso3_set', not unknown, 'iso3 not in reference: %s' % ' '.join(unknown))
    optional = sorted(set(ref) - required - set(ours))
    if optional:
        rep.note('reference rows not in ours (non-UN, optional): %s' % ' '.join(optional))

    c_lat = pick(ref_hdr, 'capital_lat', 'lat')
    c_lon = pick(ref_hdr, 'capital_lon', 'lon')
    c_pop, c_popy = pick(ref_hdr, 'population'), pick(ref_hdr, 'population_year')
    c_gdp, c_gdpy = pick(ref_hdr, 'gdp_usd', 'gdp'), pick(ref_hdr, 'gdp_year')
    c_net, c_nety = pick(ref_hdr, 'internet_pct'), pick(ref_hdr, 'internet_year')
    c_ele, c_eley = pick(ref_hdr, 'electricity_pct'), pick(ref_hdr, 'electricity_year')
    c_lib = pick(ref_hdr, 'vdem_libdem', 'libdem')
    c_bri, c_brix = pick(ref_hdr, 'bri_mou', 'bri_year'), pick(ref_hdr, 'bri_exit')

    def yr(r, col):
        v = num(r.get(col, '')) if col else None
        return int(v) if v is not None else None

    one_sided = {}
    for iso in sorted(set(ours) & set(ref)):
        o, f = ours[iso], ref[iso]
        for col in ('region', 'subregion'):
            if col in ref_hdr:
                if not f[col].strip():
                    rep.note('%s %s: reference empty, ours %r, not compared' % (iso, col, o[col]))
                    continue
                rep.check(col, o[col].strip() == f[col].strip(),
                          '%s %s: ours %r, ref %r' % (iso, col, o[col], f[col]), iso)
        if c_lat and c_lon:
            la, lo = num(o['capital_lat']), num(o['capital_lon'])
            rla, rlo = num(f[c_lat]), num(f[c_lon])
            if None not in (la, lo, rla, rlo):
                d = arc_deg(la, lo, rla, rlo)
                rep.check('capital', d <= CAPITAL_TOL,
                          '%s capital: ours (%.3f,%.3f), ref (%.3f,%.3f), %.2f deg apart'
                          % (iso, la, lo, rla, rlo, d), iso)

        def rel(col_o, col_r, ycol_o, ycol_r, tol, label, max_gap=None):
            a, b = num(o.get(col_o)), num(f.get(col_r)) if col_r else None
            if a is None or b is None:
                if (a is None) != (b is None):
                    one_sided.setdefault(label, []).append(iso + ('(ours empty)' if a is None else '(ref empty)'))
                return
            ya, yb = yr(o, ycol_o), yr(f, ycol_r)
            if max_gap is not None and ya is not None and yb is not None and abs(ya - yb) > max_gap:
                rep.note('%s %s: years %s vs %s too far apart, not compared' % (iso, label, ya, yb))
                return
            off = abs(a - b) / b if b else (0.0 if a == 0 else float('inf'))
            rep.check(label, off <= tol, '%s %s: ours %.4g (%s), ref %.4g (%s), off %.0f%%'
                      % (iso, label, a, ya, b, yb, 100 * off), iso)

        def absd(col_o, col_r, ycol_o, ycol_r, tol, label, fmt='%.3g'):
            a, b = num(o.get(col_o)), num(f.get(col_r)) if col_r else None
            if a is None or b is None:
                if (a is None) != (b is None):
                    one_sided.setdefault(label, []).append(iso + ('(ours empty)' if a is None else '(ref empty)'))
                return
            rep.check(label, abs(a - b) <= tol, ('%s %s: ours ' + fmt + ' (%s), ref ' + fmt + ' (%s)')
                      % (iso, label, a, yr(o, ycol_o), b, yr(f, ycol_r)), iso)

        rel('population', c_pop, 'population_year', c_popy, POP_TOL, 'population', POP_MAX_YEAR_GAP)
        rel('gdp_usd', c_gdp, 'gdp_year', c_gdpy, GDP_TOL, 'gdp_usd')
        absd('internet_pct', c_net, 'internet_year', c_nety, PCT_TOL, 'internet_pct')
        absd('electricity_pct', c_ele, 'electricity_year', c_eley, PCT_TOL, 'electricity_pct')
        absd('libdem', c_lib, 'libdem_year', pick(ref_hdr, 'vdem_year'), LIBDEM_TOL, 'libdem')

        # BRI: informational only (the reference has no signing years for all)
        if c_bri:
            ob, rb = bool(o.get('bri_year', '').strip()), bool(f[c_bri].strip())
            if ob != rb:
                rep.note('%s bri (info): ours %r, ref %r' % (iso, o.get('bri_year', ''), f[c_bri]))
            if c_brix and bool(o.get('bri_exit', '').strip()) != bool(f[c_brix].strip()):
                rep.note('%s bri_exit (info): ours %r, ref %r' % (iso, o.get('bri_exit', ''), f[c_brix]))

    for label, lst in sorted(one_sided.items()):
        rep.note('%s present in only one file: %s' % (label, ' '.join(lst)))

    # --- group memberships -------------------------------------------
    g_col, i_col = pick(grp_hdr, 'group'), pick(grp_hdr, 'iso3')
    ref_groups = {}
    for r in grp_rows:
        ref_groups.setdefault(r[g_col].strip(), set()).add(r[i_col].strip())
    for g, col in GROUPS.items():
        if g not in ref_groups:
            rep.note('group %s absent from reference, not checked' % g)
            continue
        if col not in our_hdr:
            rep.check(col, False, 'column %s missing in our nations.csv' % col)
            continue
        mine = {iso for iso, r in ours.items() if r[col].strip() == '1'}
        theirs = ref_groups[g]
        for iso in sorted(set(ours) | theirs):
            rep.check(col, (iso in mine) == (iso in theirs),
                      '%s %s: ours %d, ref %d' % (iso, col, iso in mine, iso in theirs), iso)
    for g in sorted(set(ref_groups) - set(GROUPS)):
        rep.note('reference group %s has no column of ours, not checked' % g)

    # --- borders -----------------------------------------------------
    ba, bb = pick(rb_hdr, 'a'), pick(rb_hdr, 'b')
    ref_b = {tuple(sorted((r[ba].strip(), r[bb].strip()))) for r in ref_border_rows}
    our_b = set()
    for r in our_border_rows:
        a, b = r['a'].strip(), r['b'].strip()
        if not a < b:
            rep.check('borders', False, 'our border %s,%s not ordered a<b' % (a, b))
        if a not in ours or b not in ours:
            rep.check('borders', False, 'our border %s,%s names a nation not in nations.csv' % (a, b))
        our_b.add(tuple(sorted((a, b))))
    skipped = sorted(p for p in ref_b if p[0] not in ours or p[1] not in ours)
    if skipped:
        rep.note('reference borders with nations not in ours, not compared: %s'
                 % ' '.join('-'.join(p) for p in skipped))
    for p in sorted((ref_b - set(skipped)) | our_b):
        rep.check('borders', (p in ref_b) == (p in our_b),
                  '%s-%s: %s' % (p[0], p[1], 'only in ours' if p in our_b else 'only in reference'),
                  '%s-%s' % p)

    # --- output ------------------------------------------------------
    for col in rep.checked:
        for msg, reason in rep.bad[col]:
            if reason is None:
                print('DISAGREE %-16s %s' % (col, msg))
            else:
                print('KNOWN    %-16s %s -- reviewed: %s' % (col, msg, reason))
    for n in rep.notes:
        print('note: ' + n)
    for col, key in sorted(set(rep.known) - rep.used):
        print('note: known_disagreements.csv entry %s %s no longer disagrees' % (col, key))
    print()
    print('%-16s %8s %13s %6s' % ('column', 'checked', 'disagreements', 'known'))
    tot_n = tot_m = tot_k = 0
    for col in rep.checked:
        n, m = rep.checked[col], len(rep.bad[col])
        k = sum(1 for _, reason in rep.bad[col] if reason is not None)
        tot_n += n
        tot_m += m
        tot_k += k
        print('%-16s %8d %13d %6d' % (col, n, m, k))
    print('%d checked, %d disagreements' % (tot_n, tot_m))
    print('(%d of them reviewed and kept, listed in tests/data/known_disagreements.csv; %d unexplained)'
          % (tot_k, tot_m - tot_k))
    failing = (tot_m - tot_k) if allow_known else tot_m
    return 1 if failing else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
