/* config.c - the scenario loader: reads the `[scenario] base =` chain, applies
 * it farthest ancestor first, then --set, and writes the resolved config as
 * INI text (see config.h for the contract).
 *
 * Reading a file is ini_reader.c's job and the non-parameter sections are
 * config_sections.c's; this file owns the order of things: which files,
 * which precedence, where each value came from.  The chain is collected
 * before anything is applied, so a cycle or a missing base is reported
 * before any value is parsed, and files are told apart by device and inode
 * so that two spellings of one path still close a cycle. */
#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "config_sections.h"
#include "ini_reader.h"
#include "world.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define WRAP_COL 150 /* lists wrap before this column, well within inih's 199 */

int gs_cfg_fail(gs_err *e, const char *file, int line, const char *fmt, ...)
{
    char msg[GS_ERR_MSG];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return gs_err_set(e, GS_EINPUT, "%s:%d: %s", file, line, msg);
}

gs_config *gs_config_defaults(gs_err *e)
{
    gs_config *c = NULL;
    if (gs_nparams > NELEM(c->origin)) {
        gs_err_set(e, GS_ERUN, "internal error: %zu parameters but room for %zu origins",
                   gs_nparams, NELEM(c->origin));
        return NULL;
    }
    c = gs_calloc(1, sizeof *c, "config", e);
    if (!c) return NULL;
    gs_params_defaults(&c->p);
    snprintf(c->sweep_method, sizeof c->sweep_method, "grid");
    return c;
}

void gs_config_free(gs_config *c)
{
    if (!c) return;
    gs_cfg_free_sections(c);
    for (size_t i = 0; i < c->nfiles; i++)
        free(c->files[i]);
    free(c->files);
    free(c->path);
    free(c);
}

/* Returns the config's own copy of name, adding it once. */
static const char *intern(gs_config *c, const char *name, gs_err *e)
{
    for (size_t i = 0; i < c->nfiles; i++)
        if (!strcmp(c->files[i], name)) return c->files[i];
    char **f = realloc(c->files, (c->nfiles + 1) * sizeof *f);
    if (!f) {
        gs_err_set(e, GS_ERUN, "out of memory (config files)");
        return NULL;
    }
    c->files = f;
    if (!(f[c->nfiles] = strdup(name))) {
        gs_err_set(e, GS_ERUN, "out of memory (config files)");
        return NULL;
    }
    return f[c->nfiles++];
}

/* value relative to the directory of file (kept as is when absolute,
 * empty, or when file has no directory part). */
static int resolve_path(const char *file, const char *value, char *out, size_t cap)
{
    const char *slash = file ? strrchr(file, '/') : NULL;
    int n;
    if (!*value || value[0] == '/' || !slash)
        n = snprintf(out, cap, "%s", value);
    else
        n = snprintf(out, cap, "%.*s/%s", (int)(slash - file), file, value);
    return n >= 0 && (size_t)n < cap ? 0 : -1;
}

/* A section holds parameters when the table has a key "name.*": the table
 * alone decides, so a new section there needs nothing here. */
static int is_param_section(const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < gs_nparams; i++)
        if (!strncmp(gs_param_table[i].name, name, n) && gs_param_table[i].name[n] == '.') return 1;
    return 0;
}

/* The head of a section name: "event" of "event NAME", "nation" of
 * "nation.JPN", else the whole name. */
static size_t section_head(const char *name)
{
    size_t n = strcspn(name, " \t.");
    return n;
}

