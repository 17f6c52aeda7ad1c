/* override.h: Terraform's override files, merged into the blocks of the
 * module's other files (override.c says by which rules). */
#ifndef CL_OVERRIDE_H
#define CL_OVERRIDE_H

#include "compiler/load.h"

/* Is path an override file by its name (override.tf, x_override.cl.json)? */
bool cl_override_path(const char *path);
/* Merge ovr's blocks into those of m->files[0..nprimary). */
void cl_override_apply(cl_arena *a, cl_module_src *m, unsigned nprimary, const cl_file *ovr, cl_diags *d);

#endif
