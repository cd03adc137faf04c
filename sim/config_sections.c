/* config_sections.c - the scenario sections that are not plain parameters:
 * [event NAME], [sweep], [prior] and [nation.ISO3] (see config.h for what
 * each accepts), the checks that need the whole config, and the small
 * helpers both halves of the loader share (text buffer, hints, numbers).
 *
 * Values are validated by the parameter table itself (gs_param_set on a
 * scratch copy of the parameters), so an event, a sweep value and a --set
 * reject the same texts with the same words.  Names that only the world
 * knows (ISO3 codes, regions) are checked for syntax here and for
 * existence when the world is built. */
#include "config_sections.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "design.h"
#include "world.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define MAX_SWEEP_VALUES 10000000L
#define ORIGIN_COL 44

/* --- small helpers ----------------------------------------------------- */

void gs_sbuf_printf(gs_sbuf *b, const char *fmt, ...)
{
    if (b->oom) return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->oom = 1;
        return;
    }
    if (b->len + (size_t)n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + (size_t)n + 1)
            cap *= 2;
        char *s = realloc(b->s, cap);
        if (!s) {
            b->oom = 1;
            return;
        }
        b->s = s;
        b->cap = cap;
    }
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void gs_sbuf_origin(gs_sbuf *b, size_t line_start, const gs_origin *o)
{
    if (b->oom) return;
    for (size_t i = line_start; i < b->len; i++)
        if (b->s[i] == '\n') line_start = i + 1;
    char note[GS_PATH_MAX + 64];
    if (!o->file)
        snprintf(note, sizeof note, "; default");
    else if (!strcmp(o->file, "--set"))
        snprintf(note, sizeof note, "; from --set");
    else
        snprintf(note, sizeof note, "; from %s:%d", o->file, o->line);
    size_t w = b->len - line_start;
    size_t pad = w + 2 < ORIGIN_COL ? ORIGIN_COL - w : 2;
    /* Keep within inih's 199 characters so the text stays loadable: a
     * long line gets its note on an indented comment line of its own. */
    if (w + pad + strlen(note) > 199)
        gs_sbuf_printf(b, "\n    %s", note);
    else
        gs_sbuf_printf(b, "%*s%s", (int)pad, "", note);
}

static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 127 || lb > 127) return 1000;
    size_t row[128];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best =
                diag + (tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]));
            if (row[j] + 1 < best) best = row[j] + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

const char *gs_cfg_nearest(const char *name, const char *const *cands, size_t n)
{
    const char *best = NULL;
    size_t bestd = (size_t)-1;
    for (size_t i = 0; i < n; i++) {
        size_t d = edit_distance(name, cands[i]);
        if (d < bestd) {
            bestd = d;
            best = cands[i];
        }
    }
    if (!best) return NULL;
    size_t len = strlen(name) > strlen(best) ? strlen(name) : strlen(best);
    return bestd <= 3 && 3 * bestd <= len ? best : NULL;
}

void gs_cfg_fmt_double(double v, char *buf, size_t len)
{
    /* Plain decimals when they are short ("2027.25", not "2.02725e+03"). */
    if (v == 0 || (fabs(v) >= 1e-4 && fabs(v) < 1e15))
        for (int dec = 0; dec <= 8; dec++) {
            snprintf(buf, len, "%.*f", dec, v);
            if (strtod(buf, NULL) == v) return;
        }
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, len, "%.*g", prec, v);
        if (strtod(buf, NULL) == v) break;
    }
}

/* A whole-text finite number. */
static int parse_num(const char *s, double *out)
{
    while (isspace((unsigned char)*s))
        s++;
    char *end;
    double v = strtod(s, &end);
    if (end == s) return -1;
    while (isspace((unsigned char)*end))
        end++;
    if (*end || !isfinite(v)) return -1;
    *out = v;
    return 0;
}

static int single(const gs_ini *doc, const gs_ini_entry *en, const char *what, gs_err *e)
{
    if (en->npieces > 1)
        return gs_cfg_fail(e, doc->path, en->lines[1],
                           "%s takes a single value: an indented line continues the previous value",
                           what);
    return GS_OK;
}

static const char *type_name(gs_ptype t)
{
    static const char *const names[] = {"real", "int", "bool", "enum", "string", "path"};
    return (size_t)t < NELEM(names) ? names[t] : "?";
}

/* Checks a number against parameter idx the way a file value would be. */
static int check_param_number(const gs_config *c, int idx, double v, const char *file, int line,
                              const char *ctx, gs_err *e)
{
    char buf[64];
    if (gs_param_table[idx].type == GS_PT_INT) {
        if (v != floor(v))
            return gs_cfg_fail(e, file, line,
                               "%s: %s is an integer parameter; %.17g is not an integer", ctx,
                               gs_param_table[idx].name, v);
        snprintf(buf, sizeof buf, "%.0f", v);
    } else {
        gs_cfg_fmt_double(v, buf, sizeof buf);
    }
    gs_params scratch = c->p;
    gs_err pe = {0};
    if (gs_param_set(&scratch, idx, buf, &pe) != GS_OK)
        return gs_cfg_fail(e, file, line, "%s: %s", ctx, pe.msg);
    return GS_OK;
}

/* Splits a list value on commas and line breaks, calling fn for each
 * trimmed item with its physical line.  A line break separates items like
 * a comma, and a comma next to a line break is fine (a comma may end a
 * line); but two commas with only blanks between them, or a comma before the
 * first or after the last item, are an error. */
