/* ini_reader.c - reads one scenario file through inih with a line reader
 * that counts physical lines (see ini_reader.h for why).
 *
 * The whole file is read into memory first (scenario files are small), so
 * the reader can look at each physical line whole: a line longer than inih's
 * buffer is reported instead of being split into two bogus lines.  The
 * classification below mirrors ini_parse_stream() of inih r55 step by step
 * (comment test first, then continuation, then section, then key), so the
 * reader's idea of the current line always matches the handler call. */
#include "ini_reader.h"

#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_FILE_BYTES (16u << 20)

enum { LINE_BLANK, LINE_SECTION, LINE_KEY, LINE_CONT };

typedef struct reader {
    gs_ini *ini;
    gs_err *e;
    const char *buf;
    size_t len, pos;
    int line;
    int kind;         /* LINE_* of the line handed to inih last */
    int have_prev;    /* inih's prev_name is set: indented lines continue */
    size_t sec_first; /* index of the current section's first entry */
    size_t cap_sections, cap_entries;
} reader;

static int fail(reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(reader *r, const char *fmt, ...)
{
    char msg[GS_ERR_MSG];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return gs_err_set(r->e, GS_EINPUT, "%s:%d: %s", r->ini->path, r->line, msg);
}

/* inih's find_chars_or_comment(): the first char of chars, or a ';' that
 * follows whitespace (an inline comment), or the end. */
static size_t find_chars_or_comment(const char *s, size_t n, const char *chars)
{
    int was_space = 0;
    size_t i = 0;
    for (; i < n; i++) {
        if (chars && strchr(chars, s[i])) break;
        if (was_space && s[i] == ';') break;
        was_space = isspace((unsigned char)s[i]);
    }
    return i;
}

static int add_section(reader *r, const char *name, size_t n)
{
    gs_ini *ini = r->ini;
    for (size_t k = 0; k < ini->nsections; k++)
        if (strlen(ini->sections[k].name) == n && !strncmp(ini->sections[k].name, name, n))
            return fail(r, "duplicate section [%.*s] (first at line %d); merge the two", (int)n,
                        name, ini->sections[k].line);
    if (ini->nsections == r->cap_sections) {
        size_t cap = r->cap_sections ? 2 * r->cap_sections : 8;
        gs_ini_section *s = realloc(ini->sections, cap * sizeof *s);
        if (!s) return gs_err_set(r->e, GS_ERUN, "out of memory (ini sections)");
        ini->sections = s;
        r->cap_sections = cap;
    }
    char *copy = strndup(name, n);
    if (!copy) return gs_err_set(r->e, GS_ERUN, "out of memory (ini section)");
    ini->sections[ini->nsections].name = copy;
    ini->sections[ini->nsections].line = r->line;
    ini->nsections++;
    r->sec_first = ini->nentries;
    return GS_OK;
}

/* Sorts the physical line in str into LINE_* and reports what inih would
 * accept but mangle.  str is inih's buffer: it is only read here. */
static int classify(reader *r, const char *str)
{
    const char *p = str;
    if (r->line == 1 && (unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB &&
        (unsigned char)p[2] == 0xBF)
        p += 3;
    size_t n = strlen(p);
    while (n && isspace((unsigned char)p[n - 1]))
        n--;
    size_t i = 0;
    while (i < n && isspace((unsigned char)p[i]))
        i++;
    const char *t = p + i;
    size_t tl = n - i;
    if (tl == 0 || *t == ';' || *t == '#') {
        r->kind = LINE_BLANK;
        return GS_OK;
    }
    if (r->have_prev && t > str) {
        r->kind = LINE_CONT;
        return GS_OK;
    }
    if (*t == '[') {
        size_t end = 1 + find_chars_or_comment(t + 1, tl - 1, "]");
        if (end >= tl || t[end] != ']') return fail(r, "section header without ']'");
        const char *rest = t + end + 1;
        while (isspace((unsigned char)*rest))
            rest++;
        if (*rest == '#') return fail(r, "text after ']': use ';' for comments");
        if (*rest && *rest != ';') return fail(r, "unexpected text after ']'");
        const char *name = t + 1;
        size_t nl = end - 1;
        while (nl && isspace((unsigned char)*name))
            name++, nl--;
        while (nl && isspace((unsigned char)name[nl - 1]))
            nl--;
        if (nl == 0) return fail(r, "empty section name '[]'");
        r->have_prev = 0;
        r->kind = LINE_SECTION;
        return add_section(r, name, nl);
    }
    size_t eq = find_chars_or_comment(t, tl, "=:");
    if (eq >= tl || (t[eq] != '=' && t[eq] != ':'))
        return fail(r, "expected 'key = value', got '%.*s'", (int)(tl > 60 ? 60 : tl), t);
    if (t[eq] == ':')
        return fail(r, "use '=' between key and value, not ':' ('%.*s')", (int)(tl > 60 ? 60 : tl),
                    t);
    size_t kl = eq;
    while (kl && isspace((unsigned char)t[kl - 1]))
        kl--;
    if (kl == 0) return fail(r, "missing key before '='");
    if (r->ini->nsections == 0)
        return fail(r, "key '%.*s' outside any section; put it under a [section]", (int)kl, t);
    r->have_prev = 1;
    r->kind = LINE_KEY;
    return GS_OK;
}

/* The ini_reader: one physical line per call, without its line ending. */
static char *read_line(char *str, int num, void *stream)
{
    reader *r = stream;
    if (r->e->code != GS_OK || r->pos >= r->len) return NULL;
    const char *s = r->buf + r->pos;
    size_t rest = r->len - r->pos;
    const char *nl = memchr(s, '\n', rest);
    size_t len = nl ? (size_t)(nl - s) : rest;
    r->pos += nl ? len + 1 : len;
    r->line++;
    if (len && s[len - 1] == '\r') len--;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] < 0x20 && s[i] != '\t') {
            fail(r, "control character 0x%02x in line (not a text file?)", (unsigned char)s[i]);
            return NULL;
        } else if (s[i] == 0x7f) {
            fail(r, "control character 0x7f in line (not a text file?)");
            return NULL;
        }
    /* A whole-line comment may be any length: only its first character
     * matters to inih, so hand it a truncated copy.  Resolved scenarios
     * name their files in comments, and deep checkouts make those long. */
    size_t lead = 0;
    while (lead < len && (s[lead] == ' ' || s[lead] == '\t'))
        lead++;
    if (num >= 2 && lead < len && (s[lead] == ';' || s[lead] == '#') && len > (size_t)num - 1)
        len = (size_t)num - 1;
    if (num < 2 || len > (size_t)num - 1) {
        fail(r, "line longer than %d characters; continue long lists on indented lines", num - 1);
        return NULL;
    }
    memcpy(str, s, len);
    str[len] = '\0';
    if (classify(r, str) != GS_OK) return NULL;
    return str;
}

