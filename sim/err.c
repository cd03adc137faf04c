/* err.c - the one-line error record used across govsim (see err.h). */
#include "err.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int gs_err_set(gs_err *e, int code, const char *fmt, ...)
{
    if (!e || e->code != GS_OK) return code;
    e->code = code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    /* One line: a message must never span lines, whatever it quotes. */
    for (char *c = e->msg; *c; c++)
        if (*c == '\n' || *c == '\r') *c = ' ';
    return code;
}

void gs_err_clear(gs_err *e)
{
    if (!e) return;
    e->code = GS_OK;
    e->msg[0] = '\0';
}

void *gs_malloc(size_t n, size_t size, const char *what, gs_err *e)
{
    if (size && n > SIZE_MAX / size) {
        gs_err_set(e, GS_ERUN, "out of memory (%s: size overflow)", what);
        return NULL;
    }
    size_t bytes = n * size;
    void *p = malloc(bytes ? bytes : 1);
    if (!p) gs_err_set(e, GS_ERUN, "out of memory (%s)", what);
    return p;
}

void *gs_calloc(size_t n, size_t size, const char *what, gs_err *e)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p) gs_err_set(e, GS_ERUN, "out of memory (%s)", what);
    return p;
}
