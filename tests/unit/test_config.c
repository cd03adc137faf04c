/* test_config.c - the scenario loader: precedence along a base chain and
 * --set, relative paths, cycles, every bad-input message (file, line and
 * key), the limits of Debian's inih that the line reader guards, [event],
 * [sweep], [prior] and [nation.ISO3] sections, origins, and the round trip
 * of the resolved text. */
#include "gs_test.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../sim/config.h"
#include "../../sim/world.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* --- helpers ------------------------------------------------------------ */

static void path_of(char *buf, size_t len, const char *name)
{
    snprintf(buf, len, "%s/%s", gs_test_dir(), name);
}

static void write_file(const char *name, const char *text)
{
    (void)gs_test_write(name, text);
}

static void make_dir(const char *name)
{
    char p[1024];
    path_of(p, sizeof p, name);
    mkdir(p, 0755); /* may exist already */
}

static gs_config *load_sets(const char *name, const char *text, const char *const *sets,
                            size_t nset, gs_err *e)
{
    char p[1024];
    if (text) write_file(name, text);
    path_of(p, sizeof p, name);
    return gs_config_load(p, sets, nset, e);
}

static gs_config *load(const char *name, const char *text, gs_err *e)
{
    return load_sets(name, text, NULL, 0, e);
}

static gs_config *load_ok(const char *name, const char *text)
{
    gs_err e = {0};
    gs_config *c = load(name, text, &e);
    if (!c) fail_msg("%s: %s", name, e.msg);
    assert_int_equal(e.code, GS_OK);
    return c;
}

static double real(const gs_config *c, const char *key)
{
    int k = gs_param_find(key);
    assert_true(k >= 0);
    double *v = gs_param_real_ptr((gs_params *)&c->p, k);
    assert_non_null(v);
    return *v;
}

/* The message must start with "DIR/name:line: " (line 0: "DIR/name: ") and
 * contain each of subs. */
static void check_msg(const gs_err *e, const char *name, int line, const char *const *subs,
                      size_t nsubs)
{
    char want[1200], p[1024];
    path_of(p, sizeof p, name);
    if (line > 0)
        snprintf(want, sizeof want, "%s:%d: ", p, line);
    else
        snprintf(want, sizeof want, "%s: ", p);
    assert_int_equal(e->code, GS_EINPUT);
    if (strncmp(e->msg, want, strlen(want)) != 0)
        fail_msg("message '%s' does not start with '%s'", e->msg, want);
    for (size_t i = 0; i < nsubs; i++)
        if (!strstr(e->msg, subs[i])) fail_msg("message '%s' lacks '%s'", e->msg, subs[i]);
    assert_null(strchr(e->msg, '\n'));
}

typedef struct bad_case {
    const char *text;
    int line;
    const char *sub1, *sub2;
} bad_case;

static void expect_bad(const char *name, const bad_case *bc)
{
    gs_err e = {0};
    gs_config *c = load(name, bc->text, &e);
    if (c) {
        gs_config_free(c);
        fail_msg("loaded, expected an error with '%s':\n%s", bc->sub1, bc->text);
    }
    const char *subs[2] = {bc->sub1, bc->sub2};
    check_msg(&e, name, bc->line, subs, bc->sub2 ? 2 : 1);
}

/* --- precedence and paths ----------------------------------------------- */

static void precedence_chain(void **state)
{
    (void)state;
    make_dir("chain");
    make_dir("chain/sub");
    write_file("chain/grand.ini", "[cn]\ncompute = 0.1\nenergy = 0.1\ncapacity = 0.1\n"
                                  "[us]\nbudget = 0.5\n[world]\nnations = g.csv\n");
    write_file("chain/sub/parent.ini",
               "[scenario]\nbase = ../grand.ini\n[cn]\nenergy = 0.2\ncapacity = 0.2\n"
               "[world]\nnations = data/n.csv\n");
    const char *sets[] = {"us.budget=0.04", " world.borders = b.csv "};
    gs_err e = {0};
    gs_config *c = load_sets("chain/child.ini",
                             "; the child\n[scenario]\nname = child\nbase = sub/parent.ini\n"
                             "[cn]\ncapacity = 0.3\n",
                             sets, 2, &e);
    if (!c) fail_msg("%s", e.msg);
    assert_near(real(c, "cn.compute"), 0.1, 0);  /* farthest ancestor */
    assert_near(real(c, "cn.energy"), 0.2, 0);   /* parent overrides grand */
    assert_near(real(c, "cn.capacity"), 0.3, 0); /* child overrides both */
    assert_near(real(c, "us.budget"), 0.04, 0);  /* --set overrides files */
    assert_near(real(c, "cn.data"), 0.5, 0);     /* default */
    assert_string_equal(c->p.scenario_name, "child");
    assert_string_equal(c->p.scenario_base, ""); /* the chain is merged */

    char want[1024];
    path_of(want, sizeof want, "chain/sub/data/n.csv");
    assert_string_equal(c->p.world_nations, want);    /* relative to parent.ini */
    assert_string_equal(c->p.world_borders, "b.csv"); /* --set: relative to the cwd */

    /* Origins: file and line of the winning value. */
    int k = gs_param_find("cn.energy");
    path_of(want, sizeof want, "chain/sub/parent.ini");
    assert_string_equal(c->origin[k].file, want);
    assert_int_equal(c->origin[k].line, 4);
    k = gs_param_find("cn.compute");
    path_of(want, sizeof want, "chain/sub/../grand.ini");
    assert_string_equal(c->origin[k].file, want);
    assert_int_equal(c->origin[k].line, 2);
    k = gs_param_find("cn.capacity");
    assert_int_equal(c->origin[k].line, 6);
    k = gs_param_find("us.budget");
    assert_string_equal(c->origin[k].file, "--set");
    k = gs_param_find("cn.data");
    assert_null(c->origin[k].file);
    assert_int_equal(c->origin[k].line, 0);
    /* files: the chain, farthest first, then --set. */
    assert_int_equal(c->nfiles, 4);
    assert_non_null(strstr(c->files[0], "grand.ini"));
    assert_non_null(strstr(c->files[1], "parent.ini"));
    assert_non_null(strstr(c->files[2], "child.ini"));
    assert_string_equal(c->files[3], "--set");
    gs_config_free(c);
}

