/* config.h: a module's configuration, decoded from its syntax trees: the
 * variables, locals, outputs, providers, resources, data sources and module
 * (and kind) calls, each with its expressions still unevaluated.  Decoding
 * checks the shape (which blocks and arguments exist, duplicates, meta-
 * arguments); evaluating is the walk's business (walk.h). */
#ifndef CL_CONFIG_H
#define CL_CONFIG_H

#include "compiler/load.h"
#include "compiler/schema.h"
#include "compiler/types.h"
#include "util/index.h"

typedef struct cl_module cl_module;

typedef struct cl_validation {
	const cl_expr *condition, *error_message;
	cl_loc loc;
} cl_validation;

typedef struct cl_variable {
	const char *name;
	cl_loc loc;
	const cl_type *type;            /* cl_type_any when not constrained */
	const cl_expr *def;             /* default, or NULL: required */
	const cl_expr *description, *sensitive, *nullable;
	cl_validation *validations;
	unsigned nvalidations;
} cl_variable;

typedef struct cl_local {
	const char *name;
	const cl_expr *expr;
	cl_loc loc;
} cl_local;

/* depends_on = [aws_instance.nat, module.net] (or 0.11's quoted strings). */
typedef struct cl_dependson {
	const cl_expr **v;              /* traversal expressions */
	unsigned n;
} cl_dependson;

/* A precondition, postcondition or check assert. */
typedef struct cl_condition {
	const cl_expr *condition, *error_message;
	cl_loc loc;                     /* the block's type */
} cl_condition;

typedef struct cl_conditions {
	cl_condition *v;
	unsigned n;
} cl_conditions;

typedef struct cl_output {
	const char *name;
	const cl_expr *value, *sensitive, *description;
	cl_dependson depends_on;
	cl_conditions pre;              /* precondition blocks */
	cl_loc loc;
} cl_output;

/* moved { from = a, to = b }, or removed { from = a, lifecycle { destroy
 * = false } } (to NULL, keep true: forgotten, not destroyed). */
typedef struct cl_moved {
	const char *from, *to;          /* resource or module addresses, as written */
	bool keep;
	cl_loc loc;
} cl_moved;

/* import { to = aws_vpc.main  id = "vpc-1" } (Terraform 1.5; for_each as in
 * 1.7): an existing object adopted at plan time (plan/import.c). */
typedef struct cl_import {
	const cl_expr *to;              /* a resource instance address; its keys may use each */
	const cl_expr *id, *for_each;
	const char *provider;           /* "aws.west"; NULL: the resource's own */
	cl_loc loc;
} cl_import;

/* check "name" { assert { ... } }: warnings, never errors. */
typedef struct cl_check {
	const char *name;
	cl_conditions asserts;
	cl_loc loc;
} cl_check;

typedef struct cl_provider {
	const char *name;               /* "aws" */
	const char *alias;              /* or NULL */
	const cl_body *body;
	cl_loc loc;
} cl_provider;

typedef struct cl_lifecycle {
	const cl_expr *create_before_destroy, *prevent_destroy;
	const cl_expr *ignore_changes;  /* list of attribute names, or "all" */
	cl_conditions pre, post;        /* precondition / postcondition blocks */
	cl_loc loc;
} cl_lifecycle;

/* provisioner "local-exec" { command ... } in a resource. */
typedef struct cl_provisioner {
	const char *type;               /* "local-exec", "remote-exec" or "file" */
	const cl_body *body;
	const cl_body *connection;      /* its own connection block; NULL: the resource's */
	bool at_destroy;                /* when = destroy */
	bool keep_going;                /* on_failure = continue */
	cl_loc loc;
} cl_provisioner;

typedef struct cl_resource {
	bool data;
	const char *type, *name;
	cl_loc loc, type_loc;
	const cl_resource_type *rt;     /* NULL when the type is unknown (error given) */
	const cl_body *body;            /* arguments and blocks; meta-arguments skipped */
	const cl_expr *count, *for_each;
	const char *provider;           /* "aws" or "aws.alias" in this module; NULL: "aws" */
	cl_loc provider_loc;
	cl_dependson depends_on;
	cl_lifecycle lifecycle;
	cl_provisioner *provisioners;   unsigned nprovisioners;
	const cl_body *connection;      /* connection { host ... } for remote-exec and file */
	bool legacy_count_index;        /* uses count.index without count (0.11) */
} cl_resource;

typedef struct cl_call {
	const char *name;
	const char *kind;               /* "asg" for a kind block; NULL for module */
	const char *source;             /* module: the source as written */
	const char *key;                /* module: its key in the modules manifest ("net.subnets") */
	cl_loc loc, name_loc;
	const cl_body *body;            /* inputs; meta-arguments skipped */
	const cl_expr *count, *for_each;
	cl_dependson depends_on;
	cl_module *child;               /* loaded and decoded */
	/* providers = { aws = aws.west }: the child's provider (from) is the
	 * caller's (to); both "aws" or "aws.alias". */
	const char **prov_from, **prov_to;
	cl_loc *prov_locs;
	unsigned nprov;
} cl_call;

typedef struct cl_backend {
	const char *type;               /* "s3", "local" */
	const cl_body *body;
	cl_loc loc;
} cl_backend;

struct cl_module {
	const char *dir;                /* path.module */
	const char *kind;               /* a stdlib kind's name, or NULL */
	cl_module_src src;
	cl_variable *vars;     unsigned nvars;
	cl_local *locals;      unsigned nlocals;
	cl_output *outputs;    unsigned noutputs;
	cl_provider *providers; unsigned nproviders;
	cl_resource *resources; unsigned nresources;
	cl_index resource_index;        /* "aws_vpc.main", "data.aws_ami.x" -> position */
	cl_index call_index;            /* "module.net", "asg.app" -> position (the first so named) */
	cl_call *calls;        unsigned ncalls;
	cl_check *checks;      unsigned nchecks;
	cl_moved *moved;       unsigned nmoved;       /* moved { from, to } */
	cl_moved *removed;     unsigned nremoved;     /* removed { from }: to = NULL */
	cl_import *imports;    unsigned nimports;     /* root module only */
	cl_backend *backend;            /* root module only */
	const cl_expr *required_version;
};

/* Load and decode the module at path and every module it calls (local
 * sources and stdlib kinds).  Never NULL; errors are in d. */
cl_module *cl_config_load(cl_arena *a, const char *path, cl_diags *d);

const cl_variable *cl_module_var(const cl_module *m, const char *name);
const cl_local *cl_module_local(const cl_module *m, const char *name);
const cl_output *cl_module_output(const cl_module *m, const char *name);
const cl_resource *cl_module_resource(const cl_module *m, bool data, const char *type, const char *name);
/* The position of that resource in m->resources, or -1. */
int cl_module_resource_at(const cl_module *m, bool data, const char *type, const char *name);
const cl_call *cl_module_call(const cl_module *m, const char *kind, const char *name);
/* The position of the call (kind NULL: a module block), or -1. */
int cl_module_call_at(const cl_module *m, const char *kind, const char *name);
/* Is name a meta-argument of resources (count, for_each, depends_on, provider)? */
bool cl_config_is_meta(const char *name);
/* Is name one of the standard library's kinds ("network", "asg", ...)? */
bool cl_config_is_kind(const char *name);

#endif
