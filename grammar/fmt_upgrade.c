/* fmt_upgrade.c: fmt -upgrade, Terraform 0.11 forms rewritten the modern
 * way, token by token before the layout: "${x}" alone becomes x (and
 * ["${var.list}"] var.list, count = "${var.flag}" var.flag ? 1 : 0, and
 * counted.name.attr counted.name[0].attr, for what the file declares so), quoted
 * type names and depends_on references lose their quotes, map arguments
 * written as blocks get their "=", a list of maps for a block type becomes a
 * dynamic block, a remote state's outputs are read through .outputs, .*.
 * and .0 become [*] and [0], and a
 * "}" followed by more on its line gets a line of its own.  Heredocs and
 * comments pass untouched.  Plain fmt never comes here. */
#include "grammar/fmt_toks.h"
#include "util/fatal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void push(fmt_toks *out, uint8_t kind, const char *s)
{
	fmt_push(out, kind, s, strlen(s));
}

static void copy(fmt_toks *out, const fmt_tok *t)
{
	fmt_push(out, t->kind, t->s, t->len);
}

static bool text_is(const fmt_tok *t, const char *s)
{
	return t->len == strlen(s) && memcmp(t->s, s, t->len) == 0;
}

static bool one_of(const fmt_tok *t, const char *const *words)
{
	for (; *words; words++)
		if (text_is(t, *words))
			return true;
	return false;
}

/* The token that closes the opener (bracket, "${", quote) at i. */
static size_t match(const fmt_toks *t, size_t i)
{
	int depth = 0;
	bool quote = t->v[i].kind == CL_T_OQUOTE;
	for (size_t k = i; k < t->n; k++) {
		depth += quote ? (t->v[k].kind == CL_T_OQUOTE) - (t->v[k].kind == CL_T_CQUOTE)
		               : fmt_nesting(&t->v[k]);
		if (depth == 0)
			return k;
	}
	return t->n - 1;
}

/* The first token of the line (or one-line block) holding token i. */
static size_t line_start(const fmt_toks *t, size_t i)
{
	while (i > 0 && t->v[i - 1].kind != CL_T_NEWLINE && t->v[i - 1].kind != CL_T_BLOCK_OPEN &&
	       t->v[i - 1].kind != CL_T_BLOCK_CLOSE)
		i--;
	return i;
}

/* ---- blocks: map arguments, and "}" ending its line ---- */

/* Block-shaped map arguments of Terraform 0.11 (tags { Name = "x" },
 * terraform_remote_state's config { bucket = "b" }). */
static const char *const map_args[] = { "tags", "variables", "environment", "triggers", "config", NULL };

static bool is_map_block(const fmt_toks *t, size_t open, int blocks_open)
{
	size_t h = line_start(t, open);
	if (blocks_open == 0 || h + 1 != open || t->v[h].kind != CL_T_IDENT || !one_of(&t->v[h], map_args))
		return false;
	/* A 0.11 map holds plain values.  Nested blocks, or objects (the
	 * modern environment { variables = {...} }), make a real block. */
	for (size_t k = open + 1, close = match(t, open); k < close; k++)
		if (t->v[k].kind == CL_T_BLOCK_OPEN || fmt_is(&t->v[k], "{"))
			return false;
	return true;
}

static const fmt_tok *label(const fmt_toks *t, size_t i);
static bool list_in_interp(const fmt_toks *in, size_t open, size_t *a, size_t *b);

/* resource "TYPE" "NAME" { at i: TYPE's STRING token, else NULL. */
static const fmt_tok *resource_type(const fmt_toks *t, size_t i)
{
	if (!text_is(&t->v[i], "resource") || (i && t->v[i - 1].kind != CL_T_NEWLINE) || i + 7 >= t->n)
		return NULL;
	const fmt_tok *type = label(t, i + 1);
	return type && label(t, i + 4) && t->v[i + 7].kind == CL_T_BLOCK_OPEN ? type : NULL;
}