static void long_chain(void **state)
{
    (void)state;
    /* A chain of 50 files, each setting scenario.steps to its depth. */
    make_dir("long");
    char name[64], text[256];
    for (int i = 0; i < 50; i++) {
        snprintf(name, sizeof name, "long/f%d.ini", i);
        if (i < 49)
            snprintf(text, sizeof text, "[scenario]\nbase = f%d.ini\nsteps = %d\n", i + 1, 100 - i);
        else
            snprintf(text, sizeof text, "[scenario]\nsteps = %d\nseed = 7\n", 100 - i);
        write_file(name, text);
    }
    gs_err e = {0};
    gs_config *c = load("long/f0.ini", NULL, &e);
    if (!c) fail_msg("%s", e.msg);
    assert_int_equal(c->p.steps, 100);
    assert_int_equal(c->p.seed, 7);
    assert_int_equal(c->nfiles, 50);
    gs_config_free(c);
}

static void base_cycles(void **state)
{
    (void)state;
    make_dir("cyc");
    write_file("cyc/a.ini", "[scenario]\nbase = b.ini\n");
    write_file("cyc/b.ini", "[cn]\ncompute = 0.2\n[scenario]\nbase = a.ini\n");
    gs_err e = {0};
    gs_config *c = load("cyc/a.ini", NULL, &e);
    assert_null(c);
    char a[1024], b[1024], want[4200];
    path_of(a, sizeof a, "cyc/a.ini");
    path_of(b, sizeof b, "cyc/b.ini");
    snprintf(want, sizeof want, "%s:4: base cycle: %s -> %s -> %s", b, a, b, a);
    assert_string_equal(e.msg, want);

    /* A file naming itself, spelt differently: still one file. */
    gs_err_clear(&e);
    c = load("cyc/self.ini", "[scenario]\nname = x\nbase = ./self.ini\n", &e);
    assert_null(c);
    const char *subs[] = {"base cycle", "self.ini -> ", "./self.ini"};
    check_msg(&e, "cyc/self.ini", 3, subs, 3);
}

static void base_missing(void **state)
{
    (void)state;
    gs_err e = {0};
    gs_config *c = load("nobase.ini", "[scenario]\nname = x\nbase = nowhere.ini\n", &e);
    assert_null(c);
    const char *subs[] = {"base file", "nowhere.ini", "No such file"};
    check_msg(&e, "nobase.ini", 3, subs, 3);
    /* A base that is a directory. */
    gs_err_clear(&e);
    make_dir("adir");
    c = load("dirbase.ini", "[scenario]\nbase = adir\n", &e);
    assert_null(c);
    const char *subs2[] = {"base file", "is a directory"};
    check_msg(&e, "dirbase.ini", 2, subs2, 2);
}

/* --- files that cannot be read ------------------------------------------ */

static void unreadable_files(void **state)
{
    (void)state;
    gs_err e = {0};
    gs_config *c = load("does-not-exist.ini", NULL, &e);
    assert_null(c);
    const char *s1[] = {"cannot read", "No such file"};
    check_msg(&e, "does-not-exist.ini", 0, s1, 2);

    gs_err_clear(&e);
    make_dir("isdir.ini");
    c = load("isdir.ini", NULL, &e);
    assert_null(c);
    const char *s2[] = {"is a directory"};
    check_msg(&e, "isdir.ini", 0, s2, 1);

    const char *s3[] = {"empty scenario file"};
    gs_err_clear(&e);
    assert_null(load("empty.ini", "", &e));
    check_msg(&e, "empty.ini", 0, s3, 1);
    gs_err_clear(&e);
    assert_null(load("comments.ini", "; only\n# comments\n\n   \n", &e));
    check_msg(&e, "comments.ini", 0, s3, 1);

    /* Permissions: as root chmod does not stop reads (the e2e test drops
     * privileges with setpriv instead). */
    if (geteuid() != 0) {
        write_file("noread.ini", "[cn]\ncompute = 0.5\n");
        char p[1024];
        path_of(p, sizeof p, "noread.ini");
        chmod(p, 0);
        gs_err_clear(&e);
        assert_null(load("noread.ini", NULL, &e));
        const char *s4[] = {"cannot read", "Permission denied"};
        check_msg(&e, "noread.ini", 0, s4, 2);
    }

    /* NUL bytes: not a text file. */
    char p[1024];
    path_of(p, sizeof p, "nul.ini");
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    fwrite("[cn]\ncompute = 0\0.5\n", 1, 20, f);
    fclose(f);
    gs_err_clear(&e);
    assert_null(load("nul.ini", NULL, &e));
    const char *s5[] = {"control character 0x00"};
    check_msg(&e, "nul.ini", 2, s5, 1);
}

/* --- syntax: the limits of Debian's inih -------------------------------- */