/* '#' is a comment only at the start of a line: after a value it would
 * silently become part of the value.  So would a ';' right after '=' (inih
 * wants a space before an inline comment), and the resolved text, which
 * writes "key = value", could not be read back. */
static int check_hash(reader *r, const char *value, size_t n)
{
    if (n && value[0] == ';')
        return fail(r, "';' right after '=' is read as the value, not a comment; put a space "
                       "before it");
    for (const char *c = value; c < value + n; c++)
        if (*c == '#' && (c == value || isspace((unsigned char)c[-1])))
            return fail(r, "'#' after a value is not a comment; use ';' for comments");
    return GS_OK;
}

static int add_entry(reader *r, const char *key, const char *value)
{
    gs_ini *ini = r->ini;
    for (size_t k = r->sec_first; k < ini->nentries; k++)
        if (!strcmp(ini->entries[k].key, key))
            return fail(r, "duplicate key '%s' in [%s] (first at line %d)", key,
                        ini->sections[ini->nsections - 1].name, ini->entries[k].line);
    if (ini->nentries == r->cap_entries) {
        size_t cap = r->cap_entries ? 2 * r->cap_entries : 32;
        gs_ini_entry *en = realloc(ini->entries, cap * sizeof *en);
        if (!en) return gs_err_set(r->e, GS_ERUN, "out of memory (ini entries)");
        ini->entries = en;
        r->cap_entries = cap;
    }
    gs_ini_entry *en = &ini->entries[ini->nentries];
    memset(en, 0, sizeof *en);
    en->section = ini->nsections - 1;
    en->line = r->line;
    en->key = strdup(key);
    en->value = strdup(value);
    en->lines = malloc(sizeof *en->lines);
    ini->nentries++; /* counted even when partial, so gs_ini_free frees it */
    if (!en->key || !en->value || !en->lines)
        return gs_err_set(r->e, GS_ERUN, "out of memory (ini entry)");
    en->lines[0] = r->line;
    en->npieces = 1;
    return GS_OK;
}

static int add_continuation(reader *r, const char *value)
{
    gs_ini_entry *en = &r->ini->entries[r->ini->nentries - 1];
    /* inih strips inline comments from key lines but not from
     * continuations: do it here so both behave alike. */
    size_t n = find_chars_or_comment(value, strlen(value), NULL);
    while (n && isspace((unsigned char)value[n - 1]))
        n--;
    if (n == 0) return GS_OK; /* only a comment */
    if (check_hash(r, value, n) != GS_OK) return r->e->code;
    size_t old = strlen(en->value);
    char *v = realloc(en->value, old + n + 2);
    if (!v) return gs_err_set(r->e, GS_ERUN, "out of memory (ini value)");
    en->value = v;
    v[old] = '\n';
    memcpy(v + old + 1, value, n);
    v[old + 1 + n] = '\0';
    int *l = realloc(en->lines, (en->npieces + 1) * sizeof *l);
    if (!l) return gs_err_set(r->e, GS_ERUN, "out of memory (ini lines)");
    en->lines = l;
    l[en->npieces++] = r->line;
    return GS_OK;
}