static int unknown_section(const gs_ini *doc, size_t sec, gs_err *e)
{
    const char *name = doc->sections[sec].name;
    int line = doc->sections[sec].line;
    /* Candidates: the table's sections in order, then the other kinds. */
    const char *heads[64];
    char store[48][32];
    size_t nh = 0, ns = 0;
    gs_sbuf list = {0};
    for (size_t i = 0; i < gs_nparams && ns < NELEM(store); i++) {
        const char *pn = gs_param_table[i].name;
        size_t sl = strcspn(pn, ".");
        int seen = 0;
        for (size_t k = 0; k < ns; k++)
            if (strlen(store[k]) == sl && !strncmp(store[k], pn, sl)) seen = 1;
        if (seen || sl >= sizeof store[0]) continue;
        snprintf(store[ns], sizeof store[0], "%.*s", (int)sl, pn);
        heads[nh++] = store[ns++];
        gs_sbuf_printf(&list, "%s, ", store[ns - 1]);
    }
    heads[nh++] = "sweep";
    heads[nh++] = "prior";
    heads[nh++] = "event";
    heads[nh++] = "nation";
    char head[64];
    snprintf(head, sizeof head, "%.*s", (int)section_head(name), name);
    const char *near = gs_cfg_nearest(head, heads, nh);
    int rc;
    if (near && !strcmp(near, "event"))
        rc = gs_cfg_fail(e, doc->path, line, "unknown section [%s]; did you mean [event NAME]?",
                         name);
    else if (near && !strcmp(near, "nation"))
        rc = gs_cfg_fail(e, doc->path, line, "unknown section [%s]; did you mean [nation.ISO3]?",
                         name);
    else if (near)
        rc =
            gs_cfg_fail(e, doc->path, line, "unknown section [%s]; did you mean [%s]?", name, near);
    else
        rc = gs_cfg_fail(e, doc->path, line,
                         "unknown section [%s] (sections: %ssweep, prior, event NAME, nation.ISO3)",
                         name, list.s && !list.oom ? list.s : "");
    free(list.s);
    return rc;
}

static int apply_param(gs_config *c, const gs_ini *doc, const gs_ini_entry *en, const char *file,
                       gs_err *e)
{
    const char *sec = doc->sections[en->section].name;
    char full[256];
    if ((size_t)snprintf(full, sizeof full, "%s.%s", sec, en->key) >= sizeof full)
        return gs_cfg_fail(e, doc->path, en->line, "key '%.40s...' is too long", en->key);
    int idx = gs_param_find(full);
    if (idx < 0) {
        const char *near = gs_param_nearest(full);
        if (near)
            return gs_cfg_fail(e, doc->path, en->line, "unknown key '%s'; did you mean %s?", full,
                               near);
        return gs_cfg_fail(e, doc->path, en->line, "unknown key '%s' (govsim params lists them)",
                           full);
    }
    if (en->npieces > 1)
        return gs_cfg_fail(e, doc->path, en->lines[1],
                           "%s takes a single value: an indented line continues the previous value "
                           "(only [sweep] lists and event subsets may continue)",
                           full);
    if (!strcmp(full, "scenario.base")) return GS_OK; /* consumed by the chain */
    char path[GS_PATH_MAX];
    const char *v = en->value;
    if (gs_param_table[idx].type == GS_PT_PATH) {
        if (resolve_path(doc->path, en->value, path, sizeof path) != 0)
            return gs_cfg_fail(e, doc->path, en->line, "%s: path too long", full);
        v = path;
    }
    gs_err pe = {0};
    if (gs_param_set(&c->p, idx, v, &pe) != GS_OK)
        return gs_cfg_fail(e, doc->path, en->line, "%s", pe.msg);
    c->origin[idx].file = file;
    c->origin[idx].line = en->line;
    return GS_OK;
}

static int apply_doc(gs_config *c, const gs_ini *doc, gs_err *e)
{
    const char *file = intern(c, doc->path, e);
    if (!file) return e->code;
    size_t i = 0;
    for (size_t s = 0; s < doc->nsections; s++) {
        size_t first = i;
        while (i < doc->nentries && doc->entries[i].section == s)
            i++;
        const char *name = doc->sections[s].name;
        size_t hl = section_head(name);
        int rc;
        if (is_param_section(name)) {
            rc = GS_OK;
            for (size_t k = first; k < i && rc == GS_OK; k++)
                rc = apply_param(c, doc, &doc->entries[k], file, e);
        } else if (!strcmp(name, "sweep")) {
            rc = gs_cfg_sweep(c, doc, first, i, file, e);
        } else if (!strcmp(name, "prior")) {
            rc = gs_cfg_prior(c, doc, first, i, file, e);
        } else if (hl == 5 && !strncmp(name, "event", 5) && name[5] != '.') {
            rc = gs_cfg_event(c, doc, s, first, i, file, e);
        } else if (hl == 6 && !strncmp(name, "nation", 6) && name[6] == '.') {
            rc = gs_cfg_nation(c, doc, s, first, i, file, e);
        } else {
            rc = unknown_section(doc, s, e);
        }
        if (rc != GS_OK) return rc;
    }
    return GS_OK;
}

