/* csv.c - strict CSV reading with file and line in every message (csv.h). */
#include "csv.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define GS_CSV_MAXLINE (1 << 20)

struct gs_csv {
    FILE *f;
    char *path;
    int line;       /* physical line of the current row */
    int header_line; /* physical line of the header (comments may precede it) */
    int ncols;
    char **names;   /* header */
    char *buf;      /* current line, fields cut in place */
    size_t cap;
    char **fields;  /* ncols pointers into buf */
};

void gs_csv_close(gs_csv *c)
{
    if (!c) return;
    if (c->f) fclose(c->f);
    if (c->names)
        for (int i = 0; i < c->ncols; i++) free(c->names[i]);
    free(c->names);
    free(c->fields);
    free(c->buf);
    free(c->path);
    free(c);
}

/* Reads one physical line into c->buf without its line ending.  1 ok, 0 EOF,
 * -1 error. */
static int read_line(gs_csv *c, gs_err *e)
{
    size_t len = 0;
    int ch, any = 0;
    while ((ch = fgetc(c->f)) != EOF) {
        any = 1;
        if (ch == '\n') break;
        if (ch == '\0') /* it would end the line's text and drop the rest silently */
            return gs_err_set(e, GS_EINPUT, "%s:%d: NUL byte (not a text file?)", c->path,
                              c->line + 1),
                   -1;
        if (len + 2 > c->cap) {
            if (c->cap >= GS_CSV_MAXLINE)
                return gs_err_set(e, GS_EINPUT, "%s:%d: line longer than %d bytes", c->path,
                                  c->line + 1, GS_CSV_MAXLINE),
                       -1;
            size_t ncap = c->cap ? c->cap * 2 : 256;
            char *nb = realloc(c->buf, ncap);
            if (!nb) return gs_err_set(e, GS_ERUN, "out of memory (reading %s)", c->path), -1;
            c->buf = nb;
            c->cap = ncap;
        }
        c->buf[len++] = (char)ch;
    }
    if (ferror(c->f))
        return gs_err_set(e, GS_EINPUT, "%s:%d: read error: %s", c->path, c->line + 1,
                          strerror(errno)),
               -1;
    if (!any) return 0;
    if (!c->buf) {
        c->buf = malloc(256);
        if (!c->buf) return gs_err_set(e, GS_ERUN, "out of memory (reading %s)", c->path), -1;
        c->cap = 256;
    }
    if (len && c->buf[len - 1] == '\r') len--;
    c->buf[len] = '\0';
    c->line++;
    if (c->line == 1 && (unsigned char)c->buf[0] == 0xEF && (unsigned char)c->buf[1] == 0xBB &&
        (unsigned char)c->buf[2] == 0xBF)
        memmove(c->buf, c->buf + 3, len - 2);
    return 1;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t') s++;
    size_t l = strlen(s);
    while (l && (s[l - 1] == ' ' || s[l - 1] == '\t')) s[--l] = '\0';
    return s;
}

/* Splits c->buf in place into at most max fields; returns the count or -1. */
static int split(gs_csv *c, char **out, int max, gs_err *e)
{
    int n = 0;
    char *p = c->buf;
    for (;;) {
        char *start;
        while (*p == ' ' || *p == '\t') p++;
        if (*p == '"') {
            /* Quoted field: unquote in place. */
            start = ++p;
            char *w = p;
            for (;;) {
                if (*p == '\0')
                    return gs_err_set(e, GS_EINPUT, "%s:%d: unterminated quote", c->path,
                                      c->line),
                           -1;
                if (*p == '"') {
                    if (p[1] == '"') {
                        *w++ = '"';
                        p += 2;
                        continue;
                    }
                    p++;
                    break;
                }
                *w++ = *p++;
            }
            *w = '\0';
            while (*p == ' ' || *p == '\t') p++;
            if (*p != ',' && *p != '\0')
                return gs_err_set(e, GS_EINPUT, "%s:%d: text after a closing quote", c->path,
                                  c->line),
                       -1;
        } else {
            start = p;
            while (*p && *p != ',') p++;
        }
        char sep = *p;
        if (*p) *p++ = '\0';
        if (n < max) out[n] = trim(start);
        n++;
        if (sep != ',') break;
    }
    return n;
}

