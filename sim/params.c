/* params.c - the parameter registry: lookup, parsing with range checks,
 * formatting, and the `govsim params` listing.  The rows come from
 * params.def; nothing here lists parameters by hand. */
#include "params.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *const gs_option_names[GS_NOPT] = {"hedge", "us", "cn"};
const char *const gs_track_names[GS_NTRACK] = {"none", "multilateral", "us_led", "dual"};
const char *const gs_feature_names[GS_NFEAT] = {
    "compute", "energy",          "capacity",        "open_models", "frontier",
    "security", "standards_voice", "multilateralism", "data",        "sovereignty"};
const char *const gs_layer_names[GS_NLAYER] = {"border", "trade", "alliance", "bloc", "region"};
const char *const gs_tie_names[GS_NTIE] = {"treaty", "mnna", "bri", "sco", "brics", "nam"};

const gs_param_def gs_param_table[] = {
#define GS_P(name, type, field, def, lo, hi, unit, choices, doc)                                  \
    {name, GS_PT_##type, offsetof(gs_params, field), def, lo, hi, unit, choices, doc},
#include "params.def"
#undef GS_P
};
const size_t gs_nparams = sizeof gs_param_table / sizeof gs_param_table[0];

int gs_param_find(const char *name)
{
    for (size_t i = 0; i < gs_nparams; i++)
        if (strcmp(gs_param_table[i].name, name) == 0) return (int)i;
    return -1;
}

/* Damerau-free Levenshtein distance, bounded lengths (keys are short). */
static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 127 || lb > 127) return 1000;
    size_t row[128];
    for (size_t j = 0; j <= lb; j++) row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag + (tolower((unsigned char)a[i - 1]) !=
                                  tolower((unsigned char)b[j - 1]));
            if (row[j] + 1 < best) best = row[j] + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

const char *gs_param_nearest(const char *name)
{
    const char *best = NULL;
    size_t bestd = (size_t)-1;
    for (size_t i = 0; i < gs_nparams; i++) {
        size_t d = edit_distance(name, gs_param_table[i].name);
        /* A key in the right section with a wrong key part is likelier than
         * the same key part in another section: compare the key parts too. */
        const char *dot = strchr(name, '.'), *tdot = strchr(gs_param_table[i].name, '.');
        if (dot && tdot) {
            size_t dk = edit_distance(dot + 1, tdot + 1);
            if (dk < d) d = dk + 1;
        }
        if (d < bestd) {
            bestd = d;
            best = gs_param_table[i].name;
        }
    }
    size_t len = strlen(name);
    return (bestd <= 3 || bestd * 3 <= len) ? best : NULL;
}

static void *field_ptr(gs_params *p, int idx)
{
    return (char *)p + gs_param_table[idx].offset;
}
static const void *field_cptr(const gs_params *p, int idx)
{
    return (const char *)p + gs_param_table[idx].offset;
}

void gs_params_defaults(gs_params *p)
{
    memset(p, 0, sizeof *p);
    for (size_t i = 0; i < gs_nparams; i++) {
        gs_err e = {0};
        if (gs_param_set(p, (int)i, gs_param_table[i].def, &e) != GS_OK) {
            /* A bad default is a programming error caught by the unit test;
             * keep the zeroed value rather than abort a user's run. */
        }
    }
    /* Pole fields that only one pole uses keep a neutral value for the other. */
}

static int parse_choice(const char *choices, const char *text, int *out)
{
    int k = 0;
    const char *c = choices;
    size_t tl = strlen(text);
    while (*c) {
        const char *bar = strchr(c, '|');
        size_t l = bar ? (size_t)(bar - c) : strlen(c);
        if (l == tl && strncmp(c, text, l) == 0) {
            *out = k;
            return 0;
        }
        k++;
        if (!bar) break;
        c = bar + 1;
    }
    return -1;
}

