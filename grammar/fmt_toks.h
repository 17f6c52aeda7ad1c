/* fmt_toks.h: the token list that fmt lays out and fmt -upgrade rewrites.
 * Private to fmt*.c.  Spacing is not kept: fmt decides it;
 * line breaks are NEWLINE tokens; a heredoc is one token, copied as written. */
#ifndef CL_FMT_TOKS_H
#define CL_FMT_TOKS_H

#include "grammar/fmt.h"
#include "grammar/lex.h"

enum { FT_HEREDOC = 64 };   /* kind of a whole heredoc, "<<EOT" to "EOT" */

typedef struct fmt_tok {
	uint8_t kind;           /* cl_token_kind, or FT_HEREDOC */
	const char *s;          /* the text, len bytes (not NUL-terminated) */
	uint32_t len;
} fmt_tok;

typedef struct fmt_toks {
	fmt_tok *v;             /* ends with a CL_T_EOF token */
	size_t n, cap;
} fmt_toks;

void fmt_push(fmt_toks *t, uint8_t kind, const char *s, size_t len);
/* Punctuation or a name with exactly this text. */
bool fmt_is(const fmt_tok *t, const char *text);
/* +1 for an opener (brackets, braces, "${", "%{"), -1 for a closer, else 0. */
int fmt_nesting(const fmt_tok *t);

/* Rewrite Terraform 0.11 forms (see fmt.h); in is left as it was. */
fmt_toks fmt_upgrade(const fmt_toks *in, cl_fmt_block_args *schema);

/* The two trees are the same but for the ranges of their nodes. */
bool fmt_same_tree(const cl_file *a, const cl_file *b);

#endif
