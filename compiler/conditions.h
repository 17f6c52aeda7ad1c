/* conditions.h: custom conditions checked once a plan is made: resource
 * and data source preconditions and postconditions, output preconditions
 * (errors) and check blocks' asserts (warnings), as Terraform checks them. */
#ifndef CL_CONDITIONS_H
#define CL_CONDITIONS_H

#include "compiler/dag.h"

/* False when a precondition or postcondition failed (errors in d); a
 * condition whose value is not known yet is left for later.  Failed check
 * asserts are warnings. */
bool cl_conditions_check(cl_dag *g, cl_arena *a, cl_diags *d);

#endif
