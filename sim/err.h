/* err.h - error reporting shared by every module.
 *
 * Library code never prints and never exits: a function that can fail takes a
 * gs_err*, fills it with one line ("FILE:LINE: message" for input errors) and
 * returns the same code it stored.  Only main() turns the code into an exit
 * status.  Codes follow the CLI contract: GS_OK 0, GS_ERUN 1 (runtime failure:
 * disk full, out of memory), GS_EINPUT 2 (usage or input error). */
#ifndef GS_ERR_H
#define GS_ERR_H

#include <stddef.h>

enum { GS_OK = 0, GS_ERUN = 1, GS_EINPUT = 2 };

#define GS_ERR_MSG 1024

typedef struct gs_err {
    int code;
    char msg[GS_ERR_MSG];
} gs_err;

/* Stores code and a printf-formatted message in e (e may be NULL); returns
 * code so that callers can write `return gs_err_set(e, GS_EINPUT, ...)`.
 * The first error wins: a second call on an already-set e keeps the first
 * message, because the first failure is the cause and later ones are echoes. */
int gs_err_set(gs_err *e, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Clears e (e may be NULL). */
void gs_err_clear(gs_err *e);

/* Allocation helpers: on failure they set e to GS_ERUN "out of memory
 * (<what>)" and return NULL.  Sizes are checked for overflow. */
void *gs_calloc(size_t n, size_t size, const char *what, gs_err *e);
void *gs_malloc(size_t n, size_t size, const char *what, gs_err *e);

#endif
