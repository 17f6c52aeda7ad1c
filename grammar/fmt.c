/* fmt.c: the layout of clicamosc fmt, after hclwrite (terraform fmt).  The
 * file is cut into lines at its line breaks; each line is indented by the
 * brackets left open before it, spaced token by token, and the "=" and the
 * end-of-line comments of neighbouring lines are aligned.  Only whitespace
 * changes: never a token, a line break the user made, a comment or the text
 * of a heredoc, which fmt_same.c checks.  The command is view/fmt_cmd.c, -upgrade
 * fmt_upgrade.c. */
#include "grammar/fmt.h"
#include "grammar/fmt_toks.h"
#include "util/buf.h"
#include "util/fatal.h"

#include <stdlib.h>
#include <string.h>

void fmt_push(fmt_toks *t, uint8_t kind, const char *s, size_t len)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 256;
		t->v = cl_xrealloc(t->v, t->cap * sizeof *t->v);
	}
	t->v[t->n++] = (fmt_tok){ kind, s, (uint32_t)len };
}

bool fmt_is(const fmt_tok *t, const char *text)
{
	return (t->kind == CL_T_PUNCT || t->kind == CL_T_IDENT) &&
	       t->len == strlen(text) && memcmp(t->s, text, t->len) == 0;
}

int fmt_nesting(const fmt_tok *t)
{
	switch (t->kind) {
	case CL_T_BLOCK_OPEN: case CL_T_INTERP: case CL_T_DIRECTIVE: return 1;
	case CL_T_BLOCK_CLOSE: case CL_T_TEMPLATE_END: return -1;
	case CL_T_PUNCT:
		if (t->len == 1 && memchr("([{", t->s[0], 3))
			return 1;
		if (t->len == 1 && memchr(")]}", t->s[0], 3))
			return -1;
		return 0;
	default: return 0;
	}
}

/* ---- from the scanner's tokens to ours ---- */

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* "%{ if" is one token for the scanner; fmt writes it "%{if". */
static void push_directive(cl_arena *a, fmt_toks *out, const cl_token *t)
{
	size_t head = t->len > 2 && t->text[2] == '~' ? 3 : 2, w = head;
	while (w < t->len && (is_space(t->text[w]) || t->text[w] == '\n'))
		w++;
	char *s = cl_arena_alloc(a, head + (t->len - w) + 1);
	memcpy(s, t->text, head);
	memcpy(s + head, t->text + w, t->len - w);
	fmt_push(out, CL_T_DIRECTIVE, s, head + (t->len - w));
}

static fmt_toks collect(cl_arena *a, const cl_token *t, size_t n)
{
	fmt_toks out = { 0 };
	for (size_t i = 0; i < n; i++) {
		switch (t[i].kind) {
		case CL_T_NEWLINE:
			if (t[i].len)   /* the scanner's implied newlines are not the user's */
				fmt_push(&out, CL_T_NEWLINE, "\n", 1);
			break;
		case CL_T_HEREDOC_BEGIN: {
			/* Up to the matching end marker (heredocs nest inside "${"),
			 * with the marker's own indentation: all of it as written. */
			size_t j = i, depth = 0;
			for (; j < n; j++) {
				depth += t[j].kind == CL_T_HEREDOC_BEGIN;
				if (t[j].kind == CL_T_HEREDOC_END && --depth == 0)
					break;
			}
			if (j == n)   /* unreachable once the file parsed */
				j = n - 1;
			fmt_push(&out, FT_HEREDOC, t[i].text, t[j].loc.end - t[i].loc.start);
			i = j;
			break;
		}
		case CL_T_COMMENT: {
			size_t len = t[i].len;
			if (t[i].text[0] != '/' || t[i].text[1] != '*')
				while (len > 0 && is_space(t[i].text[len - 1]))
					len--;
			fmt_push(&out, CL_T_COMMENT, t[i].text, len);
			break;
		}
		case CL_T_DIRECTIVE:
			push_directive(a, &out, &t[i]);
			break;
		default:
			fmt_push(&out, t[i].kind, t[i].text, t[i].len);
		}
	}
	return out;
}

/* ---- spacing ---- */

