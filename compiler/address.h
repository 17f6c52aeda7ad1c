/* address.h: typed addresses of resource instances, as Terraform's addrs
 * has them (module.net.aws_subnet.public[1], data.aws_ami.x, module.a["x"]),
 * parsed in this one place and printed in this one place.  What an address
 * refers to in a configuration is the compiler's business, not this file's. */
#ifndef CL_ADDRESS_H
#define CL_ADDRESS_H

#include <stdbool.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/buf.h"

typedef enum { CL_KEY_NONE, CL_KEY_INT, CL_KEY_STR } cl_key_kind;

typedef struct cl_key {
	cl_key_kind kind;
	int64_t i;
	const char *s;
} cl_key;

/* Which object at an instance address a plan step is about: the one the
 * configuration describes, the old half of a replacement, or an object
 * deposed by an earlier create_before_destroy (with its deposed key). */
typedef enum cl_addr_phase { CL_PHASE_CURRENT, CL_PHASE_DESTROY, CL_PHASE_DEPOSED } cl_addr_phase;

typedef struct cl_addr_step {
	const char *kind;           /* "module", or a stdlib kind ("network") */
	const char *name;
	cl_key key;
} cl_addr_step;

typedef struct cl_addr {
	const char *module;         /* the path printed: "" for the root, "module.a[\"x\"].module.b" */
	const cl_addr_step *path;   /* ... and as steps */
	unsigned npath;
	bool data;                  /* data.TYPE.NAME */
	const char *type, *name;    /* NULL: the address names a module */
	cl_key key;
	cl_addr_phase phase;        /* never parsed: set by whoever plans the step */
	const char *deposed;        /* CL_PHASE_DEPOSED: the object's deposed key */
} cl_addr;

/* s parsed into *out (strings in a).  Module steps are NAME.NAME[KEY] pairs
 * (a stdlib kind such as network.main is one too); the last pair is the
 * resource unless it starts with "module".  False with a message in *err.
 * This is the only parser of addresses: nothing parses a printed one back. */
bool cl_addr_parse(cl_arena *a, const char *s, cl_addr *out, const char **err);
void cl_addr_print(cl_buf *b, const cl_addr *x);            /* with its key */
void cl_addr_print_resource(cl_buf *b, const cl_addr *x);   /* without */
/* The first depth steps of x's module path ("" for 0). */
void cl_addr_print_module(cl_buf *b, const cl_addr *x, unsigned depth);
/* As the plan names a step: the address, then " (destroy)" for the old half
 * of a replacement or " (deposed KEY)" for a deposed object. */
void cl_addr_print_phase(cl_buf *b, const cl_addr *x);
/* The same, in a. */
const char *cl_addr_str(cl_arena *a, const cl_addr *x);
const char *cl_addr_resource_str(cl_arena *a, const cl_addr *x);
const char *cl_addr_phase_str(cl_arena *a, const cl_addr *x);
void cl_key_print_addr(cl_buf *b, const cl_key *k);         /* [0], ["a"], nothing */

/* Terraform's order: no key, then numbers, then strings. */
int cl_key_compare(const cl_key *x, const cl_key *y);
bool cl_key_equal(const cl_key *x, const cl_key *y);

/* Whether instance address x is selected by filter f, as `state list F`
 * selects: a module selects everything in it and below; a resource without
 * a key all its instances; a filter whose last pair may be a kind module
 * (network.main) selects either reading. */
bool cl_addr_match(const cl_addr *f, const cl_addr *x);
/* Printed addresses in the order Terraform lists them: as text, instance
 * keys compared as numbers when both are (strcmp-like result). */
int cl_addr_order(const char *x, const char *y);
/* Whether module path m is mod or inside it ("module.a" holds "module.a[0].module.b"). */
bool cl_addr_module_within(const char *m, const char *mod);

#endif
