/* parse.h: what the scanner (lexer.l), the grammar (parser.y) and the node
 * constructors (ast.c) share inside grammar/: the parse context, token
 * values and locations.  Private to grammar/; users include grammar/ast.h. */
#ifndef CL_PARSE_H
#define CL_PARSE_H

#include "grammar/ast.h"
#include "util/buf.h"

/* Bison's location: byte offsets into the source, end exclusive. */
typedef struct cl_yyltype {
	uint32_t start, end;
} cl_yyltype;

/* Deepest nesting accepted: brackets, templates and expression trees alike.
 * Everything that walks the tree may recurse this deep and no deeper. */
enum { CL_MAX_DEPTH = 1000 };

/* A token's value: identifier and number text (in the arena), heredoc
 * markers; flags carry the template strip markers ("${~", "~}"). */
enum { TOK_STRIP = 1, TOK_FLUSH = 2 };
typedef struct cl_tok {
	const char *s;
	uint32_t len;
	uint32_t flags;
} cl_tok;

/* An expression under construction and the depth of its tree, so that the
 * depth limit is checked without walking. */
typedef struct cl_pexpr {
	cl_expr *e;
	uint32_t depth;
} cl_pexpr;

/* A list being built: its elements sit on the context's scratch stack from
 * byte offset mark; finishing it copies them into the arena. */
typedef struct cl_list {
	uint32_t mark, n;
} cl_list;

/* A for head ("for k, v in coll") and the depth of coll. */
typedef struct cl_forhead {
	cl_forx *x;
	uint32_t depth;
} cl_forhead;

/* Bison's semantic value (api.value.type). */
typedef union cl_semval {
	cl_tok tok;
	cl_pexpr node;
	cl_list list;
	cl_attr *attr;
	cl_block *block;
	cl_body *body;
	cl_forhead forx;
	int flags;
} cl_semval;

/* The scanner's stack of open constructs; it decides what a newline means,
 * which "}" closes what, and which start condition is current. */
typedef enum frame_kind {
	FR_BODY,       /* a file or block body: newlines end attributes */
	FR_OBJECT,     /* { ... } object constructor: newlines separate items */
	FR_FOROBJ,     /* { for ... }: newlines ignored */
	FR_PAREN,      /* ( ... ) */
	FR_BRACKET,    /* [ ... ], including [for ...] */
	FR_EXPR,       /* the root of cl_parse_expr: newlines ignored */
	FR_INTERP,     /* ${ ... } */
	FR_DIRECTIVE,  /* %{ ... } */
	FR_QUOTED,     /* "...": a template */
	FR_HEREDOC,    /* <<EOT ... EOT: a template */
	FR_TEMPLATE,   /* the root of cl_parse_template */
} frame_kind;

enum { FOR_NONE, FOR_HEAD, FOR_BODY };

typedef struct cl_frame {
	uint8_t kind;           /* frame_kind */
	uint8_t for_state;      /* FOR_*: where "in" and "if" are keywords */
	bool attr;              /* FR_BODY: "=" seen on this line */
	bool sol;               /* templates: the next literal starts a line */
	bool ltrim;             /* templates: "~}" asks to trim the next literal */
	bool flush;             /* FR_HEREDOC: "<<-" */
	uint32_t open, open_end;    /* the opener's range */
	const char *marker;     /* FR_HEREDOC: the closing word */
	uint32_t marker_len;
	uint32_t flush_mark;    /* FR_HEREDOC: first of its literals in ctx->flush */
	uint32_t min_indent;    /* FR_HEREDOC "<<-": smallest indentation so far */
} cl_frame;

typedef struct cl_intern cl_intern;

typedef struct cl_parser {
	cl_arena *a;
	const cl_source *src;
	const cl_source *shown; /* what diagnostics point at: src, or the whole file src is a prefix of */
	uint16_t file;
	cl_diags *d;
	void *scanner;

	/* scanner state */
	uint32_t off;           /* bytes consumed so far */
	size_t readoff;         /* bytes handed to flex so far */
	cl_frame *frames;
	uint32_t nframes, capframes;
	int start_token;        /* the first token: which grammar to parse */
	int prev;               /* the last token returned */
	int before_tok;         /* and the one before it, with its range */
	cl_yyltype last, before;
	int pending;            /* a token to return before scanning on */
	cl_semval pending_v;
	cl_yyltype pending_l;
	bool block_closed;      /* the last token closed a block: a newline must follow */
	bool stop;              /* a fatal scanner error: return end of file */
	bool eof_reported;      /* the scanner explained the end of file already */
	uint32_t lexerr_off;    /* the scanner reported an error at this offset */
	bool lexerr;
	uint8_t unclosed_kind;  /* a closer skipped this unclosed frame ... */
	uint32_t unclosed_open, unclosed_open_end, unclosed_at;   /* ... at unclosed_at */
	bool lit_active;        /* a literal is being collected in lit */
	cl_buf lit;
	uint32_t lit_start;
	bool keep_comments;     /* cl_lex_tokens for fmt */

	/* parser state */
	unsigned char *scratch; /* the stack the open lists live on */
	size_t nscratch, capscratch;
	struct cl_flushlit *flush;  /* heredoc literals awaiting "<<-" indentation */
	uint32_t nflush, capflush;
	cl_intern *names;
	bool too_deep;

	/* results */
	cl_body *body;
	cl_pexpr expr;
} cl_parser;

