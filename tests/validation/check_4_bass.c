/* check_4_bass.c - validation check 4: Bass diffusion on the complete graph.
 *
 *   check_4_bass quick|full
 *
 * standards.rule = bass on the implicit complete graph of N = 10^4 nations
 * (no poles, nobody adopted at the start): a non-adopter adopts in a step of
 * dt = 0.01 year with probability 1 - exp(-(p + q F) dt), F the adopted
 * share of the other nations, p = 0.03, q = 0.38 per year.  The mean
 * adopted share over 20 replicates (quick: 10) must follow Bass's (1969)
 * closed form
 *
 *   F(t) = (1 - e^{-(p+q) t}) / (1 + (q/p) e^{-(p+q) t})
 *
 * within 0.01 at every step up to t = 15 years (quick: 10; F(15) = 0.97; the largest
 * slope, where discretisation and noise would show, is at t* = ln(q/p) /
 * (p+q) = 6.2 years).  Alignment is frozen (rule voter, rate 0), so tracks
 * are the only thing that moves. */
#include "vcheck.h"

#include "../unit/world_fixture.c"

int main(int argc, char **argv)
{
    int full = vc_mode(argc, argv);
    /* Quick keeps the steep part (t <= 10) and enough replicates: one
     * replicate's takeoff time varies, about 0.01 in F near t*. */
    const int N = 10000, R = full ? 20 : 10;
    const double dt = 0.01, T = full ? 15 : 10;
    const long steps = lround(T / dt);
    gs_world *w = fx_world(N);
    w->implicit_complete = 1;
    gs_params p;
    vc_quiet_params(&p);
    p.dt = dt;
    p.align_rule = GS_ALIGN_VOTER;
    p.align_rate = 0;
    p.align_init = GS_INIT_HEDGE;
    p.std_rule = GS_STD_BASS;
    p.bass_p = 0.03;
    p.bass_q = 0.38;
    double *mean = vc_alloc((size_t)steps + 1, sizeof *mean);
    gs_err e = {0};
    gs_model *m = gs_model_alloc(w, &e);
    if (!m) {
        fprintf(stderr, "%s\n", e.msg);
        return 1;
    }
    for (int rep = 0; rep < R; rep++) {
        gsl_rng *r = vc_rng((uint64_t)rep);
        if (gs_model_init(m, w, &p, r, &e) != GS_OK) {
            fprintf(stderr, "%s\n", e.msg);
            return 1;
        }
        for (long k = 1; k <= steps; k++) {
            gs_model_step(m, w, r);
            const uint8_t *t = gs_model_track(m);
            long adopted = 0;
            for (int i = 0; i < N; i++)
                adopted += t[i] != GS_T_NONE;
            mean[k] += (double)adopted / N / R;
        }
        gsl_rng_free(r);
    }
    double a = p.bass_p + p.bass_q, maxerr = 0, t_at = 0, f_at = 0, m_at = 0;
    for (long k = 0; k <= steps; k++) {
        double t = k * dt, x = exp(-a * t);
        double F = (1 - x) / (1 + p.bass_q / p.bass_p * x);
        if (fabs(mean[k] - F) > maxerr) {
            maxerr = fabs(mean[k] - F);
            t_at = t;
            f_at = F;
            m_at = mean[k];
        }
    }
    char exp_[160], meas[160];
    snprintf(exp_, sizeof exp_, "F(t) closed form, t = 0..%g yr (F(%g) = %.3f)", T, T,
             (1 - exp(-a * T)) / (1 + p.bass_q / p.bass_p * exp(-a * T)));
    snprintf(meas, sizeof meas, "max |mean - F| = %.4f at t = %.2f (%.4f vs %.4f), %d replicates",
             maxerr, t_at, m_at, f_at, R);
    int pass = maxerr <= 0.01;
    vc_row("4 Bass diffusion, complete graph, N = 10^4, p = 0.03, q = 0.38, dt = 0.01", "Bass 1969",
           exp_, meas, "0.01", pass);
    if (!pass)
        fprintf(stderr, "4: at t = %.2f the mean adopted share is %.4f, Bass gives %.4f\n", t_at,
                m_at, f_at);
    gs_model_free(m);
    fx_free(w);
    free(mean);
    return 0;
}