static void syntax_errors(void **state)
{
    (void)state;
    static char longline[400], line199[400], line200[400];
    /* "description = " is 14 characters. */
    snprintf(longline, sizeof longline, "[scenario]\ndescription = %0250d\n", 0);
    snprintf(line200, sizeof line200, "[scenario]\ndescription = %0186d\n", 0);
    const bad_case cases[] = {
        {"[alignmnet]\nrate = 1\n", 1, "unknown section [alignmnet]", "did you mean [alignment]?"},
        {"[cn]\ncompute = 0.5\n[bogus]\n", 3, "unknown section [bogus]", "sections: scenario"},
        {"[cn]\ncompute = 0.5\n[evnt x]\n", 3, "unknown section [evnt x]", "[event NAME]"},
        {"[cn]\ncompte = 0.5\n", 2, "unknown key 'cn.compte'", "did you mean cn.compute?"},
        {"[cn]\nfrobnicate_everything = 1\n", 2, "unknown key 'cn.frobnicate_everything'", NULL},
        {"[scenario]\nsteps = 2.5\n", 2, "scenario.steps", "integer"},
        {"[cn]\ncompute = high\n", 2, "cn.compute", "expected a number"},
        {"[cn]\ncompute = nan\n", 2, "cn.compute", "finite"},
        {"[cn]\ncompute = inf\n", 2, "cn.compute", "finite"},
        {"[cn]\ncompute = -infinity\n", 2, "cn.compute", "finite"},
        {"[cn]\ncompute = 1.5\n", 2, "cn.compute", "out of range [0, 1]"},
        {"[alignment]\nrule = votre\n", 2, "alignment.rule", "logit|voter|landscape"},
        {"[cn]\ncompute = 0.5\nenergy = 0.1\ncompute = 0.6\n", 4, "duplicate key 'compute'",
         "first at line 2"},
        {"[cn]\ncompute = 0.5\n[us]\nenergy = 1\n[cn]\nenergy = 0\n", 5, "duplicate section [cn]",
         "first at line 1"},
        {"[cn]\ncompute 0.5\n", 2, "expected 'key = value'", "compute 0.5"},
        {"[cn]\ncompute: 0.5\n", 2, "use '='", NULL},
        {"[cn]\n= 0.5\n", 2, "missing key", NULL},
        {"compute = 0.5\n[cn]\n", 1, "outside any section", "compute"},
        {"[cn\ncompute = 0.5\n", 1, "without ']'", NULL},
        {"[cn] x\ncompute = 0.5\n", 1, "unexpected text after ']'", NULL},
        {"[cn] # note\ncompute = 0.5\n", 1, "use ';' for comments", NULL},
        {"[]\ncompute = 0.5\n", 1, "empty section name", NULL},
        {"[cn]\ncompute = 0.5\nen\x1b"
         "ergy = 1\n",
         3, "control character 0x1b", NULL},
        {longline, 2, "line longer than 199 characters", "indented lines"},
        {line200, 2, "line longer than 199 characters", NULL},
        {"[cn]\ncompute = 0.5 # high\n", 2, "'#'", "use ';' for comments"},
        {"[cn]\ncompute = #0.5\n", 2, "use ';' for comments", NULL},
        {"[cn]\ncompute = 0.5\n  0.6\n", 3, "cn.compute takes a single value", "indented"},
        {"[cn]\ncompute = 0.5\n  energy = 0.6\n", 3, "cn.compute takes a single value", NULL},
        {"[scenario]\nbase =\n  other.ini\n", 3, "single value", NULL},
    };
    for (size_t i = 0; i < NELEM(cases); i++)
        expect_bad("syntax.ini", &cases[i]);

    /* 199 characters is still fine; so are ';' comments, BOM, CRLF,
     * indented comments and blank lines. */
    snprintf(line199, sizeof line199, "[scenario]\ndescription = %0185d\n", 0);
    gs_config *c = load_ok("ok199.ini", line199);
    assert_int_equal(strlen(c->p.scenario_description), 185);
    gs_config_free(c);
    c = load_ok("okmisc.ini", "\xEF\xBB\xBF; BOM first\r\n[cn]\r\ncompute = 0.25 ; a comment\r\n"
                              "\r\n   ; indented comment\r\n  # another\r\n"
                              "energy=0.75\r\n[scenario]\r\nname = a#b;c\r\n");
    assert_near(real(c, "cn.compute"), 0.25, 0);
    assert_near(real(c, "cn.energy"), 0.75, 0);
    assert_string_equal(c->p.scenario_name, "a#b;c"); /* no space before: not comments */
    gs_config_free(c);
    /* Whole-line comments of any length are fine (resolved scenarios name
     * deep paths in them); the key after one is read from its own line. */
    static char longcomment[800];
    snprintf(longcomment, sizeof longcomment, "[cn]\n; %0300d\n   # %0400d\ncompute = 0.125\n", 0,
             0);
    c = load_ok("okcomment.ini", longcomment);
    assert_near(real(c, "cn.compute"), 0.125, 0);
    assert_int_equal(c->origin[gs_param_find("cn.compute")].line, 4);
    gs_config_free(c);
    /* An empty known section is fine. */
    c = load_ok("okempty.ini", "[network]\n");
    gs_config_free(c);
}

static void set_errors(void **state)
{
    (void)state;
    gs_config *c = load_ok("set.ini", "[cn]\ncompute = 0.5\n");
    const struct {
        const char *kv, *sub1, *sub2;
    } cases[] = {
        {"cn.compute", "--set: expected KEY=VALUE", NULL},
        {"cn.compte=0.5", "--set: unknown key 'cn.compte'", "did you mean cn.compute?"},
        {"cn.compute=2", "--set: cn.compute", "out of range"},
        {"cn.compute=nan", "--set: cn.compute", "finite"},
        {"=3", "--set: missing key", NULL},
        {"scenario.base=x.ini", "--set: scenario.base cannot be set", NULL},
        {"scenario.description=a ; b", "--set: scenario.description", "comment"},
        {"scenario.description=#b", "--set: scenario.description", "comment"},
    };
    for (size_t i = 0; i < NELEM(cases); i++) {
        gs_err e = {0};
        assert_int_equal(gs_config_set(c, cases[i].kv, &e), GS_EINPUT);
        if (strncmp(e.msg, cases[i].sub1, strlen(cases[i].sub1)))
            fail_msg("'%s' does not start with '%s'", e.msg, cases[i].sub1);
        if (cases[i].sub2 && !strstr(e.msg, cases[i].sub2))
            fail_msg("'%s' lacks '%s'", e.msg, cases[i].sub2);
    }
    assert_near(real(c, "cn.compute"), 0.5, 0); /* failures change nothing */
    gs_err e = {0};
    assert_int_equal(gs_config_set(c, "cn.compute=0.125", &e), GS_OK);
    assert_near(real(c, "cn.compute"), 0.125, 0);
    assert_string_equal(c->origin[gs_param_find("cn.compute")].file, "--set");
    gs_config_free(c);

    /* Through gs_config_load too: the first bad --set fails the load. */
    const char *sets[] = {"cn.energy=0.5", "us.nope=1"};
    gs_err_clear(&e);
    assert_null(load_sets("set.ini", NULL, sets, 2, &e));
    assert_non_null(strstr(e.msg, "--set: unknown key 'us.nope'"));
}