typedef int (*item_fn)(void *ctx, const char *item, int line, gs_err *e);
static int split_list(const gs_ini *doc, const gs_ini_entry *en, const char *what, item_fn fn,
                      void *ctx, gs_err *e)
{
    const char *v = en->value;
    char item[GS_TEXT_MAX];
    size_t piece = 0, item_piece = 0, nitems = 0;
    int commas = 0; /* since the last item */
    const char *start = v;
    for (const char *p = v;; p++) {
        if (*p != ',' && *p != '\n' && *p != '\0') continue;
        const char *a = start, *b = p;
        while (a < b && isspace((unsigned char)*a))
            a++;
        while (b > a && isspace((unsigned char)b[-1]))
            b--;
        int line = en->lines[item_piece < en->npieces ? item_piece : en->npieces - 1];
        if (a != b) {
            if (commas > (nitems > 0))
                return gs_cfg_fail(e, doc->path, line,
                                   "%s: empty item in list (two commas in a row, or a comma first)",
                                   what);
            if ((size_t)(b - a) >= sizeof item)
                return gs_cfg_fail(e, doc->path, line, "%s: list item too long", what);
            memcpy(item, a, (size_t)(b - a));
            item[b - a] = '\0';
            int rc = fn(ctx, item, line, e);
            if (rc != GS_OK) return rc;
            nitems++;
            commas = 0;
        }
        if (*p == '\0') break;
        if (*p == ',') commas++;
        if (*p == '\n') piece++;
        start = p + 1;
        item_piece = piece;
    }
    if (nitems == 0) return gs_cfg_fail(e, doc->path, en->line, "%s: empty list", what);
    if (commas)
        return gs_cfg_fail(e, doc->path, en->lines[en->npieces - 1],
                           "%s: empty item in list (a comma after the last item)", what);
    return GS_OK;
}

/* --- nation attributes ------------------------------------------------- */

/* NULL when v is a plausible value of attribute a, else why not. */
static const char *attr_check(int a, double v, char *buf, size_t len)
{
    double lo = -HUGE_VAL, hi = HUGE_VAL;
    switch (a) {
    case GS_A_NATO:
    case GS_A_RIO:
    case GS_A_US_TREATY:
    case GS_A_MNNA:
    case GS_A_BRI:
    case GS_A_SCO:
    case GS_A_BRICS:
    case GS_A_G7:
    case GS_A_EU:
    case GS_A_NAM:
    case GS_A_GLOBAL_SOUTH:
        if (v != 0 && v != 1) {
            snprintf(buf, len, "%s is a membership: 0 or 1, got %g", gs_attr_names[a], v);
            return buf;
        }
        return NULL;
    case GS_A_INTERNET:
    case GS_A_ELECTRICITY:
        lo = 0, hi = 100;
        break;
    case GS_A_LIBDEM:
    case GS_A_CHIPDEP:
    case GS_A_TRADEDEP_CN:
    case GS_A_TRADEDEP_US:
        lo = 0, hi = 1;
        break;
    case GS_A_LAT:
        lo = -90, hi = 90;
        break;
    case GS_A_LON:
        lo = -180, hi = 180;
        break;
    case GS_A_POPULATION:
    case GS_A_GDP:
    case GS_A_GDPPC:
        lo = 0;
        break;
    case GS_A_BRI_YEAR:
    case GS_A_BRI_EXIT:
        lo = 1900, hi = 2200;
        break;
    default:
        break;
    }
    if (v < lo || v > hi) {
        snprintf(buf, len, "%s: %g is out of range [%g, %g]", gs_attr_names[a], v, lo, hi);
        return buf;
    }
    return NULL;
}

/* --- [event NAME] ------------------------------------------------------ */

static const char *const groups[] = {"nato",  "rio", "us_treaty", "mnna", "bri",         "sco",
                                     "brics", "g7",  "eu",        "nam",  "global_south"};

typedef struct subset_ctx {
    const gs_ini *doc;
    const char *ev;
    char *out;
    size_t len, cap;
} subset_ctx;

static int subset_add(subset_ctx *s, const char *text, size_t n, int line, gs_err *e)
{
    if (s->len + (s->len > 0) + n + 1 > s->cap)
        return gs_cfg_fail(e, s->doc->path, line,
                           "event '%s': subset longer than %zu characters; name a group, region or "
                           "subregion instead",
                           s->ev, s->cap - 1);
    if (s->len) s->out[s->len++] = ',';
    memcpy(s->out + s->len, text, n);
    s->len += n;
    s->out[s->len] = '\0';
    return GS_OK;
}

static int is_iso3(const char *t, size_t n)
{
    return n == 3 && isupper((unsigned char)t[0]) && isupper((unsigned char)t[1]) &&
           isupper((unsigned char)t[2]);
}

static const char *group_of(const char *t, size_t n)
{
    for (size_t g = 0; g < NELEM(groups); g++)
        if (strlen(groups[g]) == n && !strncasecmp(t, groups[g], n)) return groups[g];
    return NULL;
}

/* One comma-separated item: a list of ISO3 codes and group names separated
 * by spaces ("JPN KOR nato"), stored as one item each, or else a region or
 * subregion name ("Southern Asia"), stored with single spaces. */
