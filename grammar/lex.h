/* lex.h: the scanner as a token stream, for tools that work on the text
 * rather than the tree (fmt).  Every token keeps its source range; comments
 * and every newline are included on request.  Parsing is in ast.h. */
#ifndef CL_LEX_H
#define CL_LEX_H

#include "grammar/ast.h"

typedef enum cl_token_kind {
	CL_T_EOF,
	CL_T_NEWLINE,
	CL_T_COMMENT,         /* "# ...", "// ..." or a block comment, as written */
	CL_T_IDENT,           /* also true, false, null and the for keywords */
	CL_T_NUMBER,
	CL_T_OQUOTE,          /* the quotes around a quoted template */
	CL_T_CQUOTE,
	CL_T_STRING,          /* literal text of a template, as written */
	CL_T_HEREDOC_BEGIN,   /* "<<EOT\n" or "<<-EOT\n" */
	CL_T_HEREDOC_END,     /* the closing word */
	CL_T_INTERP,          /* "${" or "${~" */
	CL_T_DIRECTIVE,       /* "%{ if", "%{~ endfor", ... */
	CL_T_TEMPLATE_END,    /* "}" or "~}" closing the two above */
	CL_T_BLOCK_OPEN,      /* the braces of a block body */
	CL_T_BLOCK_CLOSE,
	CL_T_PUNCT,           /* operators, brackets, object braces, "=", ",", ... */
	CL_T_ERROR,           /* a character that starts no token (diagnosed) */
} cl_token_kind;

typedef struct cl_token {
	uint8_t kind;         /* cl_token_kind */
	cl_loc loc;
	const char *text;     /* points into the source; len bytes; "" when the
	                         token was implied (the newline after a "}") */
	uint32_t len;
} cl_token;

/* Scan a whole file.  The array (ending with CL_T_EOF) lives in a; errors go
 * to d.  keep_comments: include comments and every newline. */
cl_token *cl_lex_tokens(cl_arena *a, const cl_source *src, cl_diags *d, bool keep_comments, size_t *n);

#endif
