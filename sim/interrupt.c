/* interrupt.c - graceful stop on SIGINT, SIGTERM and SIGHUP (interrupt.h). */
#include "interrupt.h"

#include <signal.h>
#include <string.h>

/* Written by the handler, read by every worker thread.  sig_atomic_t is the
 * type C guarantees a handler may write; volatile keeps the pollers from
 * caching it.  A stale read costs at most one more model step. */
static volatile sig_atomic_t pending_signal;

static void on_signal(int sig)
{
    /* Only the flag: anything else (stdio, malloc, HDF5) is not
     * async-signal-safe.  The first signal is the one reported. */
    if (!pending_signal) pending_signal = sig;
}

void gs_intr_install(void)
{
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
    pending_signal = 0;
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        struct sigaction old, sa;
        if (sigaction(sigs[i], NULL, &old) != 0) continue;
        if (old.sa_handler == SIG_IGN) continue; /* nohup or a background job: keep ignoring */
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_signal;
        sigemptyset(&sa.sa_mask);
        /* SA_RESTART: HDF5 and stdio do not retry a write cut by EINTR.
         * SA_RESETHAND: a second signal acts at once (default action). */
        sa.sa_flags = SA_RESTART | SA_RESETHAND;
        sigaction(sigs[i], &sa, NULL);
    }
}

int gs_intr_pending(void)
{
    return pending_signal;
}

void gs_intr_set(int sig)
{
    pending_signal = sig;
}

void gs_intr_clear(void)
{
    pending_signal = 0;
}