static int subset_item(void *ctx, const char *item, int line, gs_err *e)
{
    subset_ctx *s = ctx;
    const char *bad = NULL;
    size_t badn = 0;
    for (const char *p = item; *p;) {
        size_t n = strcspn(p, " \t");
        if (!is_iso3(p, n) && !group_of(p, n) && !bad) bad = p, badn = n;
        p += n;
        p += strspn(p, " \t");
    }
    if (!bad) {
        for (const char *p = item; *p;) {
            size_t n = strcspn(p, " \t");
            const char *g = is_iso3(p, n) ? NULL : group_of(p, n); /* NAM is Namibia */
            if (subset_add(s, g ? g : p, g ? strlen(g) : n, line, e) != GS_OK) return e->code;
            p += n;
            p += strspn(p, " \t");
        }
        return GS_OK;
    }
    char name[GS_TEXT_MAX];
    size_t k = 0;
    int ok = isupper((unsigned char)item[0]);
    for (const char *p = item; *p && ok; p++) {
        if (isspace((unsigned char)*p)) {
            if (k && name[k - 1] != ' ') name[k++] = ' ';
        } else if (isalnum((unsigned char)*p) || strchr("-'.&()", *p) ||
                   (unsigned char)*p >= 0x80) {
            name[k++] = *p;
        } else {
            ok = 0;
        }
    }
    if (ok) return subset_add(s, name, k, line, e);
    char tok[64];
    snprintf(tok, sizeof tok, "%.*s", (int)(badn < 63 ? badn : 63), bad);
    const char *near = gs_cfg_nearest(tok, groups, NELEM(groups));
    if (near)
        return gs_cfg_fail(e, s->doc->path, line,
                           "event '%s': subset: unknown group '%s'; did you mean %s?", s->ev, tok,
                           near);
    return gs_cfg_fail(e, s->doc->path, line,
                       "event '%s': subset: '%s' is not an ISO3 code (three upper-case letters), a "
                       "group (nato, rio, us_treaty, mnna, bri, sco, brics, g7, eu, nam, "
                       "global_south) or a region or subregion name",
                       s->ev, tok);
}

static const char *const event_keys[] = {"time", "key", "op", "value", "subset"};

static int event_value(gs_config *c, const gs_ini *doc, gs_event *ev, const gs_ini_entry *v,
                       const gs_ini_entry *o, gs_err *e)
{
    static const char *const ops[] = {"set", "scale", "add"};
    if (strlen(v->value) >= sizeof ev->text)
        return gs_cfg_fail(e, doc->path, v->line, "event '%s': value too long", ev->name);
    memcpy(ev->text, v->value, strlen(v->value) + 1);
    if (ev->param >= 0) {
        const gs_param_def *d = &gs_param_table[ev->param];
        if (ev->op == GS_EV_SET) {
            gs_params scratch = c->p;
            gs_err pe = {0};
            if (gs_param_set(&scratch, ev->param, v->value, &pe) != GS_OK)
                return gs_cfg_fail(e, doc->path, v->line, "event '%s': %s", ev->name, pe.msg);
            ev->value = gs_param_number(&scratch, ev->param);
            return GS_OK;
        }
        if (d->type != GS_PT_REAL && d->type != GS_PT_INT)
            return gs_cfg_fail(
                e, doc->path, o->line, "event '%s': op %s needs a number; %s is %s %s", ev->name,
                ops[ev->op], d->name, d->type == GS_PT_ENUM ? "an" : "a", type_name(d->type));
    }
    if (parse_num(v->value, &ev->value) != 0)
        return gs_cfg_fail(e, doc->path, v->line,
                           "event '%s': value: expected a finite number, got '%s'", ev->name,
                           v->value);
    if (ev->param < 0 && ev->op == GS_EV_SET) {
        char why[160];
        const char *bad = attr_check(gs_attr_find(ev->attr), ev->value, why, sizeof why);
        if (bad) return gs_cfg_fail(e, doc->path, v->line, "event '%s': %s", ev->name, bad);
    }
    return GS_OK;
}

static int event_key(const gs_ini *doc, gs_event *ev, const gs_ini_entry *k, gs_err *e)
{
    if (strlen(k->value) >= sizeof ev->key)
        return gs_cfg_fail(e, doc->path, k->line, "event '%s': key too long", ev->name);
    memcpy(ev->key, k->value, strlen(k->value) + 1);
    if (!strncmp(k->value, "nation.", 7)) {
        const char *attr = k->value + 7;
        if (!gs_config_is_nation_attr(attr)) {
            const char *near = gs_cfg_nearest(attr, gs_attr_names, GS_NATTR);
            if (near)
                return gs_cfg_fail(
                    e, doc->path, k->line,
                    "event '%s': unknown nation attribute '%s'; did you mean nation.%s?", ev->name,
                    attr, near);
            return gs_cfg_fail(e, doc->path, k->line, "event '%s': unknown nation attribute '%s'",
                               ev->name, attr);
        }
        snprintf(ev->attr, sizeof ev->attr, "%s", attr);
        ev->param = -1;
        return GS_OK;
    }
    int idx = gs_param_find(k->value);
    if (idx < 0) {
        const char *near = gs_param_nearest(k->value);
        if (near)
            return gs_cfg_fail(e, doc->path, k->line,
                               "event '%s': unknown key '%s'; did you mean %s?", ev->name, k->value,
                               near);
        return gs_cfg_fail(e, doc->path, k->line,
                           "event '%s': unknown key '%s' (a parameter, or nation.<attribute>)",
                           ev->name, k->value);
    }
    const gs_param_def *d = &gs_param_table[idx];
    if (!strncmp(d->name, "scenario.", 9) || !strncmp(d->name, "world.", 6) ||
        !strncmp(d->name, "output.", 7))
        return gs_cfg_fail(e, doc->path, k->line,
                           "event '%s': %s cannot change during a run (scenario, world and output "
                           "settings are fixed when it starts)",
                           ev->name, d->name);
    if (d->type == GS_PT_STRING || d->type == GS_PT_PATH)
        return gs_cfg_fail(e, doc->path, k->line,
                           "event '%s': %s is a %s parameter; events change numbers and choices",
                           ev->name, d->name, type_name(d->type));
    ev->param = idx;
    return GS_OK;
}