static void copy_text(char *buf, size_t size, const fmt_tok *t)
{
	snprintf(buf, size, "%.*s", (int)t->len, t->s);
}

/* listener = ["${var.listeners}"] (0.11: a list of maps for a block type)
 * at i, in a resource of the given type: as 0.12upgrade wrote it,
 *
 *   dynamic "listener" {
 *     for_each = var.listeners
 *     content {
 *       lb_port            = listener.value.lb_port          (required)
 *       ssl_certificate_id = lookup(listener.value, "ssl_certificate_id", null)
 *     }
 *   }
 *
 * The index of the list's "]", or 0 when i is not such an argument. */
static size_t dynamic_block(const fmt_toks *in, size_t i, const fmt_tok *type, cl_fmt_block_args *schema,
                            fmt_toks *out)
{
	const fmt_tok *name = &in->v[i];
	if (!schema || name->kind != CL_T_IDENT || line_start(in, i) != i || !fmt_is(&in->v[i + 1], "=") ||
	    !fmt_is(&in->v[i + 2], "["))
		return 0;
	size_t close = match(in, i + 2);
	if (close + 1 < in->n && in->v[close + 1].kind != CL_T_NEWLINE && in->v[close + 1].kind != CL_T_BLOCK_CLOSE)
		return 0;   /* more after the list on its line: not a whole argument */
	char tname[128], bname[128];
	copy_text(tname, sizeof tname, type);
	copy_text(bname, sizeof bname, name);
	const char *args[64];
	bool required[64];
	unsigned n = schema(tname, bname, args, required, 64);
	if (!n)
		return 0;
	push(out, CL_T_IDENT, "dynamic");
	push(out, CL_T_OQUOTE, "\"");
	fmt_push(out, CL_T_STRING, name->s, name->len);
	push(out, CL_T_CQUOTE, "\"");
	push(out, CL_T_BLOCK_OPEN, "{");
	push(out, CL_T_NEWLINE, "\n");
	push(out, CL_T_IDENT, "for_each");
	push(out, CL_T_PUNCT, "=");
	size_t a, b;
	if (list_in_interp(in, i + 2, &a, &b)) {   /* ["${var.list}"]: the list */
		for (size_t k = a - 2; k <= b + 1; k++)   /* its "${...}", unwrapped later */
			copy(out, &in->v[k]);
	} else {
		for (size_t k = i + 2; k <= close; k++)
			copy(out, &in->v[k]);
	}
	push(out, CL_T_NEWLINE, "\n");
	push(out, CL_T_IDENT, "content");
	push(out, CL_T_BLOCK_OPEN, "{");
	push(out, CL_T_NEWLINE, "\n");
	for (unsigned k = 0; k < n; k++) {
		push(out, CL_T_IDENT, args[k]);
		push(out, CL_T_PUNCT, "=");
		if (!required[k]) {
			push(out, CL_T_IDENT, "lookup");
			push(out, CL_T_PUNCT, "(");
		}
		copy(out, name);
		push(out, CL_T_PUNCT, ".");
		push(out, CL_T_IDENT, "value");
		if (required[k]) {
			push(out, CL_T_PUNCT, ".");
			push(out, CL_T_IDENT, args[k]);
		} else {
			push(out, CL_T_PUNCT, ",");
			push(out, CL_T_OQUOTE, "\"");
			push(out, CL_T_STRING, args[k]);
			push(out, CL_T_CQUOTE, "\"");
			push(out, CL_T_PUNCT, ",");
			push(out, CL_T_IDENT, "null");
			push(out, CL_T_PUNCT, ")");
		}
		push(out, CL_T_NEWLINE, "\n");
	}
	push(out, CL_T_BLOCK_CLOSE, "}");
	push(out, CL_T_NEWLINE, "\n");
	push(out, CL_T_BLOCK_CLOSE, "}");
	return close;
}

