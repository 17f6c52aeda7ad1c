/* moved.h: the configuration's moved and removed blocks, applied to the
 * state before planning (as Terraform does): a moved object is renamed, a
 * removed one with lifecycle { destroy = false } is forgotten, not
 * destroyed.  Each is said on progress, as the plan's "has moved to" and
 * "will no longer be managed" lines. */
#ifndef CL_MOVED_H
#define CL_MOVED_H

#include "compiler/config.h"
#include "executor/state.h"

#include <stdio.h>

/* False after an error in d (a removed block naming what the
 * configuration still declares). */
bool cl_moved_apply(cl_state *st, const cl_module *root, FILE *progress, cl_diags *d);

#endif