gs_csv *gs_csv_open(const char *path, gs_err *e)
{
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        gs_err_set(e, GS_EINPUT, "%s: is a directory, not a CSV file", path);
        return NULL;
    }
    gs_csv *c = calloc(1, sizeof *c);
    if (!c) {
        gs_err_set(e, GS_ERUN, "out of memory");
        return NULL;
    }
    c->path = strdup(path);
    if (!c->path) {
        gs_err_set(e, GS_ERUN, "out of memory");
        goto fail;
    }
    c->f = fopen(path, "r");
    if (!c->f) {
        gs_err_set(e, GS_EINPUT, "%s: cannot open: %s", path, strerror(errno));
        goto fail;
    }
    int r;
    do {
        r = read_line(c, e);
    } while (r == 1 && (c->buf[0] == '\0' || c->buf[0] == '#'));
    if (r < 0) goto fail;
    if (r == 0) {
        gs_err_set(e, GS_EINPUT, "%s: empty file (expected a header row)", path);
        goto fail;
    }
    /* Commas + 1 bounds the number of header fields (quoted commas only
     * make the bound loose). */
    int bound = 1;
    for (const char *q = c->buf; *q; q++) bound += *q == ',';
    char **tmp = calloc((size_t)bound, sizeof *tmp);
    if (!tmp) {
        gs_err_set(e, GS_ERUN, "out of memory");
        goto fail;
    }
    int n = split(c, tmp, bound, e);
    c->names = calloc((size_t)(n > 0 ? n : 1), sizeof *c->names);
    c->fields = calloc((size_t)(n > 0 ? n : 1), sizeof *c->fields);
    if (n < 0 || !c->names || !c->fields) {
        free(tmp);
        if (n >= 0) gs_err_set(e, GS_ERUN, "out of memory");
        goto fail;
    }
    c->ncols = n;
    c->header_line = c->line;
    for (int i = 0; i < n; i++) {
        c->names[i] = strdup(tmp[i]);
        if (!c->names[i]) {
            free(tmp);
            gs_err_set(e, GS_ERUN, "out of memory");
            goto fail;
        }
    }
    free(tmp);
    for (int i = 0; i < n; i++) {
        if (!c->names[i][0]) {
            gs_err_set(e, GS_EINPUT, "%s:%d: header column %d has no name", path, c->line, i + 1);
            goto fail;
        }
        for (int j = 0; j < i; j++)
            if (!strcmp(c->names[i], c->names[j])) {
                gs_err_set(e, GS_EINPUT, "%s:%d: duplicate column '%s'", path, c->line,
                           c->names[i]);
                goto fail;
            }
    }
    return c;
fail:
    gs_csv_close(c);
    return NULL;
}

int gs_csv_ncols(const gs_csv *c)
{
    return c->ncols;
}
const char *gs_csv_colname(const gs_csv *c, int col)
{
    return c->names[col];
}
int gs_csv_col(const gs_csv *c, const char *name)
{
    for (int i = 0; i < c->ncols; i++)
        if (!strcmp(c->names[i], name)) return i;
    return -1;
}
int gs_csv_require(const gs_csv *c, const char *name, gs_err *e)
{
    int k = gs_csv_col(c, name);
    if (k < 0)
        gs_err_set(e, GS_EINPUT, "%s:%d: missing column '%s'", c->path, c->header_line, name);
    return k;
}

int gs_csv_next(gs_csv *c, gs_err *e)
{
    for (;;) {
        int r = read_line(c, e);
        if (r <= 0) return r;
        if (c->buf[0] == '\0' || c->buf[0] == '#') continue;
        int n = split(c, c->fields, c->ncols, e);
        if (n < 0) return -1;
        if (n != c->ncols) {
            gs_err_set(e, GS_EINPUT, "%s:%d: %d fields, expected %d (as in the header)", c->path,
                       c->line, n, c->ncols);
            return -1;
        }
        return 1;
    }
}

const char *gs_csv_field(const gs_csv *c, int col)
{
    return c->fields[col];
}
int gs_csv_line(const gs_csv *c)
{
    return c->line;
}
const char *gs_csv_path(const gs_csv *c)
{
    return c->path;
}

int gs_csv_fail(const gs_csv *c, int col, gs_err *e, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (col >= 0)
        return gs_err_set(e, GS_EINPUT, "%s:%d: column '%s': %s", c->path, c->line,
                          c->names[col], msg);
    return gs_err_set(e, GS_EINPUT, "%s:%d: %s", c->path, c->line, msg);
}

int gs_csv_double(const gs_csv *c, int col, double *out, gs_err *e)
{
    const char *s = c->fields[col];
    if (!*s) return 1;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end) {
        gs_csv_fail(c, col, e, "expected a number, got '%s'", s);
        return -1;
    }
    if (!isfinite(v)) {
        gs_csv_fail(c, col, e, "value must be finite, got '%s'", s);
        return -1;
    }
    *out = v;
    return 0;
}