/* --- events ------------------------------------------------------------- */

static void events_parse(void **state)
{
    (void)state;
    gs_config *c = load_ok(
        "ev.ini", "[scenario]\nstart = 2025\n"
                  "[event late]\ntime = 2030\nkey = cn.budget\nop = scale\nvalue = 2\n"
                  "[event shock]\ntime = 2027.5\nkey = nation.threat\nop = add\nvalue = 0.1\n"
                  "subset = JPN KOR, Southern Asia,\n    NATO  ; comment\n  NAM eu\n"
                  "[event rule]\ntime = 2027.5\nkey = alignment.rule\nvalue = voter\n"
                  "[event first]\ntime = 2025\nkey = nation.nato\nvalue = 1\nsubset = SWE,FIN\n");
    assert_int_equal(c->nevents, 4);
    /* Sorted by time, stably: shock before rule (same time, file order). */
    assert_string_equal(c->events[0].name, "first");
    assert_string_equal(c->events[1].name, "shock");
    assert_string_equal(c->events[2].name, "rule");
    assert_string_equal(c->events[3].name, "late");
    const gs_event *ev = &c->events[1];
    assert_near(ev->time, 2027.5, 0);
    assert_int_equal(ev->param, -1);
    assert_string_equal(ev->attr, "threat");
    assert_string_equal(ev->key, "nation.threat");
    assert_int_equal(ev->op, GS_EV_ADD);
    assert_near(ev->value, 0.1, 0);
    assert_string_equal(ev->subset, "JPN,KOR,Southern Asia,nato,NAM,eu");
    assert_int_equal(ev->where.line, 8);
    assert_int_equal(ev->time_line, 9);
    ev = &c->events[2];
    assert_int_equal(ev->param, gs_param_find("alignment.rule"));
    assert_int_equal(ev->op, GS_EV_SET); /* the default */
    assert_string_equal(ev->text, "voter");
    assert_near(ev->value, GS_ALIGN_VOTER, 0);
    ev = &c->events[3];
    assert_int_equal(ev->op, GS_EV_SCALE);
    assert_near(ev->value, 2, 0);
    assert_string_equal(ev->subset, "");
    gs_config_free(c);

    /* A later file replaces an event of the same name, in place. */
    c = load_ok("ev2.ini", "[scenario]\nbase = ev.ini\n[event late]\ntime = 2026\n"
                           "key = cn.budget\nvalue = 0.5\n");
    assert_int_equal(c->nevents, 4);
    assert_string_equal(c->events[1].name, "late"); /* 2026 now */
    assert_int_equal(c->events[1].op, GS_EV_SET);
    assert_near(c->events[1].value, 0.5, 0);
    assert_int_equal(c->events[1].where.line, 3);
    gs_config_free(c);

    /* gs_config_set re-checks event times, and changes nothing on failure. */
    c = load_ok("ev.ini", NULL);
    gs_err e0 = {0};
    assert_int_equal(gs_config_set(c, "scenario.start=2025.5", &e0), GS_EINPUT);
    assert_non_null(strstr(e0.msg, "event 'first': time 2025 is before scenario.start"));
    assert_near(c->p.start, 2025, 0);
    gs_err_clear(&e0);
    assert_int_equal(gs_config_set(c, "scenario.start=2024", &e0), GS_OK);
    assert_near(c->p.start, 2024, 0);
    gs_config_free(c);

    /* --set moving the start past an event makes it an error at its time line. */
    gs_err e = {0};
    const char *sets[] = {"scenario.start=2026"};
    assert_null(load_sets("ev.ini", NULL, sets, 1, &e));
    const char *subs[] = {"event 'first'", "before scenario.start"};
    check_msg(&e, "ev.ini", 21, subs, 2);
}

static void event_errors(void **state)
{
    (void)state;
    const bad_case cases[] = {
        {"[event a]\nkey = cn.budget\nvalue = 1\n", 1, "event 'a': missing 'time'", NULL},
        {"[event a]\ntime = 2030\nvalue = 1\n", 1, "event 'a': missing 'key'", NULL},
        {"[event a]\ntime = 2030\nkey = cn.budget\n", 1, "event 'a': missing 'value'", NULL},
        {"[event]\ntime = 2030\n", 1, "needs a name", NULL},
        {"[event a b]\ntime = 2030\n", 1, "event name 'a b'", NULL},
        {"[event a]\ntme = 2030\n", 2, "unknown key 'tme' in [event a]", "did you mean time?"},
        {"[event a]\ntime = soon\nkey = cn.budget\nvalue = 1\n", 2, "time: expected a decimal year",
         NULL},
        {"[event a]\ntime = 2020\nkey = cn.budget\nvalue = 1\n", 2, "time 2020 is before",
         "scenario.start (2025.5)"},
        {"[event a]\ntime = 2030\nkey = cn.budjet\nvalue = 1\n", 3, "unknown key 'cn.budjet'",
         "did you mean cn.budget?"},
        {"[event a]\ntime = 2030\nkey = nation.treat\nvalue = 1\n", 3,
         "unknown nation attribute 'treat'", "did you mean nation.threat?"},
        {"[event a]\ntime = 2030\nkey = world.n\nvalue = 10\n", 3, "world.n cannot change", NULL},
        {"[event a]\ntime = 2030\nkey = scenario.name\nvalue = x\n", 3, "cannot change", NULL},
        {"[event a]\ntime = 2030\nkey = landscape.actors\nvalue = x\n", 3, "path parameter", NULL},
        {"[event a]\ntime = 2030\nkey = cn.budget\nop = times\nvalue = 1\n", 4,
         "op: expected set, scale or add", NULL},
        {"[event a]\ntime = 2030\nkey = cn.compute\nvalue = 1.5\n", 4, "cn.compute",
         "out of range"},
        {"[event a]\ntime = 2030\nkey = cn.strategy\nop = scale\nvalue = 2\n", 4,
         "op scale needs a number", "cn.strategy is an enum"},
        {"[event a]\ntime = 2030\nkey = cn.strategy\nvalue = greedy\n", 4, "cn.strategy",
         "uniform|need"},
        {"[event a]\ntime = 2030\nkey = cn.budget\nop = add\nvalue = lots\n", 5,
         "expected a finite number", NULL},
        {"[event a]\ntime = 2030\nkey = nation.nato\nvalue = 2\n", 4, "nato is a membership", NULL},
        {"[event a]\ntime = 2030\nkey = nation.internet_pct\nvalue = 120\n", 4, "internet_pct",
         "out of range"},
        {"[event a]\ntime = 2030\nkey = cn.budget\nvalue = 1\nsubset = JPN\n", 5,
         "subset applies to nation attributes only", NULL},
        {"[event a]\ntime = 2030\nkey = nation.threat\nvalue = 1\nsubset = JPN, natoo\n", 5,
         "unknown group 'natoo'", "did you mean nato?"},
        {"[event a]\ntime = 2030\nkey = nation.threat\nvalue = 1\nsubset = JPN,\n  ,KOR\n", 6,
         "empty item", NULL},
        {"[event a]\ntime = 2030\nkey = nation.threat\nvalue = 1\nsubset = jpn!\n", 5, "subset",
         "not an ISO3 code"},
        {"[event a]\ntime = 2030\n  2031\nkey = cn.budget\nvalue = 1\n", 3,
         "time takes a single value", NULL},
        {"[event a]\ntime = 2030\nkey = cn.budget\nvalue = 1\n[event a]\ntime = 2031\n", 5,
         "duplicate section [event a]", NULL},
    };
    for (size_t i = 0; i < NELEM(cases); i++)
        expect_bad("evbad.ini", &cases[i]);
}