static fmt_toks rewrite_blocks(const fmt_toks *in, cl_fmt_block_args *schema)
{
	fmt_toks out = { 0 };
	int blocks_open = 0;
	const fmt_tok *type = NULL;   /* of the resource block we are in */
	for (size_t i = 0; i < in->n; i++) {
		const fmt_tok *t = &in->v[i];
		size_t end;
		if (blocks_open == 0 && t->kind == CL_T_IDENT)
			type = resource_type(in, i);
		if (blocks_open == 1 && type && (end = dynamic_block(in, i, type, schema, &out))) {
			i = end;
			continue;
		}
		if (t->kind == CL_T_BLOCK_OPEN && is_map_block(in, i, blocks_open)) {
			size_t close = match(in, i);
			push(&out, CL_T_PUNCT, "=");
			push(&out, CL_T_PUNCT, "{");
			for (size_t k = i + 1; k < close; k++)
				copy(&out, &in->v[k]);
			push(&out, CL_T_PUNCT, "}");
			i = close;
			continue;
		}
		copy(&out, t);
		blocks_open += t->kind == CL_T_BLOCK_OPEN;
		blocks_open -= t->kind == CL_T_BLOCK_CLOSE;
		uint8_t next = i + 1 < in->n ? in->v[i + 1].kind : CL_T_EOF;
		if (t->kind == CL_T_BLOCK_CLOSE && next != CL_T_NEWLINE && next != CL_T_COMMENT &&
		    next != CL_T_BLOCK_CLOSE && next != CL_T_EOF) {
			push(&out, CL_T_NEWLINE, "\n");
			push(&out, CL_T_NEWLINE, "\n");
		}
	}
	return out;
}

/* ---- arguments: variable types and depends_on ---- */

/* "aws_instance.nat", "module.vpc": a reference written as a string. */
static bool is_reference(const fmt_tok *t)
{
	bool start = true, dot = false;
	for (uint32_t i = 0; i < t->len; i++) {
		char c = t->s[i];
		if (c == '.' && !start) {
			start = dot = true;
		} else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
		           (!start && ((c >= '0' && c <= '9') || c == '-'))) {
			start = false;
		} else {
			return false;
		}
	}
	return dot && !start;
}

/* type = "string" | "list" | "map": the 0.11 names, with 0.11's string elements. */
static size_t rewrite_type(const fmt_toks *in, size_t i, fmt_toks *out)
{
	static const char *const from[] = { "string", "list", "map" };
	static const char *const to[][4] = { { "string" }, { "list", "(", "string", ")" },
	                                     { "map", "(", "string", ")" } };
	if (i + 3 >= in->n || in->v[i].kind != CL_T_OQUOTE || in->v[i + 1].kind != CL_T_STRING ||
	    in->v[i + 2].kind != CL_T_CQUOTE)
		return 0;
	for (size_t k = 0; k < 3; k++) {
		if (!text_is(&in->v[i + 1], from[k]))
			continue;
		for (size_t j = 0; j < 4 && to[k][j]; j++)
			push(out, j % 2 ? CL_T_PUNCT : CL_T_IDENT, to[k][j]);
		return 3;
	}
	return 0;
}

/* depends_on = ["aws_instance.nat"]: references, not strings. */
static size_t rewrite_depends(const fmt_toks *in, size_t i, fmt_toks *out)
{
	if (!fmt_is(&in->v[i], "["))
		return 0;
	size_t close = match(in, i);
	for (size_t k = i; k <= close; k++) {
		if (in->v[k].kind == CL_T_OQUOTE && k + 2 < close && in->v[k + 1].kind == CL_T_STRING &&
		    in->v[k + 2].kind == CL_T_CQUOTE && is_reference(&in->v[k + 1])) {
			fmt_push(out, CL_T_IDENT, in->v[k + 1].s, in->v[k + 1].len);
			k += 2;
		} else {
			copy(out, &in->v[k]);
		}
	}
	return close + 1 - i;
}

