/* types.h: the types of values (string, number, bool, list(T), set(T),
 * map(T), tuple([...]), object({...}), any) and type constraints written in
 * a configuration ("list(object({ name = string }))").  Converting a value to
 * a type is convert.h; this file only describes, compares and prints types. */
#ifndef CL_TYPES_H
#define CL_TYPES_H

#include <stdbool.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"

typedef struct cl_expr cl_expr;

typedef enum cl_type_kind {
	CL_T_ANY,       /* "any": not yet known, or anything (cty's DynamicPseudoType) */
	CL_T_BOOL, CL_T_NUMBER, CL_T_STRING,
	CL_T_LIST, CL_T_SET, CL_T_MAP,   /* elem */
	CL_T_TUPLE,                      /* n elems */
	CL_T_OBJECT,                     /* n attributes, names sorted */
} cl_type_kind;

typedef struct cl_type cl_type;
struct cl_type {
	uint8_t kind;
	uint32_t n;                 /* TUPLE, OBJECT */
	const cl_type *elem;        /* LIST, SET, MAP */
	const cl_type **elems;      /* TUPLE elements; OBJECT attribute types */
	const char **names;         /* OBJECT attribute names, sorted (strcmp) */
	const bool *optional;       /* OBJECT constraint: optional(T) attributes, or NULL */
	const cl_expr **default_exprs;   /* optional(T, default): the defaults as written, or NULL */
	struct cl_value **defaults;      /* ... and their values (cl_type_eval_defaults), or NULL */
};

extern const cl_type cl_type_any, cl_type_bool, cl_type_number, cl_type_string;

const cl_type *cl_type_collection(cl_arena *a, cl_type_kind k, const cl_type *elem);
/* The static types: the primitives, "any", and list, set and map of each;
 * cl_type_static_id numbers them 0 .. CL_TYPE_NSTATIC - 1 (else -1). */
enum { CL_TYPE_NSTATIC = 16 };
int cl_type_static_id(const cl_type *t);
const cl_type *cl_type_static(int id);
const cl_type *cl_type_tuple(cl_arena *a, const cl_type **elems, uint32_t n);
/* names need not be sorted; they are sorted (with their types) in the copy. */
const cl_type *cl_type_object(cl_arena *a, const char **names, const cl_type **types, uint32_t n);

bool cl_type_equal(const cl_type *a, const cl_type *b);
bool cl_type_is_primitive(const cl_type *t);
bool cl_type_has_any(const cl_type *t);   /* contains "any" somewhere */
/* Index of attribute name in an object type, or -1. */
int cl_type_attr(const cl_type *t, const char *name);

/* As written in a configuration: "list(string)", "object({a=number})". */
void cl_type_print(cl_buf *b, const cl_type *t);
/* As cty's FriendlyName, for messages: "list of string", "object", "tuple". */
const char *cl_type_friendly(cl_arena *a, const cl_type *t);

/* A type constraint from its expression (variable "x" { type = ... }).
 * NULL with a diagnostic on an invalid one. */
const cl_type *cl_type_parse(cl_arena *a, const cl_expr *e, cl_diags *d);

#endif