/* --- sweeps ------------------------------------------------------------- */

static void sweep_parse(void **state)
{
    (void)state;
    gs_config *c = load_ok("sw.ini", "[sweep]\n"
                                     "cn.compute = 0.1, 0.2,\n"
                                     "    0.3 ; comment\n"
                                     "\n"
                                     "    0.4\n"
                                     "us.budget = 0:1:0.1\n"
                                     "cn.budget = 0:1:0.25\n"
                                     "landscape.anneal_sweeps =\n   2, 4\n   8\n"
                                     "landscape.anneal_runs = 10:40:10\n"
                                     "cn.strategy = need, swing, none\n");
    assert_int_equal(c->nsweep, 6);
    assert_string_equal(c->sweep_method, "grid");
    const gs_sweep_dim *d = &c->sweep[0];
    assert_string_equal(d->key, "cn.compute");
    assert_int_equal(d->kind, GS_SWEEP_LIST);
    assert_int_equal(d->nvalues, 4);
    const double want[] = {0.1, 0.2, 0.3, 0.4};
    for (int i = 0; i < 4; i++)
        assert_near(d->values[i], want[i], 0);
    assert_null(d->texts);
    assert_int_equal(d->where.line, 2);
    d = &c->sweep[1]; /* 0:1:0.1: eleven values, the last exactly 1 */
    assert_int_equal(d->kind, GS_SWEEP_RANGE);
    assert_int_equal(d->nvalues, 11);
    assert_near(d->values[3], 0.3, 1e-15);
    assert_near(d->values[10], 1.0, 0);
    assert_near(d->step, 0.1, 0);
    d = &c->sweep[2];
    assert_int_equal(d->nvalues, 5);
    for (int i = 0; i < 5; i++)
        assert_near(d->values[i], 0.25 * i, 0);
    d = &c->sweep[3]; /* a list starting on the line after its key */
    assert_int_equal(d->nvalues, 3);
    assert_near(d->values[2], 8, 0);
    d = &c->sweep[4];
    assert_int_equal(d->nvalues, 4);
    assert_near(d->values[3], 40, 0);
    d = &c->sweep[5];
    assert_int_equal(d->nvalues, 3);
    assert_non_null(d->texts);
    assert_string_equal(d->texts[1], "swing");
    assert_near(d->values[1], GS_STRAT_SWING, 0);
    assert_near(d->values[2], GS_STRAT_NONE, 0);
    gs_config_free(c);

    /* A child overrides one key and keeps the others in place. */
    c = load_ok("sw2.ini", "[scenario]\nbase = sw.ini\n[sweep]\nus.budget = 0.5\n");
    assert_int_equal(c->nsweep, 6);
    assert_int_equal(c->sweep[1].nvalues, 1);
    assert_int_equal(c->sweep[1].kind, GS_SWEEP_LIST);
    gs_config_free(c);

    c = load_ok("swlhs.ini", "[sweep]\nmethod = lhs:64\ncn.compute = 0.2:0.8\n"
                             "landscape.anneal_sweeps = 2:20\n");
    assert_string_equal(c->sweep_method, "lhs");
    assert_int_equal(c->sweep_n, 64);
    assert_int_equal(c->sweep_method_where.line, 2);
    assert_int_equal(c->sweep[0].kind, GS_SWEEP_BOUNDS);
    assert_int_equal(c->sweep[0].nvalues, 2);
    assert_near(c->sweep[0].values[0], 0.2, 0);
    assert_near(c->sweep[0].values[1], 0.8, 0);
    gs_config_free(c);
    c = load_ok("swsobol.ini", "[sweep]\ncn.compute = 0:1\nmethod = sobol:128\n");
    assert_string_equal(c->sweep_method, "sobol");
    assert_int_equal(c->sweep_n, 128);
    gs_config_free(c);
    /* The tolerance: 0:0.3:0.1 has 4 values although 0.3/0.1 < 3 in doubles. */
    c = load_ok("swtol.ini", "[sweep]\ncn.compute = 0:0.3:0.1\n");
    assert_int_equal(c->sweep[0].nvalues, 4);
    assert_near(c->sweep[0].values[3], 0.3, 0);
    gs_config_free(c);
}