typedef struct open_block {
	const fmt_tok *type;
	int depth;           /* the nesting inside its braces */
} open_block;

static fmt_toks rewrite_args(const fmt_toks *in)
{
	fmt_toks out = { 0 };
	open_block *stack = NULL;
	size_t nstack = 0, cap = 0;
	int depth = 0;
	for (size_t i = 0; i < in->n; ) {
		const fmt_tok *t = &in->v[i];
		bool attr = t->kind == CL_T_IDENT && nstack > 0 && depth == stack[nstack - 1].depth &&
		            (i == 0 || in->v[i - 1].kind == CL_T_NEWLINE || in->v[i - 1].kind == CL_T_BLOCK_OPEN) &&
		            i + 2 < in->n && fmt_is(&in->v[i + 1], "=");
		if (attr) {
			copy(&out, t);
			copy(&out, &in->v[i + 1]);
			size_t used = 0;
			if (text_is(t, "type") && text_is(stack[nstack - 1].type, "variable"))
				used = rewrite_type(in, i + 2, &out);
			else if (text_is(t, "depends_on"))
				used = rewrite_depends(in, i + 2, &out);
			i += 2 + used;
			continue;
		}
		depth += fmt_nesting(t);
		if (t->kind == CL_T_BLOCK_OPEN) {
			if (nstack == cap)
				stack = cl_xrealloc(stack, (cap = cap ? cap * 2 : 16) * sizeof *stack);
			stack[nstack++] = (open_block){ &in->v[line_start(in, i)], depth };
		} else if (t->kind == CL_T_BLOCK_CLOSE && nstack > 0) {
			nstack--;
		}
		copy(&out, t);
		i++;
	}
	free(stack);
	return out;
}

/* ---- expressions: interpolations, splats, indexes ---- */

/* Functions whose result is a list, so that ["${f(x)}"] meant f(x) in 0.11. */
static const char *const list_funcs[] = {
	"split", "concat", "compact", "distinct", "flatten", "keys", "values", "list", "slice",
	"sort", "reverse", "formatlist", "matchkeys", "chunklist", "setproduct", "tolist",
	"coalescelist", "range", NULL,
};

/* The closing quote of an interpolation-only string "${...}" at i, or 0. */
static size_t interp_only(const fmt_toks *in, size_t i)
{
	if (in->v[i].kind != CL_T_OQUOTE || in->v[i + 1].kind != CL_T_INTERP)
		return 0;
	size_t end = match(in, i + 1), q = match(in, i);
	return end + 1 == q && end > i + 2 ? q : 0;
}

/* Whether an expression standing between prev and next is a whole operand,
 * so that it may lose its quotes without changing how it parses. */
static bool delimited(const fmt_tok *prev, const fmt_tok *next)
{
	static const char *const left[] = { "=", "(", "[", "{", ",", ":", "?", "=>", NULL };
	static const char *const right[] = { ",", ")", "]", "}", "...", "=>", "if", NULL };
	bool l = prev->kind == CL_T_NEWLINE || prev->kind == CL_T_INTERP ||
	         (prev->kind == CL_T_PUNCT && one_of(prev, left));
	bool r = next->kind == CL_T_NEWLINE || next->kind == CL_T_COMMENT || next->kind == CL_T_EOF ||
	         next->kind == CL_T_BLOCK_CLOSE || next->kind == CL_T_TEMPLATE_END ||
	         ((next->kind == CL_T_PUNCT || next->kind == CL_T_IDENT) && one_of(next, right)) ||
	         (fmt_is(next, ":") && fmt_is(prev, "?"));   /* not an object key "a": 1 */
	return l && r;
}

/* A splat written .* may become [*] unless an index follows its attributes:
 * a.*.b[0] indexes the list, a[*].b[0] each element. */