int gs_cfg_event(gs_config *c, const gs_ini *doc, size_t sec, size_t first, size_t last,
                 const char *file, gs_err *e)
{
    const gs_ini_section *s = &doc->sections[sec];
    gs_event ev;
    memset(&ev, 0, sizeof ev);
    const char *name = s->name + 5;
    while (isspace((unsigned char)*name))
        name++;
    if (!*name) return gs_cfg_fail(e, doc->path, s->line, "[event] needs a name: [event NAME]");
    if (strlen(name) >= sizeof ev.name)
        return gs_cfg_fail(e, doc->path, s->line, "event name longer than %zu characters",
                           sizeof ev.name - 1);
    for (const char *p = name; *p; p++)
        if (!isalnum((unsigned char)*p) && !strchr("_-.", *p))
            return gs_cfg_fail(e, doc->path, s->line,
                               "event name '%s': use letters, digits, '_', '-' and '.'", name);
    snprintf(ev.name, sizeof ev.name, "%s", name);
    ev.op = GS_EV_SET;
    ev.param = -1;
    ev.value = NAN;
    ev.where.file = file;
    ev.where.line = s->line;
    const gs_ini_entry *t = NULL, *k = NULL, *o = NULL, *v = NULL, *sub = NULL;
    for (size_t i = first; i < last; i++) {
        const gs_ini_entry *en = &doc->entries[i];
        const gs_ini_entry **slot = !strcmp(en->key, "time")     ? &t
                                    : !strcmp(en->key, "key")    ? &k
                                    : !strcmp(en->key, "op")     ? &o
                                    : !strcmp(en->key, "value")  ? &v
                                    : !strcmp(en->key, "subset") ? &sub
                                                                 : NULL;
        if (!slot) {
            const char *near = gs_cfg_nearest(en->key, event_keys, NELEM(event_keys));
            if (near)
                return gs_cfg_fail(e, doc->path, en->line,
                                   "unknown key '%s' in [event %s]; did you mean %s?", en->key,
                                   ev.name, near);
            return gs_cfg_fail(
                e, doc->path, en->line,
                "unknown key '%s' in [event %s] (keys: time, key, op, value, subset)", en->key,
                ev.name);
        }
        if (slot != &sub && single(doc, en, en->key, e) != GS_OK) return e->code;
        *slot = en;
    }
    if (!t) return gs_cfg_fail(e, doc->path, s->line, "event '%s': missing 'time'", ev.name);
    if (!k) return gs_cfg_fail(e, doc->path, s->line, "event '%s': missing 'key'", ev.name);
    if (!v) return gs_cfg_fail(e, doc->path, s->line, "event '%s': missing 'value'", ev.name);
    if (parse_num(t->value, &ev.time) != 0)
        return gs_cfg_fail(e, doc->path, t->line,
                           "event '%s': time: expected a decimal year, got '%s'", ev.name,
                           t->value);
    ev.time_line = t->line;
    if (event_key(doc, &ev, k, e) != GS_OK) return e->code;
    if (o) {
        if (!strcmp(o->value, "set"))
            ev.op = GS_EV_SET;
        else if (!strcmp(o->value, "scale"))
            ev.op = GS_EV_SCALE;
        else if (!strcmp(o->value, "add"))
            ev.op = GS_EV_ADD;
        else
            return gs_cfg_fail(e, doc->path, o->line,
                               "event '%s': op: expected set, scale or add, got '%s'", ev.name,
                               o->value);
    }
    if (event_value(c, doc, &ev, v, o, e) != GS_OK) return e->code;
    if (sub) {
        if (ev.param >= 0)
            return gs_cfg_fail(e, doc->path, sub->line,
                               "event '%s': subset applies to nation attributes only; %s is a "
                               "parameter",
                               ev.name, ev.key);
        subset_ctx sc = {doc, ev.name, ev.subset, 0, sizeof ev.subset};
        if (split_list(doc, sub, "subset", subset_item, &sc, e) != GS_OK) return e->code;
    }
    for (size_t j = 0; j < c->nevents; j++)
        if (!strcmp(c->events[j].name, ev.name)) {
            c->events[j] = ev; /* a later file redefines the event in place */
            return GS_OK;
        }
    gs_event *ne = realloc(c->events, (c->nevents + 1) * sizeof *ne);
    if (!ne) return gs_err_set(e, GS_ERUN, "out of memory (events)");
    c->events = ne;
    c->events[c->nevents++] = ev;
    return GS_OK;
}

/* --- [sweep] ----------------------------------------------------------- */

static void sweep_dim_clear(gs_sweep_dim *d)
{
    if (d->texts)
        for (size_t i = 0; i < d->nvalues; i++)
            free(d->texts[i]);
    free(d->texts);
    free(d->values);
    d->texts = NULL;
    d->values = NULL;
    d->nvalues = 0;
}

typedef struct sweep_ctx {
    gs_config *c;
    const gs_ini *doc;
    gs_sweep_dim *dim;
    size_t cap;
} sweep_ctx;

