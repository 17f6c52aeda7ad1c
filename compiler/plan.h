/* plan.h: what will happen to one resource instance: its configuration
 * (evaluated) against its recorded state gives an action (create, update in
 * place, replace, no-op, read) and the planned value, with what AWS will
 * compute left unknown.  Rendering the plan is view/plan_render.h. */
#ifndef CL_PLAN_H
#define CL_PLAN_H

#include "compiler/dag.h"

/* Fills nd->action, nd->planned and nd->replace_reason from nd->config and
 * nd->prior. */
void cl_plan_instance(cl_arena *a, const cl_resource_type *rt, cl_node *nd, bool tainted);

#endif
