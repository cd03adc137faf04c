/* gs_test.h - what every cmocka unit test includes.
 *
 * cmocka 1.1.5's assert_float_equal compares in single precision and
 * assert_in_range casts to integers, so govsim tests use assert_near(), a
 * double-precision check with an absolute tolerance that prints both values. */
#ifndef GS_TEST_H
#define GS_TEST_H

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include <gsl/gsl_rng.h>

#include "../../models/model.h"

void gs_test_near(double got, double want, double tol, const char *expr, const char *file,
                  int line);

/* Fails unless |got - want| <= tol (and neither is NaN). */
#define assert_near(got, want, tol) gs_test_near((got), (want), (tol), #got, __FILE__, __LINE__)

/* Writes text to a fresh temporary file under $TMPDIR (or /tmp) named
 * after name and returns its path (static buffer per call slot: copy it). */
const char *gs_test_write(const char *name, const char *text);
/* A fresh temporary directory (created once per process). */
const char *gs_test_dir(void);
/* The path of name in gs_test_dir(), in one of 8 rotating static buffers
 * (shared with gs_test_write): copy it to keep it. */
const char *gs_test_tmp(const char *name);

/* "$TOP/rel" (TOP = the repository root, set by tests/run.sh; "." when
 * unset), in one of 8 rotating static buffers: copy it to keep it. */
const char *gs_test_path(const char *rel);

/* A stack config with built-in defaults and no sections (what the world
 * tests build worlds from without an INI file). */
struct gs_config;
void gs_test_config_init(struct gs_config *c);

/* A model on w initialised with p, drawing from the dynamics stream (seed,
 * point 0, replicate rep), which *r receives (free it with gsl_rng_free);
 * fails the test on any error. */
gs_model *gs_test_model_start(const gs_world *w, const gs_params *p, uint64_t seed, uint64_t rep,
                              gsl_rng **r);

#endif
