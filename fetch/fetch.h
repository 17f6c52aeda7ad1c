/* fetch.h: getting module packages onto the disk for `init`: git (the git
 * command), http(s) archives (libcurl, libarchive), the module registry
 * protocol, and the walk that installs every remote module a configuration
 * calls and writes the manifest (compiler/modmanifest.h).
 * Each failure is a diagnostic at the source attribute it concerns; nothing
 * is written outside the module's directory, and a failed one is removed. */
#ifndef FETCH_H
#define FETCH_H

#include "compiler/modsource.h"
#include "compiler/modversion.h"
#include "util/buf.h"
#include "util/diag.h"

/* --- run.c: child processes and directories --- */
/* Runs argv (no shell) with GIT_TERMINAL_PROMPT=0; its stdout goes to out
 * (or nowhere), its stderr to err.  The exit status, or -1. */
int fetch_run(char *const argv[], cl_buf *out, cl_buf *err);
/* Removes a directory tree (symbolic links are not followed). */
void fetch_rmtree(const char *dir);
/* The first symbolic link under dir whose target is outside dir, or NULL. */
char *fetch_escaping_link(const char *dir);

/* --- git.c --- */
/* Clones url into dest (new) and checks out ref (NULL: the default branch). */
bool fetch_git(const char *url, const char *ref, const char *dest, cl_range at, cl_diags *d);

/* --- http.c --- */
typedef struct fetch_response {
	long status;
	cl_buf body;
	char *terraform_get;     /* the X-Terraform-Get header, or NULL */
} fetch_response;
/* GET url; false (with an error at `at`) when no HTTP answer came. */
bool fetch_http_get(const char *url, fetch_response *r, cl_range at, cl_diags *d);
void fetch_response_free(fetch_response *r);
/* url resolved against base (a relative X-Terraform-Get, a discovered path). */
char *fetch_url_resolve(const char *base, const char *url);

/* --- archive.c --- */
/* Downloads the archive at url and unpacks it into dest (new). */
bool fetch_archive(const char *url, const char *dest, cl_range at, cl_diags *d);
/* Unpacks an archive held in memory into dest. */
bool fetch_unpack(const void *data, size_t len, const char *dest, const char *what, cl_range at, cl_diags *d);

/* --- registry.c --- */
/* The newest version of the registry module src that satisfies the
 * constraint (NULL: any), and where its package is (an address
 * cl_modsrc_parse reads: git::... or an archive URL).  Strings in a. */
bool fetch_registry(cl_arena *a, const cl_modsrc *src, const char *constraint, const char **version,
                    const char **package, cl_range at, cl_diags *d);

/* --- install.c --- */
/* Installs every remote module that the configuration at path calls (and
 * those calls), keeping those already installed from the same source
 * unless upgrade; writes CL_MODULES_MANIFEST. */
bool fetch_install(const char *path, bool upgrade, cl_diags *d);

#endif
