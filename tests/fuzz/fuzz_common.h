/* fuzz_common.h - shared helpers of the libFuzzer targets (tests/fuzz/).
 *
 * govsim's loaders read paths, not buffers, so each target writes the fuzz
 * input to a file in a per-process scratch directory (under
 * $GOVSIM_FUZZ_TMP, which tests/fuzz/run.sh sets and removes afterwards, else
 * under /dev/shm, a tmpfs, so a run costs a few microseconds) and hands the
 * loader that path.  The directory is removed at a normal exit; after a
 * crash run.sh's removal of $GOVSIM_FUZZ_TMP cleans up.  The harness is test code:
 * unlike the library it keeps static state, because libFuzzer calls
 * LLVMFuzzerTestOneInput in one process with no context pointer. */
#ifndef GS_FUZZ_COMMON_H
#define GS_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char fz_dir[256];

__attribute__((unused)) static void fz_cleanup(void)
{
    if (!fz_dir[0]) return;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", fz_dir);
    if (system(cmd) != 0) { /* nothing to do: scratch files only */
    }
}

/* The scratch directory, created on first use; aborts (a harness failure,
 * not a finding) when no directory can be made. */
__attribute__((unused)) static const char *fz_scratch(void)
{
    if (fz_dir[0]) return fz_dir;
    const char *roots[] = {getenv("GOVSIM_FUZZ_TMP"), "/dev/shm", getenv("TMPDIR"), "/tmp"};
    for (size_t k = 0; k < sizeof roots / sizeof roots[0]; k++) {
        if (!roots[k] || access(roots[k], W_OK) != 0) continue;
        snprintf(fz_dir, sizeof fz_dir, "%s/govsim-fuzz.XXXXXX", roots[k]);
        if (mkdtemp(fz_dir)) {
            atexit(fz_cleanup);
            return fz_dir;
        }
    }
    fprintf(stderr, "fuzz: cannot create a scratch directory\n");
    abort();
}

/* Writes data to <scratch>/<name> (replacing it) and returns the full path
 * in a static buffer per slot (slot 0..3, so a target can hold several). */
__attribute__((unused)) static const char *fz_write(int slot, const char *name, const void *data,
                                                    size_t size)
{
    static char paths[4][512];
    snprintf(paths[slot], sizeof paths[slot], "%s/%s", fz_scratch(), name);
    FILE *f = fopen(paths[slot], "wb");
    if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0) {
        fprintf(stderr, "fuzz: cannot write %s\n", paths[slot]);
        abort();
    }
    return paths[slot];
}

__attribute__((unused)) static const char *fz_write_str(int slot, const char *name,
                                                        const char *text)
{
    return fz_write(slot, name, text, strlen(text));
}

/* A loader that fails must say why in one line, like every govsim error:
 * a failure with an empty or multi-line message, or a code outside
 * GS_ERUN/GS_EINPUT, is a finding (the CLI would print garbage). */
__attribute__((unused)) static void fz_check_error(int code, const char *msg)
{
    if (code != 1 && code != 2) {
        fprintf(stderr, "fuzz: loader failed with code %d (message '%s')\n", code, msg);
        abort();
    }
    if (!msg[0] || strchr(msg, '\n')) {
        fprintf(stderr, "fuzz: error message is empty or not one line: '%s'\n", msg);
        abort();
    }
}

#endif
