/* load.h: read the files of one module directory (or one named file) and
 * parse them.  The first step of every command that reads configuration;
 * it knows which files belong to a module, not what they mean. */
#ifndef CL_LOAD_H
#define CL_LOAD_H

#include "grammar/ast.h"

typedef struct cl_module_src {
	char *dir;             /* the module's directory (path.module) */
	cl_file **files;       /* parsed, in file-name order */
	unsigned nfiles;
} cl_module_src;

/* path: a file, or a directory whose *.cl and *.cl.json files (or, if it
 * has none, *.tf and *.tf.json files) form the module.  Sources are registered and live for the process;
 * the syntax trees live in a.  Returns false when nothing could be read;
 * parse errors are in d and the files are still returned. */
bool cl_load_module(cl_arena *a, const char *path, cl_module_src *out, cl_diags *d);
/* Load from memory (the embedded standard library). */
void cl_load_text(cl_arena *a, const char *name, const char *text, size_t len, cl_module_src *out, cl_diags *d);
/* The files a path names, sorted; used by fmt as well.  Caller frees. */
char **cl_load_list(const char *path, unsigned *n, cl_diags *d);
void cl_load_list_free(char **v, unsigned n);

#endif