/* The `[scenario] base =` entry of doc, or NULL. */
static const gs_ini_entry *find_base(const gs_ini *doc)
{
    for (size_t i = 0; i < doc->nentries; i++) {
        const gs_ini_entry *en = &doc->entries[i];
        if (!strcmp(doc->sections[en->section].name, "scenario") && !strcmp(en->key, "base"))
            return en;
    }
    return NULL;
}

/* docs[ndocs - 1] is the same file as docs[from]: name the loop. */
static int cycle_error(gs_ini **docs, size_t ndocs, size_t from, const char *ref, gs_err *e)
{
    gs_sbuf b = {0};
    for (size_t k = from; k + 1 < ndocs; k++)
        gs_sbuf_printf(&b, "%s -> ", docs[k]->path);
    gs_sbuf_printf(&b, "%s", docs[ndocs - 1]->path);
    if (b.oom) {
        free(b.s);
        return gs_err_set(e, GS_ERUN, "out of memory (base cycle)");
    }
    gs_err_set(e, GS_EINPUT, "%s: base cycle: %s", ref, b.s);
    free(b.s);
    return GS_EINPUT;
}

/* Applies one --set without the whole-config checks. */
static int set_one(gs_config *c, const char *kv, gs_err *e)
{
    const char *eq = kv ? strchr(kv, '=') : NULL;
    if (!eq) return gs_err_set(e, GS_EINPUT, "--set: expected KEY=VALUE, got '%s'", kv ? kv : "");
    char key[256], val[GS_PATH_MAX];
    const char *k0 = kv, *k1 = eq;
    while (k0 < k1 && isspace((unsigned char)*k0))
        k0++;
    while (k1 > k0 && isspace((unsigned char)k1[-1]))
        k1--;
    if ((size_t)(k1 - k0) >= sizeof key)
        return gs_err_set(e, GS_EINPUT, "--set: key too long in '%.60s...'", kv);
    memcpy(key, k0, (size_t)(k1 - k0));
    key[k1 - k0] = '\0';
    const char *v0 = eq + 1, *v1 = eq + strlen(eq);
    while (v0 < v1 && isspace((unsigned char)*v0))
        v0++;
    while (v1 > v0 && isspace((unsigned char)v1[-1]))
        v1--;
    if ((size_t)(v1 - v0) >= sizeof val)
        return gs_err_set(e, GS_EINPUT, "--set: %s: value too long", key);
    memcpy(val, v0, (size_t)(v1 - v0));
    val[v1 - v0] = '\0';
    if (!key[0]) return gs_err_set(e, GS_EINPUT, "--set: missing key in '%s'", kv);
    int idx = gs_param_find(key);
    if (idx < 0) {
        const char *near = gs_param_nearest(key);
        if (near)
            return gs_err_set(e, GS_EINPUT, "--set: unknown key '%s'; did you mean %s?", key, near);
        return gs_err_set(e, GS_EINPUT, "--set: unknown key '%s' (govsim params lists them)", key);
    }
    if (!strcmp(key, "scenario.base"))
        return gs_err_set(e, GS_EINPUT,
                          "--set: scenario.base cannot be set on the command line; write a "
                          "scenario file with base = ... instead");
    /* The resolved text must read back: no line breaks, nothing inih or
     * the reader would take for a comment. */
    for (const char *c0 = val; *c0; c0++) {
        if (*c0 == '\n' || *c0 == '\r' || (unsigned char)*c0 < 0x20)
            return gs_err_set(e, GS_EINPUT, "--set: %s: control character in value", key);
        if ((*c0 == ';' || *c0 == '#') && (c0 == val || isspace((unsigned char)c0[-1])))
            return gs_err_set(e, GS_EINPUT,
                              "--set: %s: '%c' after a space starts a comment in scenario "
                              "files; remove the space",
                              key, *c0);
    }
    gs_err pe = {0};
    if (gs_param_set(&c->p, idx, val, &pe) != GS_OK)
        return gs_err_set(e, pe.code, "--set: %s", pe.msg);
    const char *file = intern(c, "--set", e);
    if (!file) return e->code;
    c->origin[idx].file = file;
    c->origin[idx].line = 0;
    return GS_OK;
}