static bool is_brace(const fmt_tok *t, char c)
{
	if (t->kind == CL_T_BLOCK_OPEN || t->kind == CL_T_BLOCK_CLOSE)
		return t->s[0] == c;
	return t->kind == CL_T_PUNCT && t->len == 1 && t->s[0] == c;
}

/* A "-" after these is a subtraction; after anything else, a negation. */
static bool ends_operand(const fmt_tok *t)
{
	return t && (t->kind == CL_T_IDENT || t->kind == CL_T_NUMBER || t->kind == CL_T_CQUOTE ||
	             t->kind == FT_HEREDOC || fmt_nesting(t) < 0);
}

/* One space between t and the token after it on its line, or none: the
 * rules of hclwrite's spaceAfterToken, with a plainer test for negation and
 * directives that hold their keyword.  before is NULL at a cell's start. */
static bool space_after(const fmt_tok *before, const fmt_tok *t, const fmt_tok *after)
{
	if (t->kind == CL_T_IDENT && fmt_is(after, "("))
		return false;                       /* f(x) */
	if (fmt_is(t, ".") || fmt_is(after, "."))
		return false;                       /* a.b */
	if (fmt_is(after, ",") || fmt_is(after, "..."))
		return false;
	if (fmt_is(t, ","))
		return true;
	if (t->kind == CL_T_OQUOTE || t->kind == CL_T_STRING ||
	    after->kind == CL_T_STRING || after->kind == CL_T_CQUOTE)
		return false;                       /* the text of a template */
	if (fmt_is(t, "in") && before && before->kind == CL_T_IDENT)
		return true;                        /* for x in [a, b] */
	if (fmt_is(after, "[") && (t->kind == CL_T_IDENT || t->kind == CL_T_NUMBER || fmt_nesting(t) < 0))
		return false;                       /* a[0], f(x)[0] */
	if (fmt_is(t, "!"))
		return false;
	if (fmt_is(t, "-"))
		return ends_operand(before);
	if (is_brace(t, '{') || is_brace(after, '}'))
		return !(is_brace(t, '{') && is_brace(after, '}'));   /* { a = 1 }, but {} */
	if ((t->kind == CL_T_INTERP || t->kind == CL_T_DIRECTIVE) && is_brace(after, '{'))
		return true;                        /* "${ {a = 1} }" */
	if (is_brace(t, '}') && after->kind == CL_T_TEMPLATE_END)
		return true;
	if (t->kind == CL_T_TEMPLATE_END && (after->kind == CL_T_INTERP || after->kind == CL_T_DIRECTIVE))
		return false;                       /* "${a}${b}" */
	if (t->kind == CL_T_DIRECTIVE)          /* it holds its keyword: "%{if a}", "%{else}" */
		return after->kind != CL_T_TEMPLATE_END;
	if (fmt_nesting(t) > 0 || fmt_nesting(after) < 0)
		return false;                       /* [a], (b) */
	return true;
}

/* ---- lines and cells ---- */

/* A line's tokens [first, end) (its newline left out) fall into up to three
 * cells: the lead, the assignment from its "=" (when the value ends on this
 * line), and an end-of-line comment.  A cell that is absent starts at end. */
typedef struct line {
	size_t first, end, assign, comment;
} line;

static bool is_line_comment(const fmt_tok *t)
{
	return t->kind == CL_T_COMMENT && !(t->len >= 2 && t->s[0] == '/' && t->s[1] == '*');
}

static line *cut_lines(const fmt_toks *t, size_t *nlines)
{
	line *v = NULL;
	size_t n = 0, cap = 0, first = 0;
	for (size_t i = 0; i < t->n; i++) {
		if (t->v[i].kind != CL_T_NEWLINE && t->v[i].kind != CL_T_EOF)
			continue;
		if (n == cap)
			v = cl_xrealloc(v, (cap = cap ? cap * 2 : 64) * sizeof *v);
		line *l = &v[n++];
		*l = (line){ first, i, i, i };
		first = i + 1;
		if (i - l->first > 1 && is_line_comment(&t->v[i - 1]))
			l->comment = i - 1;
		/* The first "=" after the first token, if what follows it closes
		 * every bracket it opens: a value that goes on below is no cell. */
		for (size_t k = l->first + 1; k < l->comment; k++) {
			if (!fmt_is(&t->v[k], "="))
				continue;
			int net = 0;
			for (size_t m = k; m < l->comment; m++)
				net += fmt_nesting(&t->v[m]);
			if (net == 0)
				l->assign = k;
			break;
		}
	}
	*nlines = n;
	return v;
}

