/* test_params.c - the parameter table: defaults parse, ranges hold, enum
 * choices match the C enums, formatting round-trips, nearest-name hints. */
#include "gs_test.h"

#include <stdlib.h>
#include <string.h>

#include "../../sim/params.h"

static void defaults_parse(void **state)
{
    (void)state;
    gs_params p;
    for (size_t i = 0; i < gs_nparams; i++) {
        gs_err e = {0};
        memset(&p, 0, sizeof p);
        int rc = gs_param_set(&p, (int)i, gs_param_table[i].def, &e);
        if (rc != GS_OK) fail_msg("default of %s: %s", gs_param_table[i].name, e.msg);
    }
}

static void names_unique_and_offsets_distinct(void **state)
{
    (void)state;
    for (size_t i = 0; i < gs_nparams; i++)
        for (size_t j = i + 1; j < gs_nparams; j++) {
            if (!strcmp(gs_param_table[i].name, gs_param_table[j].name))
                fail_msg("duplicate key %s", gs_param_table[i].name);
            if (gs_param_table[i].offset == gs_param_table[j].offset)
                fail_msg("%s and %s share storage", gs_param_table[i].name,
                         gs_param_table[j].name);
        }
}

static void roundtrip(void **state)
{
    (void)state;
    gs_params p, q;
    gs_params_defaults(&p);
    gs_params_defaults(&q);
    char buf[GS_PATH_MAX];
    for (size_t i = 0; i < gs_nparams; i++) {
        gs_param_format(&p, (int)i, buf, sizeof buf);
        gs_err e = {0};
        assert_int_equal(gs_param_set(&q, (int)i, buf, &e), GS_OK);
    }
    assert_memory_equal(&p, &q, sizeof p);
    double *v = gs_param_real_ptr(&p, gs_param_find("cn.compute"));
    assert_non_null(v);
    *v = 0.1 + 0.2; /* not representable in few digits */
    gs_param_format(&p, gs_param_find("cn.compute"), buf, sizeof buf);
    assert_near(strtod(buf, NULL), 0.1 + 0.2, 0.0);
}

static void rejects_bad_values(void **state)
{
    (void)state;
    gs_params p;
    gs_params_defaults(&p);
    int k = gs_param_find("cn.compute");
    const char *bad[] = {"", "abc", "0.5x", "nan", "inf", "-inf", "1.5", "-0.1", "1e400"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        gs_err e = {0};
        assert_int_equal(gs_param_set(&p, k, bad[i], &e), GS_EINPUT);
        assert_non_null(strstr(e.msg, "cn.compute"));
    }
    gs_err e = {0};
    assert_int_equal(gs_param_set(&p, gs_param_find("scenario.steps"), "2.5", &e), GS_EINPUT);
    gs_err_clear(&e);
    assert_int_equal(gs_param_set(&p, gs_param_find("alignment.rule"), "votre", &e), GS_EINPUT);
    assert_non_null(strstr(e.msg, "logit|voter|landscape"));
    assert_near(p.pole[GS_CN].feat[GS_F_COMPUTE], 0.6, 0); /* unchanged by failures */
}

static void enum_orders_match(void **state)
{
    (void)state;
    gs_params p;
    gs_params_defaults(&p);
    gs_err e = {0};
    struct {
        const char *key, *text;
        int want;
        int *field;
    } cases[] = {
        {"world.kind", "complete", GS_WORLD_COMPLETE, &p.world_kind},
        {"world.kind", "lattice", GS_WORLD_LATTICE, &p.world_kind},
        {"alignment.rule", "landscape", GS_ALIGN_LANDSCAPE, &p.align_rule},
        {"alignment.update", "async", GS_UPDATE_ASYNC, &p.align_update},
        {"alignment.init", "random", GS_INIT_RANDOM, &p.align_init},
        {"network.normalize", "sum", GS_NORM_SUM, &p.normalize},
        {"cn.strategy", "centrality", GS_STRAT_CENTRALITY, &p.pole[GS_CN].strategy},
        {"us.strategy", "none", GS_STRAT_NONE, &p.pole[GS_US].strategy},
        {"standards.rule", "bass", GS_STD_BASS, &p.std_rule},
        {"standards.layer", "all", GS_LAYERSEL_ALL, &p.std_layer},
        {"alignment.voter_layer", "region", GS_LAYERSEL_REGION, &p.voter_layer},
        {"output.level", "shares", GS_OUT_SHARES, &p.out_level},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(gs_param_set(&p, gs_param_find(cases[i].key), cases[i].text, &e), 0);
        assert_int_equal(*cases[i].field, cases[i].want);
    }
    /* Every feature has a key per pole, and a beta. */
    char key[64];
    for (int k = 0; k < GS_NFEAT; k++) {
        snprintf(key, sizeof key, "cn.%s", gs_feature_names[k]);
        assert_true(gs_param_find(key) >= 0);
        snprintf(key, sizeof key, "us.%s", gs_feature_names[k]);
        assert_true(gs_param_find(key) >= 0);
        snprintf(key, sizeof key, "alignment.beta_%s", gs_feature_names[k]);
        assert_true(gs_param_find(key) >= 0);
    }
}

static void nearest(void **state)
{
    (void)state;
    assert_string_equal(gs_param_nearest("cn.compte"), "cn.compute");
    assert_string_equal(gs_param_nearest("alignment.lamda"), "alignment.lambda");
    assert_string_equal(gs_param_nearest("scenario.step"), "scenario.steps");
    assert_null(gs_param_nearest("zzzzzzzzzzzzzzzzzzzzzzzzzzz.qqqqqqqqqqqqqqqq"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(defaults_parse),   cmocka_unit_test(names_unique_and_offsets_distinct),
        cmocka_unit_test(roundtrip),        cmocka_unit_test(rejects_bad_values),
        cmocka_unit_test(enum_orders_match), cmocka_unit_test(nearest),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
