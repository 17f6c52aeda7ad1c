/* diff.h: the one value printer of the views: a value, or the difference
 * between two, as Terraform 1.x prints them (symbols, "->", sensitive and
 * unknown values, heredocs, nested blocks).  Used by the plan text
 * (plan_render.c) and state show (state_cmd.c); what the plan decides is
 * not here. */
#ifndef CL_DIFF_H
#define CL_DIFF_H

#include "compiler/dag.h"
#include "compiler/schema.h"

#define CL_ANSI_BOLD   "\x1b[1m"
#define CL_ANSI_RED    "\x1b[31m"
#define CL_ANSI_GREEN  "\x1b[32m"
#define CL_ANSI_YELLOW "\x1b[33m"
#define CL_ANSI_CYAN   "\x1b[36m"
#define CL_ANSI_GRAY   "\x1b[90m"
#define CL_ANSI_RESET  "\x1b[0m"

/* Flags of one printed change. */
enum {
	F_NOSUFFIX = 1,     /* a deletion does not end in "-> null" (inside a collection) */
	F_FORCES = 2,       /* this change is why the resource is replaced */
	F_ALL = 4,          /* show unchanged children too */
	F_SENSITIVE = 8,    /* the schema says so, whatever the marks */
};

/* Where the text goes: b, in colour or not; scratch strings live in a.
 * state: a state's values as state show prints them (one value, o NULL):
 * no symbol column, every attribute, "" shown, map keys quoted, names as
 * the state holds them, a list of objects taken for blocks without a schema. */
typedef struct cl_diff_printer {
	cl_buf *b;
	bool color;
	cl_arena *a;        /* scratch */
	bool state;
} cl_diff_printer;

/* Values as the plan compares them. */
const cl_value *cl_diff_present(const cl_value *v);          /* v, or NULL for null */
bool cl_diff_sensitive(const cl_value *v);
/* Equal as the plan shows values: structure and primitives, whether the
 * collection is a list or a tuple, a map or an object; nulls alike. */
bool cl_diff_same(const cl_value *x, const cl_value *y);
cl_action cl_diff_change(const cl_value *o, const cl_value *n);   /* o -> n: create, update, delete, no-op */
const cl_value *cl_diff_get(const cl_value *v, const char *key);
const cl_value *cl_diff_one(cl_arena *a, const cl_value *v);     /* a single nested block's object */

void cl_diff_paint(cl_diff_printer *p, const char *color, const char *s);
void cl_diff_symbol(cl_diff_printer *p, cl_action a);                /* "  + ", "  ~ ", ... */
void cl_diff_replace_symbol(cl_diff_printer *p, bool create_first); /* "+/-" or "-/+" */
size_t cl_diff_label_width(const char *key, bool quote);
void cl_diff_padded(cl_diff_printer *p, const char *key, bool quote, size_t width);
/* o -> n at indentation level (either may be NULL). */
void cl_diff_value(cl_diff_printer *p, const cl_value *o, const cl_value *n, int level, unsigned fl);
/* A resource's attributes and nested blocks by schema s; reason is NULL
 * outside a replacement, else the attribute forcing it ("" when none). */
void cl_diff_block(cl_diff_printer *p, const cl_schema *s, const cl_value *o, const cl_value *n, int level, unsigned fl,
                   const char *reason);

#endif