static void sweep_errors(void **state)
{
    (void)state;
    const bad_case cases[] = {
        {"[sweep]\ncn.compute = 0:1:0\n", 2, "step must be > 0", NULL},
        {"[sweep]\ncn.compute = 0:1:-0.1\n", 2, "step must be > 0", NULL},
        {"[sweep]\ncn.compute = 1:0:0.1\n", 2, "start must be <= stop", NULL},
        {"[sweep]\ncn.compute = 0:1:1e-8\n", 2, "more than 10000000 values", NULL},
        {"[sweep]\ncn.compute = 0:2:0.5\n", 2, "cn.compute", "out of range"},
        {"[sweep]\ncn.compute = 0:1:x\n", 2, "expected start:stop:step", NULL},
        {"[sweep]\ncn.compute = 0:1:0.5:2\n", 2, "expected start:stop:step", NULL},
        {"[sweep]\ncn.compute = 0.1,\n   1.5\n", 3, "cn.compute", "out of range"},
        {"[sweep]\ncn.compute = 0.1, 0.2, 0.1\n", 2, "value 0.1 listed twice", NULL},
        {"[sweep]\ncn.strategy = need, swing, need\n", 2, "value need listed twice", NULL},
        {"[sweep]\ncn.compute = 0.1,, 0.2\n", 2, "empty item", NULL},
        {"[sweep]\ncn.compute = 0.1, 0.2,\n", 2, "empty item", NULL},
        {"[sweep]\ncn.compute =\n", 2, "empty list", NULL},
        {"[sweep]\ncn.compute = 0.1 0.2\n", 2, "expected a number", NULL},
        {"[sweep]\ncn.compute = nan, 0.2\n", 2, "finite", NULL},
        {"[sweep]\ncn.strategy = need, greedy\n", 2, "'greedy' is not one of", NULL},
        {"[sweep]\nlandscape.top = 1.5, 2\n", 2, "integer", NULL},
        {"[sweep]\nlandscape.top = 1:10:0.5\n", 2, "integer parameter", NULL},
        {"[sweep]\nscenario.steps = 10, 20\n", 2, "scenario.steps cannot be swept", "time axis"},
        {"[sweep]\nlandscape.actors = a.csv\n", 2, "cannot be swept", "only numbers"},
        {"[sweep]\ncn.compute = 0.1, 0.2\n[prior]\ncn.compute = uniform(0, 1)\n", 2,
         "also has a [prior]", "swbad.ini:4"},
        {"[sweep]\nworld.trade_k = 2, 4\n", 2, "world.trade_k cannot be swept", "one world"},
        {"[sweep]\ncn.compte = 0.1\n", 2, "unknown key 'cn.compte'", "did you mean cn.compute?"},
        {"[sweep]\ncn.compute = 0:1:0.5\n  0.7\n", 3, "range takes a single value", NULL},
        {"[sweep]\ncn.compute = 0.2:0.8\n", 2, "bounds lo:hi need method = lhs:N", NULL},
        {"[sweep]\nmethod = lhs:10\ncn.compute = 0.1, 0.2\n", 3, "method = lhs:10 samples",
         "lo:hi"},
        {"[sweep]\nmethod = lhs:10\n", 2, "needs keys with bounds", NULL},
        {"[sweep]\nmethod = lhs\ncn.compute = 0:1\n", 2, "lhs:N", NULL},
        {"[sweep]\nmethod = lhs:0\ncn.compute = 0:1\n", 2, "lhs:N", NULL},
        {"[sweep]\nmethod = random:5\n", 2, "expected grid, lhs:N or sobol:N", NULL},
        {"[sweep]\nmethod = sobol:4\ncn.compute = 0.8:0.2\n", 3, "lo < hi", NULL},
        {"[sweep]\nmethod = sobol:4\ncn.compute = 0:2\n", 3, "out of range", NULL},
    };
    for (size_t i = 0; i < NELEM(cases); i++)
        expect_bad("swbad.ini", &cases[i]);
}

/* --- priors and nation overrides ----------------------------------------- */

static void priors(void **state)
{
    (void)state;
    gs_config *c = load_ok("pr.ini", "[prior]\ncn.compute = uniform(0.2, 0.9)\n"
                                     "cn.energy = normal( 0.5 , 0.1 )\n"
                                     "us.compute = beta(2, 5)\n"
                                     "us.energy = triangular(0.1, 0.3, 0.9)\n");
    assert_int_equal(c->npriors, 4);
    assert_int_equal(c->priors[0].kind, GS_PRIOR_UNIFORM);
    assert_near(c->priors[0].a, 0.2, 0);
    assert_near(c->priors[0].b, 0.9, 0);
    assert_int_equal(c->priors[1].kind, GS_PRIOR_NORMAL);
    assert_near(c->priors[1].b, 0.1, 0);
    assert_int_equal(c->priors[2].kind, GS_PRIOR_BETA);
    assert_int_equal(c->priors[3].kind, GS_PRIOR_TRIANGULAR);
    assert_near(c->priors[3].c, 0.9, 0);
    assert_int_equal(c->priors[3].param, gs_param_find("us.energy"));
    assert_int_equal(c->priors[3].where.line, 5);
    gs_config_free(c);

    const bad_case cases[] = {
        {"[prior]\ncn.compute = uniform(0.9, 0.2)\n", 2, "lo < hi", NULL},
        {"[prior]\ncn.compute = uniform(0.2, 1.5)\n", 2, "leaves the range [0, 1]", NULL},
        {"[prior]\ncn.compute = normal(0.5, 0)\n", 2, "sd > 0", NULL},
        {"[prior]\ncn.compute = normal(2, 0.1)\n", 2, "mu = 2 is outside", NULL},
        {"[prior]\ncn.compute = beta(0, 1)\n", 2, "a > 0 and b > 0", NULL},
        {"[prior]\nneeds.gdppc_lo = beta(2, 2)\n", 2, "beta draws on [0, 1]", NULL},
        {"[prior]\nworld.trade_a = uniform(1, 2)\n", 2, "cannot have a prior", NULL},
        {"[prior]\ncn.compute = triangular(0.1, 0.05, 0.9)\n", 2, "lo <= mode <= hi", NULL},
        {"[prior]\ncn.compute = triangular(0.1, 0.5)\n", 2, "takes 3 arguments", NULL},
        {"[prior]\ncn.compute = gamma(1, 2)\n", 2, "expected uniform(lo, hi)", NULL},
        {"[prior]\ncn.compute = uniform(0.1, 0.2) x\n", 2, "expected uniform(lo, hi)", NULL},
        {"[prior]\ncn.compute = uniform(0.1, nan)\n", 2, "bad arguments", NULL},
        {"[prior]\nlandscape.top = uniform(1, 5)\n", 2, "int parameter", "real keys"},
        {"[prior]\ncn.compte = uniform(0, 1)\n", 2, "did you mean cn.compute?", NULL},
    };
    for (size_t i = 0; i < NELEM(cases); i++)
        expect_bad("prbad.ini", &cases[i]);
}

