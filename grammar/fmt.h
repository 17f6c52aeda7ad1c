/* fmt.h: canonical layout of .cl/.tf files (clicamosc fmt), the way
 * terraform fmt lays them out; -upgrade also rewrites Terraform 0.11 forms.
 * Works on the token stream, so comments and line breaks are kept; it never
 * evaluates anything. */
#ifndef CL_FMT_H
#define CL_FMT_H

#include <stdbool.h>
#include <stdio.h>

#include "util/diag.h"

/* What fmt -upgrade asks of the provider's schemas, which grammar does not
 * know: the arguments of block type BLOCK in resource type TYPE, at most
 * cap, into names (required[i]: it must be set); how many, 0 when TYPE has
 * no such block.  A block written as a list of maps becomes a dynamic
 * block naming each. */
typedef unsigned cl_fmt_block_args(const char *type, const char *block, const char **names, bool *required,
                                   unsigned cap);

/* The formatted text (heap, caller frees), or NULL when src does not parse;
 * the reasons are then in d.  upgrade: NULL for plain fmt, whose result has
 * the syntax tree of src (fmt checks that before it answers); else -upgrade,
 * which asks it about block types. */
char *cl_fmt(const cl_source *src, cl_diags *d, cl_fmt_block_args *upgrade);

/* The fmt command over files, directories (their *.cl, *.tf, *.tfvars and
 * *.clvars files, not recursively) and "-" (stdin to out).  By default
 * rewrites changed files in place and lists them; check: write nothing,
 * list; diff: print unified diffs; write=false: print the formatted text.
 * Returns the exit status: 0, 1 on errors, 3 when check found changes. */
int cl_fmt_command(char **paths, unsigned npaths, bool check, bool diff, bool write,
                   cl_fmt_block_args *upgrade, bool color, FILE *out, FILE *err);

#endif
