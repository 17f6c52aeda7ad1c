/* path.h: where a path from a configuration really leads.  A path that
 * reads as inside the configuration (the working directory or the root
 * module's directory) but reaches somewhere else through a symbolic link is
 * worth a warning: the user named one place and would read another. */
#ifndef CL_PATH_H
#define CL_PATH_H

#include "util/arena.h"

/* path made absolute against cwd and cleaned of ".", ".." and "//" as
 * written, following no link. */
char *cl_path_lexical(cl_arena *a, const char *cwd, const char *path);
/* The real path of path (in a) when, as written, it lies in the working
 * directory or under root (NULL: ".") but its real path lies in neither;
 * NULL otherwise, and when nothing is there. */
const char *cl_path_escape(cl_arena *a, const char *root, const char *path);

/* The names of the regular files in dir ending in one of suffixes (a NULL-
 * terminated list; longer than it, not hidden), sorted bytewise, in a; *n
 * how many; NULL (and 0) when dir cannot be read. */
const char **cl_path_list(cl_arena *a, const char *dir, const char *const *suffixes, unsigned *n);

#endif