static void nations(void **state)
{
    (void)state;
    gs_config *c = load_ok("na.ini", "[nation.JPN]\nthreat = 0.7\nalignment = us\n"
                                     "[nation.IND]\ntrack = dual\nbri = 0\n");
    assert_int_equal(c->noverrides, 4);
    assert_string_equal(c->overrides[0].iso3, "JPN");
    assert_string_equal(c->overrides[0].attr, "threat");
    assert_near(c->overrides[0].value, 0.7, 0);
    assert_string_equal(c->overrides[1].text, "us");
    assert_near(c->overrides[1].value, GS_US, 0);
    assert_near(c->overrides[2].value, GS_T_DUAL, 0);
    assert_int_equal(c->overrides[3].where.line, 6);
    gs_config_free(c);
    /* A child file replaces one value and adds another. */
    c = load_ok("na2.ini", "[scenario]\nbase = na.ini\n[nation.JPN]\nthreat = 0.9\n"
                           "[nation.KOR]\nlibdem = 0.8\n");
    assert_int_equal(c->noverrides, 5);
    assert_near(c->overrides[0].value, 0.9, 0);
    gs_config_free(c);

    const bad_case cases[] = {
        {"[nation.jpn]\nthreat = 1\n", 1, "[nation.jpn]", "ISO3"},
        {"[nation.JAPAN]\nthreat = 1\n", 1, "ISO3", NULL},
        {"[nation.JPN]\ntreat = 1\n", 2, "unknown key 'treat' in [nation.JPN]",
         "did you mean threat?"},
        {"[nation.JPN]\nnato = 2\n", 2, "nato is a membership", NULL},
        {"[nation.JPN]\nlibdem = high\n", 2, "expected a finite number", NULL},
        {"[nation.JPN]\nlibdem = inf\n", 2, "expected a finite number", NULL},
        {"[nation.JPN]\nalignment = west\n", 2, "expected hedge, us or cn", NULL},
        {"[nation.USA]\nalignment = cn\n", 2, "poles' alignment is fixed", NULL},
        {"[nation.JPN]\ntrack = iso\n", 2, "expected none, multilateral, us_led or dual", NULL},
        {"[nations.JPN]\nthreat = 1\n", 1, "unknown section", "[nation.ISO3]"},
    };
    for (size_t i = 0; i < NELEM(cases); i++)
        expect_bad("nabad.ini", &cases[i]);
    assert_true(gs_config_is_nation_attr("threat"));
    assert_true(gs_config_is_nation_attr("bri_year"));
    assert_false(gs_config_is_nation_attr("alignment"));
    assert_false(gs_config_is_nation_attr("cn.compute"));
    assert_false(gs_config_is_nation_attr(NULL));
}

/* --- the resolved text --------------------------------------------------- */

static const char *full_scenario =
    "[scenario]\nname = full\ndescription = Everything at once\nsteps = 12\n"
    "[world]\nnations = data/nations.csv\n"
    "[cn]\ncompute = 0.3\nstrategy = swing\n"
    "[us]\nexport_controls = 0.1234567890123\n"
    "[event b]\ntime = 2027\nkey = nation.threat\nop = scale\nvalue = 1.5\n"
    "subset = JPN KOR PHL VNM IDN MYS THA SGP BRN KHM LAO MMR TLS AUS NZL PNG FJI IND PAK BGD "
    "LKA NPL,\n   Southern Asia, nato, Eastern Asia\n"
    "[event a]\ntime = 2026.25\nkey = cn.strategy\nvalue = need\n"
    "[sweep]\ncn.budget = 0:0.05:0.01\n"
    "us.compute = 0.11, 0.12, 0.13, 0.14, 0.15, 0.16, 0.17, 0.18, 0.19, 0.21, 0.22, 0.23,\n"
    "   0.24, 0.25, 0.26, 0.27, 0.28, 0.29, 0.31, 0.32, 0.33, 0.34, 0.35, 0.36, 0.37,\n"
    "   0.38, 0.39, 0.41, 0.42, 0.43, 0.44, 0.45, 0.46, 0.47, 0.48, 0.49\n"
    "alignment.update = async, sync\n"
    "[prior]\ncn.energy = triangular(0.1, 0.2, 0.3)\n"
    "[nation.KOR]\nthreat = 0.6\n"
    "[nation.JPN]\nalignment = us\nlibdem = 0.85\n";

