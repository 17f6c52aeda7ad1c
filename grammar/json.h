/* json.h: HCL's JSON syntax (*.tf.json, *.cl.json, *.tfvars.json), read
 * into the same syntax tree as the native syntax.  JSON alone cannot say
 * whether a property is an argument or a block (and with how many labels):
 * the caller's schema answers, as hcldec's spec does for HCL. */
#ifndef CL_JSON_H
#define CL_JSON_H

#include "grammar/ast.h"

typedef enum cl_json_kind {
	CL_JSON_ATTR,    /* an argument; its strings are templates */
	CL_JSON_EXPR,    /* an argument whose strings are expressions (type, depends_on, provider) */
	CL_JSON_BLOCK,   /* a block type with nlabels labels */
} cl_json_kind;

typedef struct cl_json_key {
	cl_json_kind kind;
	unsigned nlabels;
} cl_json_key;

/* What key means in the body of chain[n-1] (n = 0: the file's top level);
 * chain holds the enclosing blocks, type and labels set. */
typedef cl_json_key cl_json_schema(const cl_block *const *chain, unsigned n, const char *key);

/* Parse a JSON file.  Never NULL: on errors the result holds what could be
 * read and d holds the diagnostics, at the JSON line and column. */
cl_file *cl_parse_json_file(cl_arena *a, const cl_source *src, cl_json_schema *schema, cl_diags *d);
/* A schema for files of arguments only (variables files, the spec suite). */
cl_json_key cl_json_all_attrs(const cl_block *const *chain, unsigned n, const char *key);
/* Is path a JSON file by its name (ends in ".json")? */
bool cl_json_path(const char *path);

#endif
