/* planfile.h: plan -out=FILE and apply FILE.  A saved plan records what was
 * planned and against what: the configuration's hash, the state's lineage
 * and serial, the input values, the options and every change.  apply FILE
 * plans again from the same inputs and refuses when anything moved. */
#ifndef CL_PLANFILE_H
#define CL_PLANFILE_H

#include "cli/pipeline.h"

#include <jansson.h>

typedef struct cli_planfile {
	json_t *root;               /* the whole file */
	char *path;                 /* the configuration path it was made for */
} cli_planfile;

/* Writes r's plan (0600, atomically).  destroy: it is a destroy plan. */
bool cli_planfile_write(cli_run *r, const cl_args *a, const char *file, bool destroy, cl_diags *d);
bool cli_planfile_read(const char *file, cli_planfile *pf, cl_diags *d);
/* Is r (planned again from pf's inputs) the plan pf recorded?  If not,
 * an error saying what moved. */
bool cli_planfile_matches(const cli_planfile *pf, cli_run *r, cl_diags *d);
void cli_planfile_free(cli_planfile *pf);
/* A saved input that is only the hash of a sensitive value: its value must
 * come from the usual sources again. */
bool cli_planfile_is_hashed(const json_t *saved);
/* Is path a saved plan rather than a configuration or a state? */
bool cli_planfile_is(const char *path);
/* The configuration's fingerprint: every file of every module, hashed. */
void cli_config_hash(const cl_module *m, char out[65]);

#endif