int gs_param_set(gs_params *p, int idx, const char *text, gs_err *e)
{
    if (idx < 0 || (size_t)idx >= gs_nparams)
        return gs_err_set(e, GS_EINPUT, "unknown parameter index %d", idx);
    const gs_param_def *d = &gs_param_table[idx];
    void *f = field_ptr(p, idx);
    switch (d->type) {
    case GS_PT_REAL: {
        char *end;
        errno = 0;
        double v = strtod(text, &end);
        if (end == text || *end != '\0')
            return gs_err_set(e, GS_EINPUT, "%s: expected a number, got '%s'", d->name, text);
        if (!isfinite(v))
            return gs_err_set(e, GS_EINPUT, "%s: value must be finite, got '%s'", d->name, text);
        if (v < d->min || v > d->max)
            return gs_err_set(e, GS_EINPUT, "%s: %s is out of range [%g, %g]", d->name, text,
                              d->min, d->max);
        *(double *)f = v;
        return GS_OK;
    }
    case GS_PT_INT: {
        char *end;
        errno = 0;
        long long v = strtoll(text, &end, 10);
        if (end == text || *end != '\0' || errno == ERANGE)
            return gs_err_set(e, GS_EINPUT, "%s: expected an integer, got '%s'", d->name, text);
        if ((double)v < d->min || (double)v > d->max)
            return gs_err_set(e, GS_EINPUT, "%s: %s is out of range [%.0f, %.0f]", d->name, text,
                              d->min, d->max);
        *(int64_t *)f = (int64_t)v;
        return GS_OK;
    }
    case GS_PT_BOOL: {
        int v;
        if (!strcmp(text, "true") || !strcmp(text, "yes") || !strcmp(text, "1") ||
            !strcmp(text, "on"))
            v = 1;
        else if (!strcmp(text, "false") || !strcmp(text, "no") || !strcmp(text, "0") ||
                 !strcmp(text, "off"))
            v = 0;
        else
            return gs_err_set(e, GS_EINPUT, "%s: expected true or false, got '%s'", d->name,
                              text);
        *(int *)f = v;
        return GS_OK;
    }
    case GS_PT_ENUM: {
        int v;
        if (parse_choice(d->choices, text, &v) != 0)
            return gs_err_set(e, GS_EINPUT, "%s: '%s' is not one of %s", d->name, text,
                              d->choices);
        *(int *)f = v;
        return GS_OK;
    }
    case GS_PT_STRING:
    case GS_PT_PATH: {
        size_t cap = d->type == GS_PT_PATH ? GS_PATH_MAX : GS_TEXT_MAX;
        if (strlen(text) >= cap)
            return gs_err_set(e, GS_EINPUT, "%s: value longer than %zu characters", d->name,
                              cap - 1);
        memcpy(f, text, strlen(text) + 1);
        return GS_OK;
    }
    }
    return gs_err_set(e, GS_EINPUT, "%s: unknown type", d->name);
}

static void choice_at(const char *choices, int k, char *buf, size_t len)
{
    const char *c = choices;
    for (int i = 0; i < k && c; i++) {
        c = strchr(c, '|');
        if (c) c++;
    }
    if (!c) {
        snprintf(buf, len, "?");
        return;
    }
    const char *bar = strchr(c, '|');
    size_t l = bar ? (size_t)(bar - c) : strlen(c);
    snprintf(buf, len, "%.*s", (int)l, c);
}

void gs_param_format(const gs_params *p, int idx, char *buf, size_t len)
{
    const gs_param_def *d = &gs_param_table[idx];
    const void *f = field_cptr(p, idx);
    switch (d->type) {
    case GS_PT_REAL: {
        double v = *(const double *)f;
        /* Shortest text that reads back to the same double. */
        /* Shortest text that reads back to the same double, without an
         * exponent for ordinary magnitudes (10, not 1e+01). */
        int plain = v == 0 || (fabs(v) >= 1e-4 && fabs(v) < 1e15);
        for (int prec = 1; prec <= 17; prec++) {
            snprintf(buf, len, "%.*g", prec, v);
            if (strtod(buf, NULL) == v && (!plain || !strchr(buf, 'e'))) break;
        }
        return;
    }
    case GS_PT_INT:
        snprintf(buf, len, "%lld", (long long)*(const int64_t *)f);
        return;
    case GS_PT_BOOL:
        snprintf(buf, len, "%s", *(const int *)f ? "true" : "false");
        return;
    case GS_PT_ENUM:
        choice_at(d->choices, *(const int *)f, buf, len);
        return;
    case GS_PT_STRING:
    case GS_PT_PATH:
        snprintf(buf, len, "%s", (const char *)f);
        return;
    }
}

