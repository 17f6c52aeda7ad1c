/* destroy.h: the destroy side of the plan.  After the walk has created a
 * node per configured instance, this adds destroy nodes for orphans (in
 * state, not in configuration), deposed objects and replacements, applies
 * the create_before_destroy transform (implied CBD included) and orders
 * destroys in reverse dependency order. */
#ifndef CL_DESTROY_H
#define CL_DESTROY_H

#include "compiler/dag.h"
#include "compiler/prior.h"

/* destroy_all: plan the destruction of everything in state (clicamosc
 * destroy): every configured instance becomes a no-op, every recorded one
 * is destroyed. */
void cl_destroy_plan(cl_dag *g, cl_prior *p, bool destroy_all);

#endif