static bool modern_splat_same(const fmt_toks *in, size_t dot)
{
	size_t k = dot + 2;
	while (k + 1 < in->n && fmt_is(&in->v[k], ".") && in->v[k + 1].kind == CL_T_IDENT)
		k += 2;
	return !fmt_is(&in->v[k], "[") && !fmt_is(&in->v[k], ".");
}

/* What the file declares that the 0.11 forms depend on: variables that are
 * lists or booleans (by type or default), resources with count. */
enum { MAX_DECLS = 256 };
typedef struct decls {
	const fmt_tok *lists[MAX_DECLS], *bools[MAX_DECLS];
	const fmt_tok *counted[MAX_DECLS][2];   /* type and name (STRING tokens) */
	unsigned nlists, nbools, ncounted;
} decls;

static decls file_decls;   /* set by fmt_upgrade for the file it rewrites */

static bool same_text(const fmt_tok *a, const fmt_tok *b)
{
	return a->len == b->len && memcmp(a->s, b->s, a->len) == 0;
}

/* The STRING token of a quoted label at i ("name"), or NULL. */
static const fmt_tok *label(const fmt_toks *t, size_t i)
{
	return t->v[i].kind == CL_T_OQUOTE && t->v[i + 1].kind == CL_T_STRING && t->v[i + 2].kind == CL_T_CQUOTE
	               ? &t->v[i + 1] : NULL;
}

static void collect_decls(const fmt_toks *t, decls *d)
{
	memset(d, 0, sizeof *d);
	for (size_t i = 0; i + 4 < t->n; i++) {
		if (t->v[i].kind != CL_T_IDENT || (i && t->v[i - 1].kind != CL_T_NEWLINE))
			continue;
		bool var = text_is(&t->v[i], "variable"), res = text_is(&t->v[i], "resource");
		const fmt_tok *l1 = (var || res) ? label(t, i + 1) : NULL, *l2 = res && l1 ? label(t, i + 4) : NULL;
		if (!l1 || (res && !l2))
			continue;
		size_t k = i + (res ? 7 : 4);
		if (t->v[k].kind != CL_T_BLOCK_OPEN)
			continue;
		int depth = 0;
		for (; k < t->n && t->v[k].kind != CL_T_EOF; k++) {
			const fmt_tok *x = &t->v[k];
			depth += x->kind == CL_T_BLOCK_OPEN ? 1 : x->kind == CL_T_BLOCK_CLOSE ? -1 : 0;
			if (!depth)
				break;
			if (depth != 1 || x->kind != CL_T_IDENT || !fmt_is(&t->v[k + 1], "="))
				continue;
			const fmt_tok *v = &t->v[k + 2];
			const fmt_tok *q = label(t, k + 2);
			if (res && text_is(x, "count") && d->ncounted < MAX_DECLS) {
				d->counted[d->ncounted][0] = l1;
				d->counted[d->ncounted++][1] = l2;
			} else if (var && text_is(x, "type") && d->nlists < MAX_DECLS &&
			           ((v->kind == CL_T_IDENT && (text_is(v, "list") || text_is(v, "set"))) ||
			            (q && text_is(q, "list")))) {
				d->lists[d->nlists++] = l1;
			} else if (var && text_is(x, "default") && fmt_is(v, "[") && d->nlists < MAX_DECLS) {
				d->lists[d->nlists++] = l1;
			} else if (var && d->nbools < MAX_DECLS &&
			           ((text_is(x, "type") && v->kind == CL_T_IDENT && text_is(v, "bool")) ||
			            (text_is(x, "default") && v->kind == CL_T_IDENT &&
			             (text_is(v, "true") || text_is(v, "false"))))) {
				d->bools[d->nbools++] = l1;
			}
		}
	}
}

