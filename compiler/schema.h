/* schema.h: what the compiler knows of a resource type: its arguments and
 * attributes, which are required, computed or force replacement, its nested
 * blocks.  Providers fill these tables and register them; the compiler reads
 * them through this header only and never includes an executor header. */
#ifndef CL_SCHEMA_H
#define CL_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>

#include "compiler/types.h"
#include "util/arena.h"

typedef enum cl_attr_type {
	CL_AT_STRING, CL_AT_NUMBER, CL_AT_BOOL,
	CL_AT_LIST, CL_AT_SET, CL_AT_MAP,          /* of elem */
	CL_AT_ANY,                                 /* any value (terraform_remote_state's config) */
} cl_attr_type;

enum {
	CL_SA_REQUIRED  = 1 << 0,
	CL_SA_OPTIONAL  = 1 << 1,
	CL_SA_COMPUTED  = 1 << 2,   /* set by AWS when not given */
	CL_SA_FORCE_NEW = 1 << 3,   /* a change replaces the resource */
	CL_SA_SENSITIVE = 1 << 4,
	CL_SA_HASHED    = 1 << 5,   /* state keeps a SHA-1 of the value (user_data) */
	CL_SA_NOCASE    = 1 << 6,   /* AWS changes the case: compare ignoring it */
	CL_SA_POLICY    = 1 << 7,   /* a JSON policy document: compared as a policy (policy.h) */
};

typedef struct cl_schema_attr {
	const char *name;
	cl_attr_type type;
	cl_attr_type elem;          /* for LIST, SET, MAP */
	unsigned flags;             /* CL_SA_* */
	const char *def;            /* default as an HCL literal ("true", "60", "\"EC2\"") or NULL */
	const char *help;           /* one line, for messages and docs */
} cl_schema_attr;

typedef struct cl_schema cl_schema;

typedef enum { CL_NEST_LIST, CL_NEST_SET, CL_NEST_SINGLE } cl_nesting;

typedef struct cl_schema_block {
	const char *name;
	cl_nesting nesting;
	int min, max;               /* blocks allowed; max 0 = no limit */
	unsigned flags;             /* CL_SA_FORCE_NEW, CL_SA_COMPUTED */
	const cl_schema *body;
} cl_schema_block;

struct cl_schema {
	const cl_schema_attr *attrs;    /* terminated by {NULL} */
	const cl_schema_block *blocks;  /* terminated by {NULL}; may be NULL */
};

typedef struct cl_resource_type {
	const char *name;           /* "aws_vpc" */
	bool data;                  /* a data source */
	const cl_schema *schema;
	unsigned expected_ms;       /* typical create time, for the critical path */
	bool serves_traffic;        /* replacing it without create_before_destroy drops traffic */
	const void *provider;       /* the executor's operations; opaque here */
	/* The provider's schema_version for this type, recorded in state with
	 * each object so that Terraform reads our state as its own. */
	unsigned schema_version;
	/* What the plan needs to know of the type, declared by its provider so
	 * that the plan names no type (the downtime lint, the rollout steps): */
	bool serves_when_balanced;  /* serves_traffic only while a load balancer lists it */
	const char *balancer_members; /* a load balancer: its attribute listing member ids */
	bool group_rollout;         /* a create_before_destroy replacement is a rollout:
	                             * the new group's health gate, then the old one drained */
	/* The type's own rule for planning an in-place update (Terraform's
	 * CustomizeDiff): the planned value with what the update computes anew
	 * made unknown (a launch template's latest_version).  NULL: none. */
	struct cl_value *(*plan_update)(cl_arena *a, const struct cl_value *prior, struct cl_value *planned);
	/* A deprecated type: what to use instead (the hint of the warning a
	 * configuration using it gets); NULL otherwise. */
	const char *deprecated;
} cl_resource_type;

void cl_schema_register(const cl_resource_type *t);
const cl_resource_type *cl_schema_find(const char *name, bool data);
/* Every registered type, for suggestions ("did you mean aws_vpc?"). */
const cl_resource_type *const *cl_schema_all(unsigned *n);
const cl_schema_attr *cl_schema_attr_find(const cl_schema *s, const char *name);
const cl_schema_block *cl_schema_block_find(const cl_schema *s, const char *name);
/* fmt -upgrade's question (cl_fmt_block_args in grammar/fmt.h): the
 * arguments of block type block in resource type type. */
unsigned cl_schema_fmt_block_args(const char *type, const char *block, const char **names, bool *required,
                                  unsigned cap);

/* The object type of values of schema s (attributes and blocks), made
 * once per schema and shared (schema_type.c); a is unused. */
const cl_type *cl_schema_type(cl_arena *a, const cl_schema *s);
const cl_type *cl_schema_attr_type(cl_arena *a, const cl_schema_attr *sa);

#endif
