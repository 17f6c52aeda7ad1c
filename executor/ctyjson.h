/* ctyjson.h: the JSON forms Terraform's state uses for types ("string",
 * ["list","string"], ["object",{...}]) and for paths to sensitive values
 * ([{"type":"get_attr","value":"password"}, {"type":"index",...}]), to and
 * from the compiler's types and marked values.  Values themselves are
 * cl_value_to_json / cl_value_from_json (compiler/value.h). */
#ifndef CL_CTYJSON_H
#define CL_CTYJSON_H

#include <jansson.h>

#include "compiler/value.h"

json_t *cl_ctyjson_type(const cl_type *t);
/* "dynamic" and anything unknown read as any. */
const cl_type *cl_ctyjson_parse_type(cl_arena *a, const json_t *j);

/* The paths of v's sensitive-marked parts (sensitive_attributes). */
json_t *cl_ctyjson_sensitive_paths(const cl_value *v);
/* v with the part at path marked sensitive (copied along the path; the
 * whole of v when the path no longer fits it). */
cl_value *cl_ctyjson_mark(cl_arena *a, cl_value *v, const json_t *path);

/* A value a provider read, converted to the schema's type t through its
 * JSON form, as state holds it: a new value in a (the JSON between is
 * freed here); NULL with *err set when it does not convert. */
cl_value *cl_ctyjson_retype(cl_arena *a, const cl_value *v, const cl_type *t, const char **err);

#endif
