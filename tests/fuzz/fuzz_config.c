/* fuzz_config.c - libFuzzer target: the scenario loader (gs_config_load:
 * our line reader, inih, the parameter table, events, sweeps, priors,
 * nation overrides, the base chain).
 *
 * Input: an INI file.  Leading lines "--set KEY=VALUE" (at most 4) are
 * taken off and passed as command-line overrides.  When the load succeeds
 * the target also checks the promise of gs_config_text(): the resolved text
 * (written to a file in the same directory, so relative paths resolve
 * alike) loads again to the same resolved text, unless some value no longer
 * fits on a 199-character line, which the contract exempts.  The scratch
 * directory holds a baseline.ini (the repository's, minus comments, plus an
 * event and a sweep) so that the scenarios' `base = baseline.ini` resolves. */
#include "../../sim/config.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int too_long_line(const char *text)
{
    for (const char *s = text; *s;) {
        size_t n = strcspn(s, "\n");
        if (n > 198) return 1;
        s += n + (s[n] == '\n');
    }
    return 0;
}

static void round_trip(const gs_config *c)
{
    gs_err e = {0, ""};
    char *text = gs_config_text(c, 0, &e);
    if (!text) {
        fz_check_error(e.code, e.msg);
        return;
    }
    char *with_origin = gs_config_text(c, 1, &e);
    if (!with_origin) fz_check_error(e.code, e.msg);
    free(with_origin);
    const char *rt = fz_write_str(1, "rt.ini", text);
    gs_config *c2 = gs_config_load(rt, NULL, 0, &e);
    if (!c2) {
        if (!too_long_line(text)) {
            fprintf(stderr, "fuzz: the resolved text does not load again: %s\n--- text:\n%s",
                    e.msg, text);
            abort();
        }
    } else {
        char *text2 = gs_config_text(c2, 0, &e);
        if (text2 && strcmp(text, text2) != 0) {
            fprintf(stderr, "fuzz: the resolved text changes on reloading\n--- first:\n%s"
                            "--- second:\n%s",
                    text, text2);
            abort();
        }
        if (!text2) fz_check_error(e.code, e.msg);
        free(text2);
        gs_config_free(c2);
    }
    free(text);
}

static const char base_ini[] = "[scenario]\nname = baseline\nsteps = 40\nreplicates = 100\n"
                               "[world]\nnations = data/nations.csv\nborders = data/borders.csv\n"
                               "[event base_shock]\ntime = 2026\nkey = cn.budget\nop = scale\n"
                               "value = 2\n[sweep]\nus.export_controls = 0, 0.5, 1\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int have_base;
    if (!have_base) have_base = fz_write_str(2, "baseline.ini", base_ini) != NULL;
    char *buf = malloc(size + 1);
    if (!buf) return 0;
    memcpy(buf, data, size);
    buf[size] = '\0';
    const char *sets[4];
    size_t nset = 0, off = 0;
    while (nset < 4 && size - off > 6 && !memcmp(buf + off, "--set ", 6)) {
        char *nl = memchr(buf + off, '\n', size - off);
        if (!nl) break;
        *nl = '\0';
        sets[nset++] = buf + off + 6;
        off = (size_t)(nl - buf) + 1;
    }
    const char *path = fz_write(0, "in.ini", buf + off, size - off);
    gs_err e = {0, ""};
    gs_config *c = gs_config_load(path, sets, nset, &e);
    if (c) {
        round_trip(c);
        gs_config_free(c);
    } else {
        fz_check_error(e.code, e.msg);
    }
    free(buf);
    return 0;
}
