/* ini_reader.h - one scenario file read into sections and entries, with the
 * physical line of everything.
 *
 * The Debian build of inih (r55) gives its handler no line numbers, cuts
 * lines at 199 characters, takes only ';' as an inline comment and passes
 * indented lines to the handler again under the previous key.  gs_ini_read()
 * drives ini_parse_stream() with a line reader of its own that hands inih
 * one physical line per call, so the reader always knows the line the
 * handler is looking at; it classifies each line the way inih will (blank or
 * comment, section header, key line, continuation) and reports what inih
 * would silently mangle: over-long lines, '#' after a value, `key: value`,
 * lines without '=', NUL bytes, headers without ']', and sections that inih
 * never mentions because they have no keys.  It knows nothing of what the
 * sections mean: sim/config.c interprets them. */
#ifndef GS_INI_READER_H
#define GS_INI_READER_H

#include <stddef.h>
#include <sys/types.h>

#include "err.h"

typedef struct gs_ini_section {
    char *name; /* trimmed text between '[' and ']' */
    int line;
} gs_ini_section;

typedef struct gs_ini_entry {
    size_t section; /* index into gs_ini.sections (keys before any section are an error) */
    char *key;
    char *value; /* continuation lines appended, each after a '\n' */
    int line;    /* the line where the key is */
    int *lines;  /* physical line of each '\n'-separated piece of value; lines[0] == line */
    size_t npieces;
} gs_ini_entry;

typedef struct gs_ini {
    char *path; /* as given: the name errors use */
    dev_t dev;  /* identity of the file (base-cycle detection) */
    ino_t ino;
    gs_ini_section *sections;
    size_t nsections;
    gs_ini_entry *entries; /* in file order, so each section's entries are contiguous */
    size_t nentries;
} gs_ini;

/* Reads and parses the file at path.  ref, when non-NULL, is "FILE:LINE" of
 * the `base =` line that named path: errors opening or reading the file are
 * then reported there ("REF: base file 'PATH': ...").  Errors (GS_EINPUT,
 * one line): the file cannot be opened or read, is a directory, is larger
 * than 16 MiB or has no section or key ("PATH: empty scenario file"); and,
 * as "PATH:LINE: message", every syntax problem listed above, a duplicate
 * section or a duplicate key within a section.  Returns NULL with e set on
 * failure (GS_ERUN when out of memory); the caller frees with gs_ini_free. */
gs_ini *gs_ini_read(const char *path, const char *ref, gs_err *e);

/* Frees ini and everything it owns; accepts NULL. */
void gs_ini_free(gs_ini *ini);

#endif
