/* refs.h: reference analysis: which names an expression (or a whole block
 * body) refers to, as traversals (root + static steps) with their source
 * ranges.  Names bound inside the expression (for-expression variables,
 * dynamic block iterators) are not references.  The walk uses this to order
 * evaluation and to draw the DAG's edges; nothing here evaluates. */
#ifndef CL_REFS_H
#define CL_REFS_H

#include "compiler/eval.h"

typedef struct cl_ref {
	cl_traversal t;        /* root and the static steps after it */
	cl_loc loc;            /* the whole reference as written */
} cl_ref;

typedef struct cl_refs {
	cl_ref *v;
	unsigned n;
} cl_refs;

/* Append the references in e (in body b, skipping the given attribute and
 * block names, e.g. the meta-arguments) to out. */
void cl_refs_expr(cl_arena *a, const cl_expr *e, cl_refs *out);
void cl_refs_body(cl_arena *a, const cl_body *b, const char *const *skip, cl_refs *out);
/* The references of a resource body's create-time provisioner and
 * connection blocks (self is the object: not a reference), which the
 * resource waits for, as in Terraform. */
void cl_refs_provisioners(cl_arena *a, const cl_body *b, cl_refs *out);

#endif