/* var.NAME over [a, b), where NAME is one of names; else false. */
static bool var_ref(const fmt_toks *in, size_t a, size_t b, const fmt_tok *const *names, unsigned n)
{
	if (b != a + 3 || !text_is(&in->v[a], "var") || !fmt_is(&in->v[a + 1], ".") || in->v[a + 2].kind != CL_T_IDENT)
		return false;
	for (unsigned i = 0; i < n; i++)
		if (same_text(names[i], &in->v[a + 2]))
			return true;
	return false;
}

/* TYPE.NAME at i names a resource with count, and an attribute follows. */
static bool counted_ref(const fmt_toks *in, size_t i)
{
	if (in->v[i].kind != CL_T_IDENT || !fmt_is(&in->v[i + 1], ".") || in->v[i + 2].kind != CL_T_IDENT ||
	    !fmt_is(&in->v[i + 3], ".") || in->v[i + 4].kind != CL_T_IDENT || (i && fmt_is(&in->v[i - 1], ".")))
		return false;
	for (unsigned k = 0; k < file_decls.ncounted; k++)
		if (same_text(file_decls.counted[k][0], &in->v[i]) && same_text(file_decls.counted[k][1], &in->v[i + 2]))
			return true;
	return false;
}

/* data.terraform_remote_state.NAME.OUTPUT at i, where OUTPUT is not one of
 * the data source's own attributes (0.11 read the state's outputs so). */
static bool remote_state_output(const fmt_toks *in, size_t i)
{
	static const char *const own[] = { "backend", "config", "workspace", "defaults", "outputs", NULL };
	return i + 6 < in->n && text_is(&in->v[i], "data") && (!i || !fmt_is(&in->v[i - 1], ".")) &&
	       fmt_is(&in->v[i + 1], ".") && text_is(&in->v[i + 2], "terraform_remote_state") &&
	       fmt_is(&in->v[i + 3], ".") && in->v[i + 4].kind == CL_T_IDENT && fmt_is(&in->v[i + 5], ".") &&
	       in->v[i + 6].kind == CL_T_IDENT && !one_of(&in->v[i + 6], own);
}

/* ["${f(x)}"] where f returns a list (or a splat): the inner expression's
 * range [*a, *b), else false. */
static bool list_in_interp(const fmt_toks *in, size_t open, size_t *a, size_t *b)
{
	size_t close = match(in, open), i = open + 1, j = close;
	while (i < j && in->v[i].kind == CL_T_NEWLINE)
		i++;
	while (j > i && (in->v[j - 1].kind == CL_T_NEWLINE || fmt_is(&in->v[j - 1], ",")))
		j--;
	size_t q = i < j ? interp_only(in, i) : 0;
	if (!q || q + 1 != j)
		return false;
	*a = i + 2;
	*b = q - 1;
	const fmt_tok *f = &in->v[*a];
	if (f->kind == CL_T_IDENT && one_of(f, list_funcs) && fmt_is(&in->v[*a + 1], "(") &&
	    match(in, *a + 1) + 1 == *b)
		return true;
	if (var_ref(in, *a, *b, file_decls.lists, file_decls.nlists))
		return true;
	bool star = false;
	for (size_t k = *a; k < *b; k++) {
		const fmt_tok *t = &in->v[k];
		if (fmt_is(t, "*"))
			star = true;
		else if (t->kind != CL_T_IDENT && t->kind != CL_T_NUMBER && !fmt_is(t, ".") &&
		         !fmt_is(t, "[") && !fmt_is(t, "]"))
			return false;
	}
	return star;
}

static void rewrite_exprs(const fmt_toks *in, size_t i, size_t end, fmt_toks *out);

/* The inside of an unwrapped interpolation, in parentheses when it spans
 * lines (as terraform fmt does), so that it still parses as one operand. */