static void text_roundtrip(void **state)
{
    (void)state;
    const char *sets[] = {"alignment.lambda=2.5", "scenario.description=From the command line"};
    gs_err e = {0};
    gs_config *c = load_sets("full.ini", full_scenario, sets, 2, &e);
    if (!c) fail_msg("%s", e.msg);
    char *t0 = gs_config_text(c, 0, &e);
    assert_non_null(t0);
    /* Every line fits inih's buffer. */
    for (const char *p = t0; *p;) {
        size_t n = strcspn(p, "\n");
        if (n > 199) fail_msg("line of %zu characters in the text", n);
        p += n + (p[n] == '\n');
    }
    /* Every parameter appears once, in its section. */
    for (size_t i = 0; i < gs_nparams; i++) {
        const char *dot = strchr(gs_param_table[i].name, '.');
        char key[160];
        snprintf(key, sizeof key, "\n%s =", dot + 1);
        assert_non_null(strstr(t0, key));
    }
    assert_null(strstr(t0, "; from")); /* no origins */
    write_file("full_text.ini", t0);
    gs_config *c2 = load_ok("full_text.ini", NULL);
    assert_memory_equal(&c->p, &c2->p, sizeof c->p);
    char *t1 = gs_config_text(c2, 0, &e);
    assert_non_null(t1);
    assert_string_equal(t0, t1); /* events, sweep, priors, nations too */
    assert_int_equal(c2->nevents, 2);
    assert_string_equal(c2->events[1].subset, c->events[1].subset);
    assert_int_equal(c2->sweep[1].nvalues, 36);

    /* The text with origins loads to the same parameters as well. */
    char *t2 = gs_config_text(c, 1, &e);
    assert_non_null(t2);
    write_file("full_origin.ini", t2);
    gs_config *c3 = load_ok("full_origin.ini", NULL);
    assert_memory_equal(&c->p, &c3->p, sizeof c->p);

    /* Deterministic. */
    char *t3 = gs_config_text(c, 1, &e);
    assert_string_equal(t2, t3);
    free(t0);
    free(t1);
    free(t2);
    free(t3);
    gs_config_free(c);
    gs_config_free(c2);
    gs_config_free(c3);
}

static void text_origins(void **state)
{
    (void)state;
    write_file("or_base.ini", "[cn]\ncompute = 0.2\nenergy = 0.3\n");
    const char *sets[] = {"cn.energy=0.45"};
    gs_err e = {0};
    gs_config *c = load_sets("or.ini",
                             "[scenario]\nbase = or_base.ini\n\n[cn]\ncapacity = 0.9\n"
                             "[sweep]\ncn.budget = 0.1, 0.2\n",
                             sets, 1, &e);
    if (!c) fail_msg("%s", e.msg);
    char *t = gs_config_text(c, 1, &e);
    assert_non_null(t);
    char base[1024], top[1024], want[2200];
    path_of(base, sizeof base, "or_base.ini");
    path_of(top, sizeof top, "or.ini");
    /* Each line: the key, the value, padding, the origin. */
    const char *lines[] = {"\ncompute = 0.2 ", "\nenergy = 0.45 ", "\ncapacity = 0.9 ",
                           "\ndata = 0.5 "};
    const char *from[] = {base, NULL, top, NULL};
    const int at[] = {2, 0, 5, 0};
    for (int i = 0; i < 4; i++) {
        const char *p = strstr(t, lines[i]);
        if (!p) fail_msg("no '%s' in\n%s", lines[i] + 1, t);
        const char *eol = strchr(p + 1, '\n');
        if (i == 1)
            snprintf(want, sizeof want, "; from --set");
        else if (from[i])
            snprintf(want, sizeof want, "; from %s:%d", from[i], at[i]);
        else
            snprintf(want, sizeof want, "; default");
        const char *o = strstr(p, want);
        if (!o || o > eol) fail_msg("'%s' lacks '%s'", lines[i] + 1, want);
    }
    snprintf(want, sizeof want, "cn.budget = 0.1, 0.2");
    assert_non_null(strstr(t, want));
    snprintf(want, sizeof want, "; from %s:7", top);
    assert_non_null(strstr(t, want));
    assert_non_null(strstr(t, "; base chain"));
    free(t);
    gs_config_free(c);

    /* A value too long to share its line with the origin: the note moves to
     * an indented comment line, and the text still loads. */
    char text[400];
    snprintf(text, sizeof text, "[scenario]\ndescription = %0180d\n", 7);
    c = load_ok("or_long.ini", text);
    t = gs_config_text(c, 1, &e);
    assert_non_null(t);
    for (const char *p = t; *p;) {
        size_t n = strcspn(p, "\n");
        if (n > 199) fail_msg("line of %zu characters with origins", n);
        p += n + (p[n] == '\n');
    }
    path_of(top, sizeof top, "or_long.ini");
    snprintf(want, sizeof want, "7\n    ; from %s:2\n", top);
    assert_non_null(strstr(t, want));
    write_file("or_long_text.ini", t);
    gs_config *c2 = load_ok("or_long_text.ini", NULL);
    assert_memory_equal(&c->p, &c2->p, sizeof c->p);
    free(t);
    gs_config_free(c);
    gs_config_free(c2);
}

static void defaults_only(void **state)
{
    (void)state;
    gs_err e = {0};
    gs_config *c = gs_config_defaults(&e);
    assert_non_null(c);
    gs_params p;
    gs_params_defaults(&p);
    assert_memory_equal(&c->p, &p, sizeof p);
    assert_string_equal(c->sweep_method, "grid");
    char *t = gs_config_text(c, 0, &e);
    assert_non_null(t);
    write_file("defaults.ini", t);
    gs_config *c2 = load_ok("defaults.ini", NULL);
    assert_memory_equal(&c2->p, &p, sizeof p);
    assert_int_equal(c2->nevents + c2->nsweep + c2->npriors + c2->noverrides, 0);
    free(t);
    gs_config_free(c);
    gs_config_free(c2);
    gs_config_free(NULL);
    gs_err_clear(&e);
    assert_null(gs_config_load(NULL, NULL, 0, &e));
    assert_int_equal(e.code, GS_EINPUT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(precedence_chain), cmocka_unit_test(long_chain),
        cmocka_unit_test(base_cycles),      cmocka_unit_test(base_missing),
        cmocka_unit_test(unreadable_files), cmocka_unit_test(syntax_errors),
        cmocka_unit_test(set_errors),       cmocka_unit_test(events_parse),
        cmocka_unit_test(event_errors),     cmocka_unit_test(sweep_parse),
        cmocka_unit_test(sweep_errors),     cmocka_unit_test(priors),
        cmocka_unit_test(nations),          cmocka_unit_test(text_roundtrip),
        cmocka_unit_test(text_origins),     cmocka_unit_test(defaults_only),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