static int sweep_item(void *ctx, const char *item, int line, gs_err *e)
{
    sweep_ctx *s = ctx;
    gs_sweep_dim *d = s->dim;
    int enm = gs_param_table[d->param].type == GS_PT_ENUM ||
              gs_param_table[d->param].type == GS_PT_BOOL; /* values kept as text too */
    gs_params scratch = s->c->p;
    gs_err pe = {0};
    if (gs_param_set(&scratch, d->param, item, &pe) != GS_OK)
        return gs_cfg_fail(e, s->doc->path, line, "[sweep] %s", pe.msg);
    if (d->nvalues >= (size_t)MAX_SWEEP_VALUES)
        return gs_cfg_fail(e, s->doc->path, line, "[sweep] %s: more than %ld values", d->key,
                           MAX_SWEEP_VALUES);
    if (d->nvalues == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 16;
        double *v = realloc(d->values, cap * sizeof *v);
        if (!v) return gs_err_set(e, GS_ERUN, "out of memory (sweep)");
        d->values = v;
        if (enm) {
            char **t = realloc(d->texts, cap * sizeof *t);
            if (!t) return gs_err_set(e, GS_ERUN, "out of memory (sweep)");
            d->texts = t;
        }
        s->cap = cap;
    }
    if (enm && !(d->texts[d->nvalues] = strdup(item)))
        return gs_err_set(e, GS_ERUN, "out of memory (sweep)");
    d->values[d->nvalues++] = gs_param_number(&scratch, d->param);
    return GS_OK;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int sweep_range(gs_config *c, const gs_ini *doc, const gs_ini_entry *en, gs_sweep_dim *d,
                       gs_err *e)
{
    const char *path = doc->path;
    if (single(doc, en, "a range", e) != GS_OK) return e->code;
    double part[3];
    size_t np = 0;
    char buf[GS_TEXT_MAX];
    snprintf(buf, sizeof buf, "%s", en->value);
    for (char *p = buf;; np++) {
        char *colon = strchr(p, ':');
        if (colon) *colon = '\0';
        if (np == 3 || parse_num(p, &part[np]) != 0)
            return gs_cfg_fail(e, path, en->line,
                               "[sweep] %s: expected start:stop:step, lo:hi or a list, got '%s'",
                               d->key, en->value);
        if (!colon) {
            np++;
            break;
        }
        p = colon + 1;
    }
    if (np < 2)
        return gs_cfg_fail(e, path, en->line, "[sweep] %s: expected start:stop:step, got '%s'",
                           d->key, en->value);
    int isint = gs_param_table[d->param].type == GS_PT_INT;
    for (size_t i = 0; i < np; i++)
        if (isint && part[i] != floor(part[i]))
            return gs_cfg_fail(e, path, en->line,
                               "[sweep] %s is an integer parameter: '%s' needs integers", d->key,
                               en->value);
    if (np == 2) {
        if (!(part[0] < part[1]))
            return gs_cfg_fail(e, path, en->line, "[sweep] %s: bounds lo:hi need lo < hi, got '%s'",
                               d->key, en->value);
        for (int i = 0; i < 2; i++)
            if (check_param_number(c, d->param, part[i], path, en->line, "[sweep]", e) != GS_OK)
                return e->code;
        if (!(d->values = malloc(2 * sizeof *d->values)))
            return gs_err_set(e, GS_ERUN, "out of memory (sweep)");
        d->values[0] = part[0];
        d->values[1] = part[1];
        d->nvalues = 2;
        d->kind = GS_SWEEP_BOUNDS;
        return GS_OK;
    }
    double start = part[0], stop = part[1], step = part[2];
    if (!(step > 0))
        return gs_cfg_fail(e, path, en->line, "[sweep] %s: step must be > 0, got '%s'", d->key,
                           en->value);
    if (!(start <= stop))
        return gs_cfg_fail(e, path, en->line, "[sweep] %s: start must be <= stop, got '%s'", d->key,
                           en->value);
    double q = (stop - start) / step;
    q = floor(q + 1e-9 * fmax(1.0, q)); /* stop counts when within 1e-9 of a step */
    if (!(q < (double)MAX_SWEEP_VALUES))
        return gs_cfg_fail(e, path, en->line, "[sweep] %s: '%s' gives more than %ld values", d->key,
                           en->value, MAX_SWEEP_VALUES);
    size_t n = (size_t)q + 1;
    if (!(d->values = malloc(n * sizeof *d->values)))
        return gs_err_set(e, GS_ERUN, "out of memory (sweep)");
    for (size_t i = 0; i < n; i++)
        d->values[i] = start + (double)i * step;
    if (d->values[n - 1] > stop || fabs(d->values[n - 1] - stop) <= 1e-9 * fmax(fabs(stop), step))
        d->values[n - 1] = stop;
    d->nvalues = n;
    d->kind = GS_SWEEP_RANGE;
    d->start = start;
    d->stop = stop;
    d->step = step;
    if (check_param_number(c, d->param, d->values[0], path, en->line, "[sweep]", e) != GS_OK ||
        check_param_number(c, d->param, d->values[n - 1], path, en->line, "[sweep]", e) != GS_OK)
        return e->code;
    return GS_OK;
}

static int sweep_method(gs_config *c, const gs_ini *doc, const gs_ini_entry *en, const char *file,
                        gs_err *e)
{
    if (single(doc, en, "method", e) != GS_OK) return e->code;
    const char *v = en->value;
    long n = 0;
    char name[16];
    if (!strcmp(v, "grid")) {
        snprintf(name, sizeof name, "grid");
    } else {
        size_t hl = strcspn(v, ":");
        char *end;
        if ((hl == 3 && !strncmp(v, "lhs", 3)) || (hl == 5 && !strncmp(v, "sobol", 5))) {
            n = v[hl] == ':' ? strtol(v + hl + 1, &end, 10) : 0;
            if (v[hl] != ':' || end == v + hl + 1 || *end || n < 1 || n > MAX_SWEEP_VALUES)
                return gs_cfg_fail(
                    e, doc->path, en->line,
                    "[sweep] method: %.*s needs a sample size, %.*s:N with 1 <= N <= "
                    "%ld, got '%s'",
                    (int)hl, v, (int)hl, v, MAX_SWEEP_VALUES, v);
            snprintf(name, sizeof name, "%.*s", (int)hl, v);
        } else {
            return gs_cfg_fail(e, doc->path, en->line,
                               "[sweep] method: expected grid, lhs:N or sobol:N, got '%s'", v);
        }
    }
    snprintf(c->sweep_method, sizeof c->sweep_method, "%s", name);
    c->sweep_n = n;
    c->sweep_method_where.file = file;
    c->sweep_method_where.line = en->line;
    return GS_OK;
}

int gs_cfg_sweep(gs_config *c, const gs_ini *doc, size_t first, size_t last, const char *file,
                 gs_err *e)
{
    for (size_t i = first; i < last; i++) {
        const gs_ini_entry *en = &doc->entries[i];
        if (!strcmp(en->key, "method")) {
            if (sweep_method(c, doc, en, file, e) != GS_OK) return e->code;
            continue;
        }
        int idx = gs_param_find(en->key);
        if (idx < 0) {
            const char *near = gs_param_nearest(en->key);
            if (near)
                return gs_cfg_fail(e, doc->path, en->line,
                                   "[sweep] unknown key '%s'; did you mean %s?", en->key, near);
            return gs_cfg_fail(e, doc->path, en->line,
                               "[sweep] unknown key '%s' (a parameter name such as cn.compute, or "
                               "method)",
                               en->key);
        }
        const gs_param_def *pd = &gs_param_table[idx];
        /* The sweep engine's own rule, so check and sweep agree. */
        const char *why = gs_design_forbidden(idx);
        if (why)
            return gs_cfg_fail(e, doc->path, en->line, "[sweep] %s cannot be swept: %s", pd->name,
                               why);
        gs_sweep_dim d;
        memset(&d, 0, sizeof d);
        snprintf(d.key, sizeof d.key, "%s", pd->name);
        d.param = idx;
        d.where.file = file;
        d.where.line = en->line;
        d.kind = GS_SWEEP_LIST;
        int rc;
        if ((pd->type == GS_PT_REAL || pd->type == GS_PT_INT) && strchr(en->value, ':')) {
            rc = sweep_range(c, doc, en, &d, e);
        } else {
            sweep_ctx sc = {c, doc, &d, 0};
            rc = split_list(doc, en, pd->name, sweep_item, &sc, e);
            double *sorted = NULL;
            if (rc == GS_OK && !(sorted = malloc(d.nvalues * sizeof *sorted)))
                rc = gs_err_set(e, GS_ERUN, "out of memory (sweep)");
            if (rc == GS_OK) {
                memcpy(sorted, d.values, d.nvalues * sizeof *sorted);
                qsort(sorted, d.nvalues, sizeof *sorted, cmp_double);
                for (size_t j = 1; j < d.nvalues && rc == GS_OK; j++)
                    if (sorted[j] == sorted[j - 1]) {
                        char b[32];
                        gs_cfg_fmt_double(sorted[j], b, sizeof b);
                        const char *shown = b;
                        for (size_t k = 0; d.texts && k < d.nvalues; k++)
                            if (d.values[k] == sorted[j]) shown = d.texts[k];
                        rc = gs_cfg_fail(e, doc->path, en->line,
                                         "[sweep] %s: value %s listed twice", pd->name, shown);
                    }
            }
            free(sorted);
        }
        if (rc != GS_OK) {
            sweep_dim_clear(&d);
            return rc;
        }
        size_t j = 0;
        while (j < c->nsweep && c->sweep[j].param != idx)
            j++;
        if (j == c->nsweep) {
            gs_sweep_dim *ns = realloc(c->sweep, (c->nsweep + 1) * sizeof *ns);
            if (!ns) {
                sweep_dim_clear(&d);
                return gs_err_set(e, GS_ERUN, "out of memory (sweep)");
            }
            c->sweep = ns;
            c->nsweep++;
        } else {
            sweep_dim_clear(&c->sweep[j]); /* a later file redefines the key */
        }
        c->sweep[j] = d;
    }
    return GS_OK;
}

/* --- [prior] ----------------------------------------------------------- */

static int prior_parse(const gs_config *c, const gs_ini *doc, const gs_ini_entry *en, gs_prior *pr,
                       gs_err *e)
{
    static const struct {
        const char *name;
        gs_prior_kind kind;
        int nargs;
    } dists[] = {{"uniform", GS_PRIOR_UNIFORM, 2},
                 {"normal", GS_PRIOR_NORMAL, 2},
                 {"beta", GS_PRIOR_BETA, 2},
                 {"triangular", GS_PRIOR_TRIANGULAR, 3}};
    const gs_param_def *d = &gs_param_table[pr->param];
    const char *v = en->value, *path = doc->path;
    size_t nl = strcspn(v, "( \t");
    const char *p = v + nl;
    while (isspace((unsigned char)*p))
        p++;
    int which = -1;
    for (size_t i = 0; i < NELEM(dists); i++)
        if (strlen(dists[i].name) == nl && !strncmp(v, dists[i].name, nl)) which = (int)i;
    const char *close = strchr(p, ')');
    const char *after = close ? close + 1 : NULL;
    while (after && isspace((unsigned char)*after))
        after++;
    if (which < 0 || *p != '(' || !close || *after)
        return gs_cfg_fail(e, path, en->line,
                           "[prior] %s: expected uniform(lo, hi), normal(mu, sd), beta(a, b) or "
                           "triangular(lo, mode, hi), got '%s'",
                           d->name, v);
    double a[3];
    int na = 0;
    char args[GS_TEXT_MAX];
    snprintf(args, sizeof args, "%.*s", (int)(close - p - 1), p + 1);
    for (char *q = args;;) {
        char *comma = strchr(q, ',');
        if (comma) *comma = '\0';
        if (na == 3 || parse_num(q, &a[na]) != 0)
            return gs_cfg_fail(e, path, en->line, "[prior] %s: bad arguments in '%s'", d->name, v);
        na++;
        if (!comma) break;
        q = comma + 1;
    }
    if (na != dists[which].nargs)
        return gs_cfg_fail(e, path, en->line, "[prior] %s: %s takes %d arguments, got %d", d->name,
                           dists[which].name, dists[which].nargs, na);
    pr->kind = dists[which].kind;
    pr->a = a[0];
    pr->b = a[1];
    pr->c = na == 3 ? a[2] : 0;
    (void)c;
    switch (pr->kind) {
    case GS_PRIOR_UNIFORM:
        if (!(a[0] < a[1]))
            return gs_cfg_fail(e, path, en->line, "[prior] %s: uniform(lo, hi) needs lo < hi",
                               d->name);
        if (a[0] < d->min || a[1] > d->max)
            return gs_cfg_fail(e, path, en->line,
                               "[prior] %s: support [%g, %g] leaves the range [%g, %g]", d->name,
                               a[0], a[1], d->min, d->max);
        break;
    case GS_PRIOR_NORMAL:
        if (!(a[1] > 0))
            return gs_cfg_fail(e, path, en->line, "[prior] %s: normal(mu, sd) needs sd > 0",
                               d->name);
        if (a[0] < d->min || a[0] > d->max)
            return gs_cfg_fail(e, path, en->line,
                               "[prior] %s: mu = %g is outside the range [%g, %g]", d->name, a[0],
                               d->min, d->max);
        break;
    case GS_PRIOR_BETA:
        if (!(a[0] > 0 && a[1] > 0))
            return gs_cfg_fail(e, path, en->line, "[prior] %s: beta(a, b) needs a > 0 and b > 0",
                               d->name);
        if (d->min > 0 || d->max < 1)
            return gs_cfg_fail(e, path, en->line,
                               "[prior] %s: beta draws on [0, 1], outside the range [%g, %g]",
                               d->name, d->min, d->max);
        break;
    case GS_PRIOR_TRIANGULAR:
        if (!(a[0] < a[2] && a[0] <= a[1] && a[1] <= a[2]))
            return gs_cfg_fail(
                e, path, en->line,
                "[prior] %s: triangular(lo, mode, hi) needs lo <= mode <= hi, lo < hi", d->name);
        if (a[0] < d->min || a[2] > d->max)
            return gs_cfg_fail(e, path, en->line,
                               "[prior] %s: support [%g, %g] leaves the range [%g, %g]", d->name,
                               a[0], a[2], d->min, d->max);
        break;
    }
    return GS_OK;
}

int gs_cfg_prior(gs_config *c, const gs_ini *doc, size_t first, size_t last, const char *file,
                 gs_err *e)
{
    for (size_t i = first; i < last; i++) {
        const gs_ini_entry *en = &doc->entries[i];
        int idx = gs_param_find(en->key);
        if (idx < 0) {
            const char *near = gs_param_nearest(en->key);
            if (near)
                return gs_cfg_fail(e, doc->path, en->line,
                                   "[prior] unknown key '%s'; did you mean %s?", en->key, near);
            return gs_cfg_fail(e, doc->path, en->line, "[prior] unknown key '%s'", en->key);
        }
        const char *pn = gs_param_table[idx].name;
        if (!strncmp(pn, "scenario.", 9) || !strncmp(pn, "world.", 6) || !strncmp(pn, "output.", 7))
            return gs_cfg_fail(
                e, doc->path, en->line,
                "[prior] %s cannot have a prior: every replicate shares the time axis, "
                "the world and the output layout",
                pn);
        if (gs_param_table[idx].type != GS_PT_REAL)
            return gs_cfg_fail(e, doc->path, en->line,
                               "[prior] %s is a %s parameter; priors take real keys", en->key,
                               type_name(gs_param_table[idx].type));
        if (single(doc, en, en->key, e) != GS_OK) return e->code;
        gs_prior pr;
        memset(&pr, 0, sizeof pr);
        snprintf(pr.key, sizeof pr.key, "%s", en->key);
        pr.param = idx;
        pr.where.file = file;
        pr.where.line = en->line;
        if (prior_parse(c, doc, en, &pr, e) != GS_OK) return e->code;
        size_t j = 0;
        while (j < c->npriors && c->priors[j].param != idx)
            j++;
        if (j == c->npriors) {
            gs_prior *np = realloc(c->priors, (c->npriors + 1) * sizeof *np);
            if (!np) return gs_err_set(e, GS_ERUN, "out of memory (priors)");
            c->priors = np;
            c->npriors++;
        }
        c->priors[j] = pr;
    }
    return GS_OK;
}

/* --- [nation.ISO3] ----------------------------------------------------- */

int gs_cfg_is_nation_section(const char *name)
{
    return !strncmp(name, "nation.", 7) && is_iso3(name + 7, strlen(name + 7));
}

static int choice_index(const char *const *names, int n, const char *v)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(names[i], v)) return i;
    return -1;
}