static void unwrapped(const fmt_toks *in, size_t a, size_t b, fmt_toks *out)
{
	while (a < b && in->v[a].kind == CL_T_NEWLINE)
		a++;
	while (b > a && in->v[b - 1].kind == CL_T_NEWLINE)
		b--;
	bool lines = false;
	for (size_t k = a; k < b; k++)
		lines |= in->v[k].kind == CL_T_NEWLINE || in->v[k].kind == CL_T_COMMENT;
	bool wrap = lines && !(fmt_is(&in->v[a], "(") && match(in, a) + 1 == b);
	if (wrap)
		push(out, CL_T_PUNCT, "(");
	rewrite_exprs(in, a, b, out);
	if (wrap)
		push(out, CL_T_PUNCT, ")");
}

static void rewrite_exprs(const fmt_toks *in, size_t i, size_t end, fmt_toks *out)
{
	while (i < end) {
		const fmt_tok *t = &in->v[i];
		const fmt_tok *prev = out->n ? &out->v[out->n - 1] : &(fmt_tok){ CL_T_NEWLINE, "\n", 1 };
		size_t a, b, q;
		if (fmt_is(t, "[") && list_in_interp(in, i, &a, &b) && delimited(prev, &in->v[match(in, i) + 1])) {
			bool comments = false;
			for (size_t k = i; k < match(in, i); k++)
				comments |= in->v[k].kind == CL_T_COMMENT;
			if (!comments) {
				unwrapped(in, a, b, out);
				i = match(in, i) + 1;
				continue;
			}
		}
		if ((q = interp_only(in, i)) && delimited(prev, &in->v[q + 1])) {
			unwrapped(in, i + 2, q - 1, out);
			/* count = "${var.flag}" with a boolean: 0.11 read it as 1 or 0. */
			if (out->n >= 5 && fmt_is(&out->v[out->n - 4], "=") && text_is(&out->v[out->n - 5], "count") &&
			    var_ref(in, i + 2, q - 1, file_decls.bools, file_decls.nbools)) {
				push(out, CL_T_PUNCT, "?");
				push(out, CL_T_NUMBER, "1");
				push(out, CL_T_PUNCT, ":");
				push(out, CL_T_NUMBER, "0");
			}
			i = q + 1;
			continue;
		}
		if (remote_state_output(in, i)) {   /* 0.11: outputs were attributes */
			for (int k = 0; k < 5; k++)
				copy(out, &in->v[i + k]);
			push(out, CL_T_PUNCT, ".");
			push(out, CL_T_IDENT, "outputs");
			i += 5;
			continue;
		}
		if (counted_ref(in, i)) {   /* 0.11's implicit first instance */
			for (int k = 0; k < 3; k++)
				copy(out, &in->v[i + k]);
			push(out, CL_T_PUNCT, "[");
			push(out, CL_T_NUMBER, "0");
			push(out, CL_T_PUNCT, "]");
			i += 3;
			continue;
		}
		if (fmt_is(t, ".") && fmt_is(&in->v[i + 1], "*") && modern_splat_same(in, i)) {
			push(out, CL_T_PUNCT, "[");
			push(out, CL_T_PUNCT, "*");
			push(out, CL_T_PUNCT, "]");
			i += 2;
			continue;
		}
		if (fmt_is(t, ".") && in->v[i + 1].kind == CL_T_NUMBER) {
			push(out, CL_T_PUNCT, "[");
			copy(out, &in->v[i + 1]);
			push(out, CL_T_PUNCT, "]");
			i += 2;
			continue;
		}
		copy(out, t);
		i++;
	}
}

fmt_toks fmt_upgrade(const fmt_toks *in, cl_fmt_block_args *schema)
{
	collect_decls(in, &file_decls);
	fmt_toks blocks = rewrite_blocks(in, schema);
	fmt_toks args = rewrite_args(&blocks);
	fmt_toks out = { 0 };
	rewrite_exprs(&args, 0, args.n, &out);
	free(blocks.v);
	free(args.v);
	return out;
}
