/* ast.h: the syntax tree of one .cl/.tf file, as the parser builds it.
 * Every node lives in the parse arena and keeps its source range (a file id
 * and byte offsets; line and column are computed only for messages).  The
 * tree is syntax only: nothing here knows what a resource or a value is. */
#ifndef CL_AST_H
#define CL_AST_H

#include <stdbool.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/diag.h"

typedef struct cl_expr cl_expr;
typedef struct cl_body cl_body;

/* Where a node is: the file (see cl_source_register) and byte offsets. */
typedef struct cl_loc {
	uint16_t file;
	uint32_t start, end;
} cl_loc;

typedef enum cl_expr_kind {
	CL_E_NUMBER,      /* u.text: the literal as written ("1e3") */
	CL_E_BOOL,        /* u.boolean */
	CL_E_NULL,
	CL_E_STRING,      /* u.str: a literal piece of a template, escapes decoded */
	CL_E_TEMPLATE,    /* u.list: parts (STRING, interpolated exprs, TMPL_IF, TMPL_FOR) */
	CL_E_TMPL_IF,     /* u.cond: %{if a}b%{else}c%{endif}; b and c are TEMPLATEs (c may be NULL) */
	CL_E_TMPL_FOR,    /* u.forx: %{for k, v in coll}body%{endfor}; val is a TEMPLATE */
	CL_E_VAR,         /* u.name: a root variable (var, local, aws_vpc, count, each, ...) */
	CL_E_GETATTR,     /* u.attr: obj.name */
	CL_E_INDEX,       /* u.index: coll[key], or legacy coll.0 (flag CL_F_LEGACY) */
	CL_E_SPLAT,       /* u.splat: src[*].each or src.*.each; each is built on SPLAT_ITEM */
	CL_E_SPLAT_ITEM,  /* the anonymous element inside a splat's each */
	CL_E_CALL,        /* u.call: name(args...), flag CL_F_EXPAND for a final "..." */
	CL_E_TUPLE,       /* u.list */
	CL_E_OBJECT,      /* u.object */
	CL_E_FOR,         /* u.forx: [for ...] or {for ...} */
	CL_E_UNARY,       /* u.op: op a */
	CL_E_BINARY,      /* u.op: a op b */
	CL_E_COND,        /* u.cond: a ? b : c */
	CL_E_PAREN,       /* u.op.a: (a), kept for object keys and fmt -upgrade */
} cl_expr_kind;

typedef enum cl_op {
	CL_OP_NONE,
	CL_OP_NOT, CL_OP_NEG,                                   /* unary */
	CL_OP_MUL, CL_OP_DIV, CL_OP_MOD, CL_OP_ADD, CL_OP_SUB,  /* binary */
	CL_OP_LT, CL_OP_GT, CL_OP_LE, CL_OP_GE, CL_OP_EQ, CL_OP_NE,
	CL_OP_AND, CL_OP_OR,
} cl_op;

enum {
	CL_F_EXPAND   = 1 << 0,   /* CALL: last argument followed by "..." */
	CL_F_LEGACY   = 1 << 1,   /* INDEX: written .0; SPLAT: written .* (attribute-only) */
	CL_F_HEREDOC  = 1 << 2,   /* TEMPLATE: from a heredoc */
	CL_F_QUOTED   = 1 << 3,   /* TEMPLATE: from a quoted string (not a heredoc) */
	CL_F_GROUP    = 1 << 4,   /* FOR: object for with "..." grouping */
	CL_F_OBJFOR   = 1 << 5,   /* FOR: {for ...} rather than [for ...] */
};

typedef struct cl_objitem {
	cl_expr *key, *value;
	bool key_is_name;          /* bare identifier key: the literal name, not a variable */
} cl_objitem;

typedef struct cl_forx {
	const char *key_var;       /* NULL when only one variable is given */
	const char *val_var;
	cl_loc key_loc, val_loc;
	cl_expr *coll;
	cl_expr *key;              /* object for: the key expression; else NULL */
	cl_expr *val;
	cl_expr *cond;             /* "if" clause or NULL */
} cl_forx;

struct cl_expr {
	uint8_t kind;              /* cl_expr_kind */
	uint8_t op;                /* cl_op for UNARY/BINARY */
	uint16_t flags;            /* CL_F_* */
	cl_loc loc;
	union {
		const char *text;                                  /* NUMBER */
		bool boolean;                                      /* BOOL */
		struct { const char *s; uint32_t len; } str;       /* STRING */
		const char *name;                                  /* VAR */
		struct { cl_expr **v; uint32_t n; } list;          /* TEMPLATE, TUPLE, CALL args */
		struct { cl_expr *obj; const char *name; cl_loc name_loc; } attr;   /* GETATTR */
		struct { cl_expr *coll, *key; } index;             /* INDEX */
		struct { cl_expr *src, *each; } splat;             /* SPLAT; each NULL = the item */
		struct { const char *name; cl_expr **v; uint32_t n; cl_loc name_loc; } call;   /* packed: 48-byte nodes */
		struct { cl_objitem *v; uint32_t n; } object;
		cl_forx *forx;                                     /* FOR, TMPL_FOR */
		struct { cl_expr *a, *b; } op;                     /* UNARY (a), BINARY, PAREN (a) */
		struct { cl_expr *c, *t, *f; } cond;               /* COND, TMPL_IF */
	} u;
};

typedef struct cl_attr {
	const char *name;
	cl_loc name_loc;
	cl_expr *expr;
	cl_loc loc;                /* whole "name = expr" */
} cl_attr;

typedef struct cl_label {
	const char *s;             /* decoded */
	uint32_t len;
	bool quoted;
	cl_loc loc;
} cl_label;

typedef struct cl_block {
	const char *type;
	cl_loc type_loc;
	cl_label *labels;
	uint32_t nlabels;
	cl_body *body;
	cl_loc open_loc, close_loc;   /* the braces */
	cl_loc loc;                   /* whole block */
} cl_block;

typedef struct cl_item {
	cl_attr *attr;             /* exactly one of attr and block is set */
	cl_block *block;
} cl_item;

struct cl_body {
	cl_item *v;                /* in source order */
	uint32_t n;
	cl_loc loc;
};

typedef struct cl_file {
	const cl_source *src;
	uint16_t id;               /* cl_source_register id, as in every cl_loc */
	cl_body *body;
} cl_file;

/* Parse a whole file.  Never NULL: on errors the result holds what could be
 * parsed and d holds the diagnostics (several per file when possible). */
cl_file *cl_parse_file(cl_arena *a, const cl_source *src, cl_diags *d);
/* Parse one expression (console, -var values); NULL on error. */
cl_expr *cl_parse_expr(cl_arena *a, const cl_source *src, cl_diags *d);
/* Parse a template with no surrounding quotes (templatefile()); NULL on error. */
cl_expr *cl_parse_template(cl_arena *a, const cl_source *src, cl_diags *d);

/* Parse bytes [start, end) of text as a template, or (expr) as an
 * expression: the strings of a JSON file.  text is the registered source
 * file's (id) text, or a copy with strings decoded in place; the nodes and
 * diagnostics point into file.  NULL on error. */
cl_expr *cl_parse_range(cl_arena *a, const cl_source *file, unsigned id, const char *text, uint32_t start,
                        uint32_t end, bool expr, cl_diags *d);

/* The range of a node, for diagnostics. */
cl_range cl_loc_range(cl_loc l);
const char *cl_expr_kind_name(cl_expr_kind k);

#endif