int gs_cfg_nation(gs_config *c, const gs_ini *doc, size_t sec, size_t first, size_t last,
                  const char *file, gs_err *e)
{
    const gs_ini_section *s = &doc->sections[sec];
    if (!gs_cfg_is_nation_section(s->name))
        return gs_cfg_fail(e, doc->path, s->line,
                           "[%s]: expected a nation's ISO3 code (three upper-case letters), e.g. "
                           "[nation.JPN]",
                           s->name);
    const char *iso = s->name + 7;
    const char *cands[GS_NATTR + 2];
    for (int a = 0; a < GS_NATTR; a++)
        cands[a] = gs_attr_names[a];
    cands[GS_NATTR] = "alignment";
    cands[GS_NATTR + 1] = "track";
    for (size_t i = first; i < last; i++) {
        const gs_ini_entry *en = &doc->entries[i];
        gs_nation_override ov;
        memset(&ov, 0, sizeof ov);
        snprintf(ov.iso3, sizeof ov.iso3, "%s", iso);
        if (strlen(en->key) >= sizeof ov.attr || strlen(en->value) >= sizeof ov.text)
            return gs_cfg_fail(e, doc->path, en->line, "[%s] %s: too long", s->name, en->key);
        snprintf(ov.attr, sizeof ov.attr, "%s", en->key);
        snprintf(ov.text, sizeof ov.text, "%s", en->value);
        ov.where.file = file;
        ov.where.line = en->line;
        if (single(doc, en, en->key, e) != GS_OK) return e->code;
        if (!strcmp(en->key, "alignment")) {
            int k = choice_index(gs_option_names, GS_NOPT, en->value);
            if (k < 0)
                return gs_cfg_fail(e, doc->path, en->line,
                                   "[%s] alignment: expected hedge, us or cn, got '%s'", s->name,
                                   en->value);
            if (!strcmp(iso, "USA") || !strcmp(iso, "CHN"))
                return gs_cfg_fail(e, doc->path, en->line,
                                   "[%s] alignment: the poles' alignment is fixed", s->name);
            ov.value = k;
        } else if (!strcmp(en->key, "track")) {
            int k = choice_index(gs_track_names, GS_NTRACK, en->value);
            if (k < 0)
                return gs_cfg_fail(
                    e, doc->path, en->line,
                    "[%s] track: expected none, multilateral, us_led or dual, got '%s'", s->name,
                    en->value);
            ov.value = k;
        } else if (gs_config_is_nation_attr(en->key)) {
            if (parse_num(en->value, &ov.value) != 0)
                return gs_cfg_fail(e, doc->path, en->line,
                                   "[%s] %s: expected a finite number, got '%s'", s->name, en->key,
                                   en->value);
            char why[160];
            const char *bad = attr_check(gs_attr_find(en->key), ov.value, why, sizeof why);
            if (bad) return gs_cfg_fail(e, doc->path, en->line, "[%s] %s", s->name, bad);
        } else {
            const char *near = gs_cfg_nearest(en->key, cands, NELEM(cands));
            if (near)
                return gs_cfg_fail(e, doc->path, en->line,
                                   "unknown key '%s' in [%s]; did you mean %s?", en->key, s->name,
                                   near);
            return gs_cfg_fail(e, doc->path, en->line,
                               "unknown key '%s' in [%s] (a nation attribute, alignment or track)",
                               en->key, s->name);
        }
        size_t j = 0;
        while (j < c->noverrides &&
               (strcmp(c->overrides[j].iso3, ov.iso3) || strcmp(c->overrides[j].attr, ov.attr)))
            j++;
        if (j == c->noverrides) {
            gs_nation_override *no = realloc(c->overrides, (c->noverrides + 1) * sizeof *no);
            if (!no) return gs_err_set(e, GS_ERUN, "out of memory (nation overrides)");
            c->overrides = no;
            c->noverrides++;
        }
        c->overrides[j] = ov;
    }
    return GS_OK;
}