int gs_config_set(gs_config *c, const char *kv, gs_err *e)
{
    if (!c) return gs_err_set(e, GS_EINPUT, "--set: no config");
    gs_params old = c->p;
    gs_origin old_origin[NELEM(c->origin)];
    memcpy(old_origin, c->origin, sizeof old_origin);
    int rc = set_one(c, kv, e);
    if (rc == GS_OK) rc = gs_cfg_finish(c, e);
    if (rc != GS_OK) { /* all or nothing */
        c->p = old;
        memcpy(c->origin, old_origin, sizeof old_origin);
    }
    return rc;
}

gs_config *gs_config_load(const char *path, const char *const *sets, size_t nset, gs_err *e)
{
    gs_config *c = NULL;
    gs_ini **docs = NULL;
    size_t ndocs = 0;
    char *cur = NULL;
    char ref[GS_PATH_MAX + 32] = "";
    if (!path || !*path) {
        gs_err_set(e, GS_EINPUT, "no scenario file given");
        return NULL;
    }
    if (!(c = gs_config_defaults(e))) goto fail;
    if (!(c->path = strdup(path)) || !(cur = strdup(path))) {
        gs_err_set(e, GS_ERUN, "out of memory (config)");
        goto fail;
    }
    for (;;) {
        gs_ini *doc = gs_ini_read(cur, ref[0] ? ref : NULL, e);
        if (!doc) goto fail;
        gs_ini **nd = realloc(docs, (ndocs + 1) * sizeof *nd);
        if (!nd) {
            gs_ini_free(doc);
            gs_err_set(e, GS_ERUN, "out of memory (base chain)");
            goto fail;
        }
        docs = nd;
        docs[ndocs++] = doc;
        for (size_t k = 0; k + 1 < ndocs; k++)
            if (docs[k]->dev == doc->dev && docs[k]->ino == doc->ino) {
                cycle_error(docs, ndocs, k, ref, e);
                goto fail;
            }
        const gs_ini_entry *base = find_base(doc);
        if (!base || !base->value[0]) break;
        if (base->npieces > 1) {
            gs_cfg_fail(e, doc->path, base->lines[1],
                        "scenario.base takes a single value: an indented line continues the "
                        "previous value");
            goto fail;
        }
        char next[GS_PATH_MAX];
        if (resolve_path(doc->path, base->value, next, sizeof next) != 0) {
            gs_cfg_fail(e, doc->path, base->line, "scenario.base: path too long");
            goto fail;
        }
        snprintf(ref, sizeof ref, "%s:%d", doc->path, base->line);
        free(cur);
        if (!(cur = strdup(next))) {
            gs_err_set(e, GS_ERUN, "out of memory (config)");
            goto fail;
        }
    }
    for (size_t k = ndocs; k-- > 0;)
        if (apply_doc(c, docs[k], e) != GS_OK) goto fail;
    for (size_t k = 0; k < nset; k++)
        if (set_one(c, sets[k], e) != GS_OK) goto fail;
    if (gs_cfg_finish(c, e) != GS_OK) goto fail;
    goto done;
fail:
    gs_config_free(c);
    c = NULL;
done:
    for (size_t k = 0; k < ndocs; k++)
        gs_ini_free(docs[k]);
    free(docs);
    free(cur);
    return c;
}

int gs_config_is_nation_attr(const char *name)
{
    return name && gs_attr_find(name) >= 0;
}

/* --- the text of the other sections --------------------------------------------------------------
 */

/* Writes items separated by sep, breaking onto indented continuation lines
 * before WRAP_COL so that no line reaches inih's limit. */
static void put_item(gs_sbuf *b, size_t *line_start, int first, const char *sep, const char *item)
{
    if (!first) {
        if (b->len - *line_start + strlen(sep) + strlen(item) > WRAP_COL) {
            gs_sbuf_printf(b, "%.1s\n    ", sep);
            *line_start = b->len - 4;
        } else {
            gs_sbuf_printf(b, "%s", sep);
        }
    }
    gs_sbuf_printf(b, "%s", item);
}

