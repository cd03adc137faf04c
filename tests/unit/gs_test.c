/* gs_test.c - shared helpers of the unit tests (see gs_test.h). */
#include "gs_test.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void gs_test_near(double got, double want, double tol, const char *expr, const char *file,
                  int line)
{
    if (isnan(got) || isnan(want) || fabs(got - want) > tol) {
        print_error("%s = %.17g, expected %.17g +- %.3g\n", expr, got, want, tol);
        _fail(file, line);
    }
}

const char *gs_test_dir(void)
{
    static char dir[512];
    if (!dir[0]) {
        const char *t = getenv("TMPDIR");
        snprintf(dir, sizeof dir, "%s/gstest.XXXXXX", t && *t ? t : "/tmp");
        if (!mkdtemp(dir)) {
            perror("mkdtemp");
            abort();
        }
    }
    return dir;
}

const char *gs_test_write(const char *name, const char *text)
{
    static char paths[8][1024];
    static int slot;
    char *p = paths[slot++ % 8];
    snprintf(p, 1024, "%s/%s", gs_test_dir(), name);
    FILE *f = fopen(p, "w");
    if (!f) {
        perror(p);
        abort();
    }
    fputs(text, f);
    fclose(f);
    return p;
}
