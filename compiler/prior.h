/* prior.h: the recorded state as the compiler sees it: for each instance in
 * state, its address, type, attributes and dependencies.  The executor fills
 * it from the state file (and a refresh); the compiler only reads it.  */
#ifndef CL_PRIOR_H
#define CL_PRIOR_H

#include "compiler/value.h"
#include "util/index.h"

typedef struct cl_prior_inst {
	const char *addr;          /* module.net.aws_subnet.public[1] */
	const char *resource;      /* the address without the key: module.net.aws_subnet.public */
	const char *type;
	const char *provider;      /* as the state records it: provider["registry.terraform.io/hashicorp/aws"].west */
	bool data, tainted, cbd;
	const char *deposed;       /* a deposed object's key, else NULL */
	cl_value *attrs;
	const char **deps;         /* resource addresses it depended on when applied */
	unsigned ndeps;
	bool matched;              /* set by the compiler: configuration still has it */
} cl_prior_inst;

typedef struct cl_prior {
	cl_prior_inst *v;
	unsigned n;
	cl_index by_addr;          /* current objects' addresses -> position in v */
	const char **out_names;    /* the root module's recorded outputs */
	cl_value **out_values;
	unsigned nouts;
} cl_prior;

/* The current (not deposed) object at addr, or NULL. */
cl_prior_inst *cl_prior_find(const cl_prior *p, const char *addr);
/* A recorded root output, or NULL. */
cl_value *cl_prior_output(const cl_prior *p, const char *name);

#endif
