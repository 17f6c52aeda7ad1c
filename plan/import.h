/* import.h: the root module's import blocks, for plan.c (Terraform 1.5's
 * plan-time import, for_each as in 1.7).  Not the import command, which is
 * cl_plan_import in plan.h. */
#ifndef CL_PLAN_IMPORT_H
#define CL_PLAN_IMPORT_H

#include "plan/plan.h"
#include "util/buf.h"

/* One import done while planning: the instance and the object's id. */
typedef struct cl_imported {
	const char *addr, *id;
} cl_imported;

/* Each import block's targets that the state does not hold yet, read
 * from AWS by id (with the target's provider configuration) and put into
 * st, which the plan then compares with the configuration; *n of them in
 * *out.  A target the configuration does not declare is an error, unless
 * gen is given: then its resource block is appended to gen (the text of
 * -generate-config-out), and it is not imported now.  False after errors
 * (at the import block). */
bool cl_plan_imports(cl_arena *a, const cl_plan_opts *o, const cl_dag *g, cl_imported **out, unsigned *n, cl_buf *gen,
                     cl_diags *d);

#endif