static void text_sweep(const gs_config *c, int with_origin, gs_sbuf *b)
{
    if (c->nsweep == 0 && !strcmp(c->sweep_method, "grid")) return;
    char x[32], y[32], z[32];
    gs_sbuf_printf(b, "\n[sweep]\n");
    size_t start = b->len;
    if (!strcmp(c->sweep_method, "grid"))
        gs_sbuf_printf(b, "method = grid");
    else
        gs_sbuf_printf(b, "method = %s:%ld", c->sweep_method, c->sweep_n);
    if (with_origin) gs_sbuf_origin(b, start, &c->sweep_method_where);
    gs_sbuf_printf(b, "\n");
    for (size_t i = 0; i < c->nsweep; i++) {
        const gs_sweep_dim *d = &c->sweep[i];
        start = b->len;
        gs_sbuf_printf(b, "%s = ", d->key);
        if (d->kind == GS_SWEEP_RANGE) {
            gs_cfg_fmt_double(d->start, x, sizeof x);
            gs_cfg_fmt_double(d->stop, y, sizeof y);
            gs_cfg_fmt_double(d->step, z, sizeof z);
            gs_sbuf_printf(b, "%s:%s:%s", x, y, z);
        } else if (d->kind == GS_SWEEP_BOUNDS) {
            gs_cfg_fmt_double(d->values[0], x, sizeof x);
            gs_cfg_fmt_double(d->values[1], y, sizeof y);
            gs_sbuf_printf(b, "%s:%s", x, y);
        } else {
            size_t ls = start;
            for (size_t k = 0; k < d->nvalues; k++) {
                if (!d->texts) gs_cfg_fmt_double(d->values[k], x, sizeof x);
                put_item(b, &ls, k == 0, ", ", d->texts ? d->texts[k] : x);
            }
        }
        if (with_origin) gs_sbuf_origin(b, start, &d->where);
        gs_sbuf_printf(b, "\n");
    }
}

static void text_events(const gs_config *c, int with_origin, gs_sbuf *b)
{
    static const char *const ops[] = {"set", "scale", "add"};
    char t[32];
    for (size_t i = 0; i < c->nevents; i++) {
        const gs_event *ev = &c->events[i];
        size_t start = b->len + 1;
        gs_sbuf_printf(b, "\n[event %s]", ev->name);
        if (with_origin) gs_sbuf_origin(b, start, &ev->where);
        gs_cfg_fmt_double(ev->time, t, sizeof t);
        gs_sbuf_printf(b, "\ntime = %s\nkey = %s\nop = %s\nvalue = %s\n", t, ev->key, ops[ev->op],
                       ev->text);
        if (ev->subset[0]) {
            size_t ls = b->len;
            gs_sbuf_printf(b, "subset = ");
            char item[GS_TEXT_MAX];
            int first = 1;
            for (const char *p = ev->subset; *p;) {
                size_t n = strcspn(p, ",");
                snprintf(item, sizeof item, "%.*s", (int)n, p);
                put_item(b, &ls, first, ",", item);
                first = 0;
                p += n;
                if (*p == ',') p++;
            }
            gs_sbuf_printf(b, "\n");
        }
    }
}

static void text_priors(const gs_config *c, int with_origin, gs_sbuf *b)
{
    static const char *const names[] = {"uniform", "normal", "beta", "triangular"};
    if (c->npriors == 0) return;
    gs_sbuf_printf(b, "\n[prior]\n");
    char x[32], y[32], z[32];
    for (size_t i = 0; i < c->npriors; i++) {
        const gs_prior *p = &c->priors[i];
        size_t start = b->len;
        gs_cfg_fmt_double(p->a, x, sizeof x);
        gs_cfg_fmt_double(p->b, y, sizeof y);
        gs_cfg_fmt_double(p->c, z, sizeof z);
        if (p->kind == GS_PRIOR_TRIANGULAR)
            gs_sbuf_printf(b, "%s = %s(%s, %s, %s)", p->key, names[p->kind], x, y, z);
        else
            gs_sbuf_printf(b, "%s = %s(%s, %s)", p->key, names[p->kind], x, y);
        if (with_origin) gs_sbuf_origin(b, start, &p->where);
        gs_sbuf_printf(b, "\n");
    }
}