/* Each line opening brackets it does not close indents the lines after it
 * by one level, however many it opened; the line that closes them comes
 * back out.  A stack of "how many" copes with lines like "}, {" and "}))". */
static void indent(const fmt_toks *t, const line *v, size_t n, uint32_t *sp)
{
	int *open = NULL;
	size_t depth = 0, cap = 0;
	for (size_t i = 0; i < n; i++) {
		if (v[i].first == v[i].end)
			continue;
		int net = 0;
		for (size_t k = v[i].first; k < v[i].end; k++)
			net += fmt_nesting(&t->v[k]);
		sp[v[i].first] = (uint32_t)(2 * depth);
		if (net > 0) {
			if (depth == cap)
				open = cl_xrealloc(open, (cap = cap ? cap * 2 : 16) * sizeof *open);
			open[depth++] = net;
		}
		for (int closed = -net; closed > 0 && depth > 0; ) {
			if (closed >= open[depth - 1]) {
				closed -= open[depth - 1];
				depth--;
			} else {
				open[depth - 1] -= closed;
				closed = 0;
			}
		}
		if (net < 0)
			sp[v[i].first] = (uint32_t)(2 * depth);
	}
	free(open);
}

static void space_cell(const fmt_toks *t, size_t a, size_t b, uint32_t *sp)
{
	for (size_t i = a; i + 1 < b; i++)
		sp[i + 1] = space_after(i > a ? &t->v[i - 1] : NULL, &t->v[i], &t->v[i + 1]);
}

/* Display columns, close to the grapheme clusters hclwrite counts:
 * combining marks, variation selectors and skin tones add nothing, nor does
 * what follows a zero-width joiner, and two regional indicators make one flag. */
static size_t columns(const char *s, size_t n)
{
	size_t w = 0;
	bool joined = false, half_flag = false;
	for (size_t i = 0; i < n; ) {
		unsigned char c = (unsigned char)s[i];
		size_t k = c < 0x80 ? 1 : c >> 5 == 6 ? 2 : c >> 4 == 14 ? 3 : c >> 3 == 30 ? 4 : 1;
		if (i + k > n)
			k = n - i;
		uint32_t cp = k == 1 ? c : (uint32_t)(c & (0x7F >> k));
		for (size_t j = 1; j < k; j++)
			cp = cp << 6 | ((unsigned char)s[i + j] & 0x3F);
		i += k;
		if ((cp >= 0x300 && cp <= 0x36F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
		    (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x20D0 && cp <= 0x20FF) ||
		    (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xFE20 && cp <= 0xFE2F) ||
		    (cp >= 0x1F3FB && cp <= 0x1F3FF) || (cp >= 0xE0100 && cp <= 0xE01EF))
			continue;
		if (cp == 0x200D) {
			joined = true;
			continue;
		}
		bool ri = cp >= 0x1F1E6 && cp <= 0x1F1FF;
		if (!joined && !(ri && half_flag))
			w++;
		half_flag = ri && !half_flag;
		joined = false;
	}
	return w;
}

static size_t width(const fmt_toks *t, const uint32_t *sp, size_t a, size_t b)
{
	size_t w = 0;
	for (size_t i = a; i < b; i++)
		w += sp[i] + columns(t->v[i].s, t->v[i].len);
	return w;
}

/* Over each run of consecutive lines that have the cell (assign, or else
 * comment), start it one space after the longest text before it. */
static void align(const fmt_toks *t, const line *v, size_t n, uint32_t *sp, bool comments)
{
	size_t start = 0, max = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i < n) {
			size_t cell = comments ? v[i].comment : v[i].assign;
			if (cell < v[i].end) {
				size_t w = width(t, sp, v[i].first, cell);
				max = w > max ? w : max;
				continue;
			}
		}
		for (size_t k = start; k < i; k++) {
			size_t cell = comments ? v[k].comment : v[k].assign;
			sp[cell] = (uint32_t)(max - width(t, sp, v[k].first, cell) + 1);
		}
		start = i + 1;
		max = 0;
	}
}

