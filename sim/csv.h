/* csv.h - a strict CSV reader that knows its file and line.
 *
 * Every table govsim reads (nations, borders, edge lists, actors,
 * propensity matrices) goes through this reader so that each bad cell is
 * reported the same way: "FILE:LINE: column 'x': message".  Fields may be
 * quoted with double quotes (RFC 4180, "" for a quote; no newlines inside
 * quotes).  A UTF-8 byte-order mark is skipped; CRLF is accepted; blank
 * lines are skipped; lines starting with '#' are comments.  A NUL byte
 * is an error ("not a text file?"), never a silently cut line. */
#ifndef GS_CSV_H
#define GS_CSV_H

#include "err.h"

typedef struct gs_csv gs_csv;

/* Opens path and reads its header row.  GS_EINPUT with one line for an
 * unreadable file, a directory, an empty file, or a header with an empty or
 * duplicate column name.  The caller frees with gs_csv_close(). */
gs_csv *gs_csv_open(const char *path, gs_err *e);
void gs_csv_close(gs_csv *c); /* accepts NULL */

int gs_csv_ncols(const gs_csv *c);
const char *gs_csv_colname(const gs_csv *c, int col);
/* Index of a column by name, or -1. */
int gs_csv_col(const gs_csv *c, const char *name);
/* Index of a required column; GS_EINPUT "FILE:LINE: missing column 'name'"
 * (LINE the header's line; returned as -1 with e set) when absent. */
int gs_csv_require(const gs_csv *c, const char *name, gs_err *e);

/* Reads the next row: 1 when a row was read, 0 at end of file, -1 with e set
 * (a row with the wrong number of fields, an unterminated quote, a line over
 * 1 MiB, or a read error). */
int gs_csv_next(gs_csv *c, gs_err *e);

/* Field col of the current row (trimmed of surrounding spaces). */
const char *gs_csv_field(const gs_csv *c, int col);
/* Physical line number of the current row (1 = header). */
int gs_csv_line(const gs_csv *c);
const char *gs_csv_path(const gs_csv *c);

/* Parses field col as a finite double.  Returns 1 when the cell is empty
 * (out untouched), 0 on success, -1 with e set ("FILE:LINE: column 'x':
 * expected a number, got 'abc'"; NaN and infinities are rejected). */
int gs_csv_double(const gs_csv *c, int col, double *out, gs_err *e);

/* Sets e to "FILE:LINE: column 'x': <message>" for the current row. */
int gs_csv_fail(const gs_csv *c, int col, gs_err *e, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
