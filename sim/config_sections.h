/* config_sections.h - internal interface between the two halves of the
 * scenario loader: config.c (files, base chain, parameter sections, --set,
 * the parameter part of the text) and config_sections.c ([event NAME],
 * [sweep], [prior], [nation.ISO3], and the checks that need the whole
 * config).  config.c writes the text of all sections.  Nothing outside
 * sim/config*.c includes this. */
#ifndef GS_CONFIG_SECTIONS_H
#define GS_CONFIG_SECTIONS_H

#include "config.h"
#include "ini_reader.h"

/* A growable string; after an allocation failure it stays put and oom is
 * set, so writers check once at the end. */
typedef struct gs_sbuf {
    char *s;
    size_t len, cap;
    int oom;
} gs_sbuf;
void gs_sbuf_printf(gs_sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Pads the current line with spaces to column col (at least two spaces),
 * then writes the origin comment. */
void gs_sbuf_origin(gs_sbuf *b, size_t line_start, const gs_origin *o);

/* Sets e to GS_EINPUT "FILE:LINE: message" and returns GS_EINPUT. */
int gs_cfg_fail(gs_err *e, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* The candidate closest to name by edit distance, or NULL when none is
 * reasonably close. */
const char *gs_cfg_nearest(const char *name, const char *const *cands, size_t n);

/* Shortest text that reads back as the same double. */
void gs_cfg_fmt_double(double v, char *buf, size_t len);

/* Interprets the entries [first, last) of doc, which belong to section sec
 * ([event NAME], [sweep], [prior] or [nation.ISO3]); file is the interned
 * name for origins.  Later files replace earlier definitions (by event name,
 * sweep key, prior key, nation and attribute).  GS_EINPUT "FILE:LINE: ..." */
int gs_cfg_event(gs_config *c, const gs_ini *doc, size_t sec, size_t first, size_t last,
                 const char *file, gs_err *e);
int gs_cfg_sweep(gs_config *c, const gs_ini *doc, size_t first, size_t last, const char *file,
                 gs_err *e);
int gs_cfg_prior(gs_config *c, const gs_ini *doc, size_t first, size_t last, const char *file,
                 gs_err *e);
int gs_cfg_nation(gs_config *c, const gs_ini *doc, size_t sec, size_t first, size_t last,
                  const char *file, gs_err *e);

/* 1 when name is a valid "nation.ISO3" section name (syntax only). */
int gs_cfg_is_nation_section(const char *name);

/* Checks that need the final parameters (event times against
 * scenario.start, the sweep method against the sweep keys) and sorts the
 * events by time.  Run after all files and --set. */
int gs_cfg_finish(gs_config *c, gs_err *e);

/* Frees the section arrays of c (not c). */
void gs_cfg_free_sections(gs_config *c);

#endif