/* The lines with their spaces; runs of blank lines become one, and the
 * text starts on its first line and ends with exactly one newline (nl:
 * "\n", or "\r\n" for a file written that way). */
static char *render(const fmt_toks *t, const line *v, size_t n, const uint32_t *sp, const char *nl)
{
	cl_buf b = CL_BUF_INIT;
	bool blank = false;
	for (size_t i = 0; i < n; i++) {
		if (v[i].first == v[i].end) {
			blank = b.len > 0;
			continue;
		}
		if (blank)
			cl_buf_puts(&b, nl);
		blank = false;
		for (size_t k = v[i].first; k < v[i].end; k++) {
			for (uint32_t s = 0; s < sp[k]; s++)
				cl_buf_putc(&b, ' ');
			cl_buf_add(&b, t->v[k].s, t->v[k].len);
		}
		cl_buf_puts(&b, nl);
	}
	char *s = cl_buf_steal(&b);
	return s ? s : cl_xstrdup("");
}

static char *layout(const fmt_toks *t, const char *nl)
{
	size_t n;
	line *v = cut_lines(t, &n);
	uint32_t *sp = cl_xcalloc(t->n + 1, sizeof *sp);
	indent(t, v, n, sp);
	for (size_t i = 0; i < n; i++) {
		size_t lead_end = v[i].assign < v[i].comment ? v[i].assign : v[i].comment;
		space_cell(t, v[i].first, lead_end, sp);
		if (v[i].assign < v[i].end) {
			sp[v[i].assign] = 1;
			space_cell(t, v[i].assign, v[i].comment, sp);
		}
		if (v[i].comment < v[i].end)
			sp[v[i].comment] = 1;
	}
	align(t, v, n, sp, false);
	align(t, v, n, sp, true);
	char *s = render(t, v, n, sp, nl);
	free(sp);
	free(v);
	return s;
}

/* ---- the check that fmt changed nothing but layout ---- */

/* The result must parse, and without -upgrade mean what the input meant.
 * A failure here is fmt's bug; the user's file must not pay for it. */
static bool verify(const cl_source *src, const cl_file *before, const char *text, bool upgrade, cl_diags *d)
{
	cl_source *s = cl_source_new(src->name, text, strlen(text));
	cl_arena a;
	cl_arena_init(&a);
	cl_diags pd = { 0 };
	cl_file *after = cl_parse_file(&a, s, &pd);
	bool parses = pd.nerrors == 0, same = true;
	if (parses && !upgrade)
		same = fmt_same_tree(before, after);
	cl_diags_free(&pd);
	cl_arena_free(&a);
	cl_source_free(s);   /* its registry id dies with it: no range names it any more */
	if (!parses || !same) {
		cl_diag_error(d, (cl_range){ src, 0, 0 }, "fmt%s would %s; the file is left as it is",
		              upgrade ? " -upgrade" : "", parses ? "change what this file means" : "produce invalid syntax");
		cl_diag_hint(d, "this is a bug in clicamosc fmt: please report it with this file");
	}
	return parses && same;
}

char *cl_fmt(const cl_source *src, cl_diags *d, cl_fmt_block_args *upgrade)
{
	cl_arena a;
	cl_arena_init(&a);
	cl_diags pd = { 0 };
	cl_file *f = cl_parse_file(&a, src, &pd);
	if (pd.nerrors) {
		cl_diags_move(d, &pd);
		cl_arena_free(&a);
		return NULL;
	}
	cl_diags_free(&pd);   /* warnings are validate's business, not fmt's */
	size_t n;
	cl_token *t = cl_lex_tokens(&a, src, &pd, true, &n);
	cl_diags_free(&pd);   /* the same as the parser's */
	fmt_toks toks = collect(&a, t, n);
	if (upgrade) {
		fmt_toks u = fmt_upgrade(&toks, upgrade);
		free(toks.v);
		toks = u;
	}
	const char *eol = memchr(src->text, '\n', src->len);
	char *out = layout(&toks, eol && eol > src->text && eol[-1] == '\r' ? "\r\n" : "\n");
	free(toks.v);
	if (!verify(src, f, out, upgrade != NULL, d)) {
		free(out);
		out = NULL;
	}
	cl_arena_free(&a);
	return out;
}
