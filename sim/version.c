/* version.c - the version and commit baked in at build time. */
#include "version.h"

#ifndef GS_VERSION
#define GS_VERSION "0.0.0"
#endif
#ifndef GS_GIT_COMMIT
#define GS_GIT_COMMIT "unknown"
#endif

const char gs_version[] = GS_VERSION;
const char gs_git_commit[] = GS_GIT_COMMIT;
