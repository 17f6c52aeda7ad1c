/* ast_json.h: two views of a syntax tree for people and tests: the JSON
 * that hcl2json (npm @cdktf/hcl2json) gives for the same file, and a debug
 * dump with one node per line and its line:col range. */
#ifndef CL_AST_JSON_H
#define CL_AST_JSON_H

#include <stdio.h>

#include "grammar/ast.h"

/* The file's body in hcl2json's shape: blocks grouped by type, then by
 * label, into arrays; expressions that are not constant as "${...}".
 * A heap string the caller frees. */
char *cl_ast_json(const cl_file *f);
/* An indented tree: "kind details line:col-line:col" per node. */
void cl_ast_dump(FILE *out, const cl_file *f);
void cl_ast_dump_expr(FILE *out, const cl_expr *e);

#endif