double *gs_param_real_ptr(gs_params *p, int idx)
{
    if (idx < 0 || (size_t)idx >= gs_nparams || gs_param_table[idx].type != GS_PT_REAL)
        return NULL;
    return (double *)field_ptr(p, idx);
}

static const char *type_name(gs_ptype t)
{
    switch (t) {
    case GS_PT_REAL: return "real";
    case GS_PT_INT: return "int";
    case GS_PT_BOOL: return "bool";
    case GS_PT_ENUM: return "enum";
    case GS_PT_STRING: return "string";
    case GS_PT_PATH: return "path";
    }
    return "?";
}

static void range_text(const gs_param_def *d, char *buf, size_t len)
{
    if (d->type == GS_PT_REAL)
        snprintf(buf, len, "%g..%g", d->min, d->max);
    else if (d->type == GS_PT_INT)
        snprintf(buf, len, "%.0f..%.0f", d->min, d->max);
    else if (d->type == GS_PT_ENUM)
        snprintf(buf, len, "%s", d->choices);
    else
        snprintf(buf, len, "-");
}

void gs_params_print(FILE *out, int fmt_md)
{
    char range[128];
    if (fmt_md) {
        fprintf(out, "| key | type | default | range | unit | description |\n");
        fprintf(out, "| --- | --- | --- | --- | --- | --- |\n");
    } else {
        fprintf(out, "%-30s %-6s %-10s %-22s %-18s %s\n", "KEY", "TYPE", "DEFAULT", "RANGE",
                "UNIT", "DESCRIPTION");
    }
    for (size_t i = 0; i < gs_nparams; i++) {
        const gs_param_def *d = &gs_param_table[i];
        range_text(d, range, sizeof range);
        if (fmt_md) {
            /* Escape the enum bars so they do not split Markdown cells. */
            char esc[256];
            size_t k = 0;
            for (const char *c = range; *c && k + 3 < sizeof esc; c++) {
                if (*c == '|') esc[k++] = '\\';
                esc[k++] = *c;
            }
            esc[k] = '\0';
            fprintf(out, "| `%s` | %s | `%s` | %s | %s | %s |\n", d->name, type_name(d->type),
                    d->def, esc, d->unit[0] ? d->unit : "", d->doc);
        } else {
            fprintf(out, "%-30s %-6s %-10s %-22s %-18s %s\n", d->name, type_name(d->type),
                    d->def[0] ? d->def : "\"\"", range, d->unit, d->doc);
        }
    }
}

void gs_param_set_number(gs_params *p, int idx, double v)
{
    const gs_param_def *d = &gs_param_table[idx];
    char *f = (char *)p + d->offset;
    switch (d->type) {
    case GS_PT_REAL:
        *(double *)f = v;
        break;
    case GS_PT_INT:
        *(int64_t *)f = (int64_t)nearbyint(v);
        break;
    case GS_PT_BOOL:
    case GS_PT_ENUM:
        *(int *)f = (int)nearbyint(v);
        break;
    case GS_PT_STRING:
    case GS_PT_PATH:
        break;
    }
}

double gs_param_number(const gs_params *p, int idx)
{
    const gs_param_def *d = &gs_param_table[idx];
    const char *f = (const char *)p + d->offset;
    switch (d->type) {
    case GS_PT_REAL:
        return *(const double *)f;
    case GS_PT_INT:
        return (double)*(const int64_t *)f;
    case GS_PT_BOOL:
    case GS_PT_ENUM:
        return (double)*(const int *)f;
    case GS_PT_STRING:
    case GS_PT_PATH:
        break;
    }
    return NAN;
}
