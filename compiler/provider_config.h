/* provider_config.h: a provider block as the plan evaluated it: each
 * argument's value and where it was written, each nested block the same
 * way.  The plan evaluates it (plan/plan.h); the provider only reads it
 * (executor/aws/settings.c), so that no provider evaluates configuration. */
#ifndef CL_PROVIDER_CONFIG_H
#define CL_PROVIDER_CONFIG_H

#include "compiler/value.h"
#include "util/diag.h"

typedef struct cl_provider_arg {
	const char *name;
	cl_value *value;            /* as evaluated (marks kept); NULL after an error */
	cl_range at;                /* the expression */
} cl_provider_arg;

typedef struct cl_provider_config cl_provider_config;
typedef struct cl_provider_config_block {
	const char *type;           /* "endpoints", "default_tags" */
	const cl_provider_config *body;
} cl_provider_config_block;

struct cl_provider_config {
	cl_range at;                /* the provider block */
	const cl_provider_arg *args;
	unsigned nargs;
	const cl_provider_config_block *blocks;
	unsigned nblocks;
};

/* The argument name of c, or NULL. */
const cl_provider_arg *cl_provider_config_arg(const cl_provider_config *c, const char *name);

#endif