static void text_nations(const gs_config *c, int with_origin, gs_sbuf *b)
{
    if (c->noverrides == 0) return;
    size_t *ord = malloc(c->noverrides * sizeof *ord);
    if (!ord) {
        b->oom = 1;
        return;
    }
    for (size_t i = 0; i < c->noverrides; i++) {
        size_t j = i;
        while (j > 0 && strcmp(c->overrides[ord[j - 1]].iso3, c->overrides[i].iso3) > 0) {
            ord[j] = ord[j - 1];
            j--;
        }
        ord[j] = i;
    }
    for (size_t k = 0; k < c->noverrides; k++) {
        const gs_nation_override *o = &c->overrides[ord[k]];
        if (k == 0 || strcmp(c->overrides[ord[k - 1]].iso3, o->iso3))
            gs_sbuf_printf(b, "\n[nation.%s]\n", o->iso3);
        size_t start = b->len;
        gs_sbuf_printf(b, "%s = %s", o->attr, o->text);
        if (with_origin) gs_sbuf_origin(b, start, &o->where);
        gs_sbuf_printf(b, "\n");
    }
    free(ord);
}

static void text_sections(const gs_config *c, int with_origin, gs_sbuf *b)
{
    text_events(c, with_origin, b);
    text_sweep(c, with_origin, b);
    text_priors(c, with_origin, b);
    text_nations(c, with_origin, b);
}

/* --- the resolved text ------------------------------------------------- */

char *gs_config_text(const gs_config *c, int with_origin, gs_err *e)
{
    if (!c) {
        gs_err_set(e, GS_EINPUT, "no config");
        return NULL;
    }
    gs_sbuf b = {0};
    if (with_origin) {
        gs_sbuf_printf(&b, "; resolved scenario %s\n", c->path ? c->path : "(defaults)");
        size_t nchain = 0;
        for (size_t i = 0; i < c->nfiles; i++)
            nchain += strcmp(c->files[i], "--set") != 0;
        if (nchain > 1) {
            gs_sbuf_printf(&b, "; base chain, merged below (farthest ancestor first):");
            for (size_t i = 0; i < c->nfiles; i++)
                if (strcmp(c->files[i], "--set")) gs_sbuf_printf(&b, "\n;   %s", c->files[i]);
            gs_sbuf_printf(&b, "\n");
        }
    }
    /* Sections in order of first appearance in the table, each written
     * once even if the table were to interleave them. */
    char val[GS_PATH_MAX];
    for (size_t i = 0; i < gs_nparams; i++) {
        const char *name = gs_param_table[i].name;
        size_t sl = strcspn(name, ".");
        int seen = 0;
        for (size_t k = 0; k < i && !seen; k++)
            seen = !strncmp(gs_param_table[k].name, name, sl + 1);
        if (seen) continue;
        gs_sbuf_printf(&b, "%s[%.*s]\n", b.len ? "\n" : "", (int)sl, name);
        for (size_t j = i; j < gs_nparams; j++) {
            const char *nj = gs_param_table[j].name;
            if (strncmp(nj, name, sl + 1) != 0) continue;
            size_t start = b.len;
            /* Reals as plain decimals where short ("10", not "1e+01"). */
            const double *rv = gs_param_real_ptr((gs_params *)&c->p, (int)j);
            if (rv)
                gs_cfg_fmt_double(*rv, val, sizeof val);
            else
                gs_param_format(&c->p, (int)j, val, sizeof val);
            gs_sbuf_printf(&b, "%s =%s%s", nj + sl + 1, val[0] ? " " : "", val);
            if (with_origin) gs_sbuf_origin(&b, start, &c->origin[j]);
            gs_sbuf_printf(&b, "\n");
        }
    }
    text_sections(c, with_origin, &b);
    if (b.oom || !b.s) {
        free(b.s);
        gs_err_set(e, GS_ERUN, "out of memory (config text)");
        return NULL;
    }
    return b.s;
}