cl_loc ast_loc(cl_parser *p, const cl_yyltype *l);
cl_range ast_range(cl_parser *p, uint32_t start, uint32_t end);
const char *ast_intern(cl_parser *p, const char *s, size_t n);

/* Lists on the scratch stack. */
cl_list ast_list(cl_parser *p);
cl_list ast_push(cl_parser *p, cl_list l, const void *elem, size_t size);

/* Bodies. */
cl_list ast_body_add_attr(cl_parser *p, cl_list body, cl_attr *attr);
cl_list ast_body_add_block(cl_parser *p, cl_list body, cl_block *b);
cl_body *ast_body(cl_parser *p, cl_list items, const cl_yyltype *l);
cl_attr *ast_attr(cl_parser *p, const cl_tok *name, const cl_yyltype *nl, cl_pexpr e, const cl_yyltype *l);
cl_list ast_label(cl_parser *p, cl_list labels, const cl_tok *s, bool quoted, const cl_yyltype *l);
cl_list ast_label_tmpl(cl_parser *p, cl_list labels, cl_pexpr t, const cl_yyltype *l);
cl_block *ast_block(cl_parser *p, const cl_tok *type, const cl_yyltype *tl, cl_list labels,
                    cl_body *body, const cl_yyltype *open, const cl_yyltype *close, const cl_yyltype *l);
cl_body *ast_oneline(cl_parser *p, cl_attr *attr, const cl_yyltype *l);
void ast_file(cl_parser *p, cl_body *body);

/* Expressions. */
cl_pexpr ast_number(cl_parser *p, const cl_tok *t, const cl_yyltype *l);
cl_pexpr ast_var(cl_parser *p, const cl_tok *t, const cl_yyltype *l);
cl_pexpr ast_unary(cl_parser *p, int op, cl_pexpr a, const cl_yyltype *l);
cl_pexpr ast_binary(cl_parser *p, int op, cl_pexpr a, cl_pexpr b, const cl_yyltype *l);
cl_pexpr ast_cond(cl_parser *p, cl_pexpr c, cl_pexpr t, cl_pexpr f, const cl_yyltype *l);
cl_pexpr ast_paren(cl_parser *p, cl_pexpr a, const cl_yyltype *l);
cl_pexpr ast_getattr(cl_parser *p, cl_pexpr obj, const cl_tok *name, const cl_yyltype *nl, const cl_yyltype *l);
cl_pexpr ast_legacy_index(cl_parser *p, cl_pexpr obj, const cl_tok *num, const cl_yyltype *nl, const cl_yyltype *l);
cl_pexpr ast_index(cl_parser *p, cl_pexpr coll, cl_pexpr key, const cl_yyltype *l);
cl_pexpr ast_splat(cl_parser *p, cl_pexpr src, bool attr_only, const cl_yyltype *star, const cl_yyltype *l);
cl_pexpr ast_call(cl_parser *p, const cl_tok *name, const cl_yyltype *nl, cl_list args, bool expand, const cl_yyltype *l);
cl_list ast_exprs_add(cl_parser *p, cl_list l, cl_pexpr e);
cl_pexpr ast_tuple(cl_parser *p, cl_list elems, const cl_yyltype *l);
cl_list ast_objitem(cl_parser *p, cl_list items, cl_pexpr key, cl_pexpr value);
cl_pexpr ast_object(cl_parser *p, cl_list items, const cl_yyltype *l);
cl_forhead ast_forhead(cl_parser *p, const cl_tok *k, const cl_yyltype *kl, const cl_tok *v, const cl_yyltype *vl, cl_pexpr coll);
cl_pexpr ast_for(cl_parser *p, cl_forhead h, cl_pexpr key, cl_pexpr val, cl_pexpr cond, int flags, const cl_yyltype *l);
cl_pexpr ast_none(void);

/* Templates.  The scanner hands over literal parts already built (STRLIT);
 * strip markers and "<<-" indentation are applied by ast_literal and
 * ast_heredoc_end as the scanner sees them. */
cl_pexpr ast_literal(cl_parser *p, cl_frame *f, bool rtrim);
void ast_template_part(cl_parser *p, cl_frame *f);
void ast_heredoc_end(cl_parser *p, cl_frame *f);
cl_list ast_tpart(cl_parser *p, cl_list parts, cl_pexpr e);
cl_pexpr ast_template(cl_parser *p, cl_list parts, int flags, const cl_yyltype *l);
cl_pexpr ast_tmpl_if(cl_parser *p, cl_pexpr c, cl_list t, cl_list f, const cl_yyltype *l);
cl_pexpr ast_tmpl_for(cl_parser *p, cl_forhead h, cl_list body, const cl_yyltype *l);

/* Diagnostics. */
void ast_error(cl_parser *p, uint32_t start, uint32_t end, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void ast_warning(cl_parser *p, uint32_t start, uint32_t end, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Before and after a parse: the UTF-8 check, freeing the scratch space. */
void ast_check_source(cl_parser *p);
void ast_done(cl_parser *p);

/* The scanner's side of a parse (lexer.l). */
void cl_scanner_init(cl_parser *p);
void cl_scanner_free(cl_parser *p);

#endif