/* --- whole-config checks ----------------------------------------------- */

int gs_cfg_finish(gs_config *c, gs_err *e)
{
    char a[32], b[32];
    for (size_t i = 0; i < c->nevents; i++) {
        const gs_event *ev = &c->events[i];
        if (ev->time < c->p.start) {
            gs_cfg_fmt_double(ev->time, a, sizeof a);
            gs_cfg_fmt_double(c->p.start, b, sizeof b);
            return gs_cfg_fail(e, ev->where.file, ev->time_line,
                               "event '%s': time %s is before scenario.start (%s)", ev->name, a, b);
        }
    }
    /* Insertion sort: stable, and event lists are short. */
    for (size_t i = 1; i < c->nevents; i++) {
        gs_event ev = c->events[i];
        size_t j = i;
        while (j > 0 && c->events[j - 1].time > ev.time) {
            c->events[j] = c->events[j - 1];
            j--;
        }
        c->events[j] = ev;
    }
    int sampled = strcmp(c->sweep_method, "grid") != 0;
    if (sampled && c->nsweep == 0)
        return gs_cfg_fail(e, c->sweep_method_where.file, c->sweep_method_where.line,
                           "[sweep] method = %s:%ld needs keys with bounds lo:hi", c->sweep_method,
                           c->sweep_n);
    for (size_t i = 0; i < c->nsweep; i++) {
        const gs_sweep_dim *d = &c->sweep[i];
        for (size_t k = 0; k < c->npriors; k++)
            if (c->priors[k].param == d->param)
                return gs_cfg_fail(
                    e, d->where.file, d->where.line,
                    "[sweep] %s also has a [prior] (%s:%d): each replicate draws it, "
                    "so it cannot also be swept",
                    d->key, c->priors[k].where.file, c->priors[k].where.line);
        if (sampled && d->kind != GS_SWEEP_BOUNDS)
            return gs_cfg_fail(
                e, d->where.file, d->where.line,
                "[sweep] %s: method = %s:%ld samples within bounds: write %s = lo:hi", d->key,
                c->sweep_method, c->sweep_n, d->key);
        if (!sampled && d->kind == GS_SWEEP_BOUNDS)
            return gs_cfg_fail(
                e, d->where.file, d->where.line,
                "[sweep] %s: bounds lo:hi need method = lhs:N or sobol:N; a grid takes "
                "a list or start:stop:step",
                d->key);
    }
    return GS_OK;
}

void gs_cfg_free_sections(gs_config *c)
{
    for (size_t i = 0; i < c->nsweep; i++)
        sweep_dim_clear(&c->sweep[i]);
    free(c->sweep);
    free(c->events);
    free(c->priors);
    free(c->overrides);
    c->sweep = NULL;
    c->events = NULL;
    c->priors = NULL;
    c->overrides = NULL;
    c->nsweep = c->nevents = c->npriors = c->noverrides = 0;
}
