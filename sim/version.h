/* version.h - govsim's version and the git commit it was built from. */
#ifndef GS_VERSION_H
#define GS_VERSION_H
extern const char gs_version[];
extern const char gs_git_commit[];
#endif