static int handle(void *user, const char *section, const char *name, const char *value)
{
    reader *r = user;
    (void)section; /* tracked by the reader: inih truncates it at 49 characters */
    if (r->e->code != GS_OK) return 1;
    if (r->kind == LINE_KEY) {
        if (check_hash(r, value, strlen(value)) == GS_OK) add_entry(r, name, value);
    } else if (r->kind == LINE_CONT)
        add_continuation(r, value);
    else
        fail(r, "internal error: inih and the line reader disagree on this line");
    return r->e->code == GS_OK;
}

static char *slurp(const char *path, const char *ref, size_t *len, gs_ini *ini, gs_err *e)
{
    char where[GS_ERR_MSG];
    if (ref)
        snprintf(where, sizeof where, "%s: base file '%s'", ref, path);
    else
        snprintf(where, sizeof where, "%s", path);
    FILE *f = fopen(path, "rb");
    if (!f) {
        gs_err_set(e, GS_EINPUT, "%s: cannot read: %s", where, strerror(errno));
        return NULL;
    }
    char *buf = NULL;
    struct stat st;
    if (fstat(fileno(f), &st) != 0) {
        gs_err_set(e, GS_EINPUT, "%s: cannot read: %s", where, strerror(errno));
        goto done;
    }
    if (S_ISDIR(st.st_mode)) {
        gs_err_set(e, GS_EINPUT, "%s: is a directory, not a scenario file", where);
        goto done;
    }
    ini->dev = st.st_dev;
    ini->ino = st.st_ino;
    size_t cap = 4096, n = 0;
    buf = malloc(cap);
    if (!buf) {
        gs_err_set(e, GS_ERUN, "out of memory (reading %s)", path);
        goto done;
    }
    for (;;) {
        if (n == cap) {
            if (cap >= MAX_FILE_BYTES) {
                gs_err_set(e, GS_EINPUT, "%s: larger than %u MiB: not a scenario file", where,
                           MAX_FILE_BYTES >> 20);
                goto fail;
            }
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                gs_err_set(e, GS_ERUN, "out of memory (reading %s)", path);
                goto fail;
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) break;
    }
    if (ferror(f)) {
        gs_err_set(e, GS_EINPUT, "%s: cannot read: %s", where, strerror(errno));
        goto fail;
    }
    *len = n;
    goto done;
fail:
    free(buf);
    buf = NULL;
done:
    fclose(f);
    return buf;
}

gs_ini *gs_ini_read(const char *path, const char *ref, gs_err *e)
{
    if (!path) {
        gs_err_set(e, GS_EINPUT, "no scenario file given");
        return NULL;
    }
    gs_ini *ini = calloc(1, sizeof *ini);
    char *buf = NULL;
    if (!ini || !(ini->path = strdup(path))) {
        gs_err_set(e, GS_ERUN, "out of memory (ini)");
        goto fail;
    }
    size_t len = 0;
    buf = slurp(path, ref, &len, ini, e);
    if (!buf) goto fail;
    reader r = {.ini = ini, .e = e, .buf = buf, .len = len};
    int rc = ini_parse_stream(read_line, &r, handle, &r);
    if (e->code != GS_OK) goto fail;
    if (rc == -2) {
        gs_err_set(e, GS_ERUN, "out of memory (inih)");
        goto fail;
    }
    if (rc != 0) { /* the reader catches everything inih rejects; keep a net */
        gs_err_set(e, GS_EINPUT, "%s:%d: syntax error", path, rc);
        goto fail;
    }
    if (ini->nsections == 0 && ini->nentries == 0) {
        if (ref)
            gs_err_set(e, GS_EINPUT, "%s: base file '%s': empty scenario file", ref, path);
        else
            gs_err_set(e, GS_EINPUT, "%s: empty scenario file", path);
        goto fail;
    }
    free(buf);
    return ini;
fail:
    free(buf);
    gs_ini_free(ini);
    return NULL;
}

void gs_ini_free(gs_ini *ini)
{
    if (!ini) return;
    for (size_t i = 0; i < ini->nsections; i++)
        free(ini->sections[i].name);
    for (size_t i = 0; i < ini->nentries; i++) {
        free(ini->entries[i].key);
        free(ini->entries[i].value);
        free(ini->entries[i].lines);
    }
    free(ini->sections);
    free(ini->entries);
    free(ini->path);
    free(ini);
}
