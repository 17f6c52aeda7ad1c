/* instance.h: one resource instance's configuration as a value: its body
 * evaluated against the type's schema into an object holding every
 * attribute (null where not set, defaults filled in) and every nested block
 * (lists/sets of objects; dynamic blocks expanded).  Planning what AWS will
 * compute is plan.h's business. */
#ifndef CL_INSTANCE_H
#define CL_INSTANCE_H

#include "compiler/scope.h"

/* sa's default as a value; null of its type when it has none. */
cl_value *cl_schema_default(cl_arena *a, const cl_schema_attr *sa);

/* Evaluate body b (a resource's, meta-arguments skipped) against s.  what
 * names the resource in messages ("aws_vpc.main").  NULL after errors. */
cl_value *cl_instance_eval(cl_scope *sc, cl_arena *a, cl_diags *d, const cl_body *b, const cl_schema *s,
                           const char *what);

#endif
