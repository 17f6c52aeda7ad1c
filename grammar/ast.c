/* ast.c: the constructors the grammar's actions call, and the rules that are
 * easier in C than in a grammar: splat traversals, template strip markers
 * ("${~", "~}"), "<<-" heredoc indentation, the depth limit, interning.
 * Nodes go to the parse arena; lists wait on a scratch stack until done.
 * Not here: token rules (lexer.l), what a node means (compiler/). */
#include "grammar/parse.h"
#include "util/fatal.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* A heredoc literal whose lines may lose indentation when the heredoc ends. */
struct cl_flushlit {
	cl_expr *e;
	bool sol;      /* its text starts a line */
};

cl_loc ast_loc(cl_parser *p, const cl_yyltype *l)
{
	cl_loc r = { p->file, l->start, l->end };
	return r;
}

cl_range ast_range(cl_parser *p, uint32_t start, uint32_t end)
{
	cl_range r = { p->shown ? p->shown : p->src, start, end };
	return r;
}

cl_range cl_loc_range(cl_loc l)
{
	cl_range r = { cl_source_by_id(l.file), l.start, l.end };
	return r;
}

const char *cl_expr_kind_name(cl_expr_kind k)
{
	static const char *names[] = {
		[CL_E_NUMBER] = "number", [CL_E_BOOL] = "bool", [CL_E_NULL] = "null",
		[CL_E_STRING] = "string", [CL_E_TEMPLATE] = "template", [CL_E_TMPL_IF] = "template-if",
		[CL_E_TMPL_FOR] = "template-for", [CL_E_VAR] = "var", [CL_E_GETATTR] = "getattr",
		[CL_E_INDEX] = "index", [CL_E_SPLAT] = "splat", [CL_E_SPLAT_ITEM] = "splat-item",
		[CL_E_CALL] = "call", [CL_E_TUPLE] = "tuple", [CL_E_OBJECT] = "object",
		[CL_E_FOR] = "for", [CL_E_UNARY] = "unary", [CL_E_BINARY] = "binary",
		[CL_E_COND] = "conditional", [CL_E_PAREN] = "paren",
	};
	return (unsigned)k < sizeof names / sizeof *names && names[k] ? names[k] : "?";
}

static void diag(cl_parser *p, bool error, uint32_t start, uint32_t end, const char *fmt, va_list ap)
{
	cl_buf b = CL_BUF_INIT;
	cl_buf_vprintf(&b, fmt, ap);
	if (error)
		cl_diag_error(p->d, ast_range(p, start, end), "%s", cl_buf_str(&b));
	else
		cl_diag_warning(p->d, ast_range(p, start, end), "%s", cl_buf_str(&b));
	cl_buf_free(&b);
}

void ast_error(cl_parser *p, uint32_t start, uint32_t end, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag(p, true, start, end, fmt, ap);
	va_end(ap);
}

void ast_warning(cl_parser *p, uint32_t start, uint32_t end, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag(p, false, start, end, fmt, ap);
	va_end(ap);
}

/* ---- interning: names and short strings are stored once per parse ---- */

struct cl_intern {
	const char **v;
	uint32_t *len;
	size_t cap, n;
};

static uint32_t hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

const char *ast_intern(cl_parser *p, const char *s, size_t n)
{
	cl_intern *t = p->names;
	if (!t)
		t = p->names = cl_xcalloc(1, sizeof *t);
	if (t->n * 2 >= t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 1024;
		const char **v = cl_xcalloc(cap, sizeof *v);
		uint32_t *len = cl_xcalloc(cap, sizeof *len);
		for (size_t i = 0; i < t->cap; i++) {
			if (!t->v[i])
				continue;
			size_t j = hash(t->v[i], t->len[i]) & (cap - 1);
			while (v[j])
				j = (j + 1) & (cap - 1);
			v[j] = t->v[i];
			len[j] = t->len[i];
		}
		free(t->v);
		free(t->len);
		t->v = v;
		t->len = len;
		t->cap = cap;
	}
	size_t j = hash(s, n) & (t->cap - 1);
	for (; t->v[j]; j = (j + 1) & (t->cap - 1))
		if (t->len[j] == n && memcmp(t->v[j], s, n) == 0)
			return t->v[j];
	t->v[j] = cl_arena_strndup(p->a, s, n);
	t->len[j] = (uint32_t)n;
	t->n++;
	return t->v[j];
}

/* ---- lists on the scratch stack ---- */

cl_list ast_list(cl_parser *p)
{
	cl_list l = { (uint32_t)p->nscratch, 0 };
	return l;
}

/* Error recovery may abandon a list half built; whatever lies above this
 * list's own elements is such debris, so the push overwrites it. */
cl_list ast_push(cl_parser *p, cl_list l, const void *elem, size_t size)
{
	size_t at = l.mark + (size_t)l.n * size;
	if (at + size > p->capscratch) {
		p->capscratch = p->capscratch ? p->capscratch * 2 : 4096;
		while (at + size > p->capscratch)
			p->capscratch *= 2;
		p->scratch = cl_xrealloc(p->scratch, p->capscratch);
	}
	memcpy(p->scratch + at, elem, size);
	p->nscratch = at + size;
	l.n++;
	return l;
}

/* Move a finished list into the arena and free its place on the stack. */
static void *finish(cl_parser *p, cl_list l, size_t size)
{
	if (!l.n) {
		p->nscratch = l.mark;
		return NULL;
	}
	void *v = cl_arena_alloc(p->a, (size_t)l.n * size);
	memcpy(v, p->scratch + l.mark, (size_t)l.n * size);
	p->nscratch = l.mark;
	return v;
}

/* ---- bodies ---- */

cl_list ast_body_add_attr(cl_parser *p, cl_list body, cl_attr *attr)
{
	cl_item it = { attr, NULL };
	return ast_push(p, body, &it, sizeof it);
}

cl_list ast_body_add_block(cl_parser *p, cl_list body, cl_block *b)
{
	cl_item it = { NULL, b };
	return ast_push(p, body, &it, sizeof it);
}

typedef struct named {
	const char *name;   /* interned: equal names are equal pointers */
	uint32_t i;
} named;

static int by_name(const void *a, const void *b)
{
	const named *x = a, *y = b;
	if (x->name != y->name)
		return (uintptr_t)x->name < (uintptr_t)y->name ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

typedef struct dup {
	uint32_t i, first;
} dup;

static int by_index(const void *a, const void *b)
{
	const dup *x = a, *y = b;
	return x->i < y->i ? -1 : x->i > y->i;
}

/* An attribute may be set once per body (HCL checks this when parsing). */
static void check_duplicates(cl_parser *p, const cl_body *b)
{
	if (b->n < 2)
		return;
	named *v = cl_xmalloc(b->n * sizeof *v);
	dup *d = cl_xmalloc(b->n * sizeof *d);
	uint32_t n = 0, nd = 0;
	for (uint32_t i = 0; i < b->n; i++)
		if (b->v[i].attr)
			v[n++] = (named){ b->v[i].attr->name, i };
	qsort(v, n, sizeof *v, by_name);
	for (uint32_t i = 1, first = 0; i < n; i++) {
		if (v[i].name != v[first].name)
			first = i;
		else
			d[nd++] = (dup){ v[i].i, v[first].i };
	}
	qsort(d, nd, sizeof *d, by_index);   /* report in source order */
	for (uint32_t i = 0; i < nd; i++) {
		const cl_attr *a = b->v[d[i].i].attr, *f = b->v[d[i].first].attr;
		ast_error(p, a->name_loc.start, a->name_loc.end, "attribute \"%s\" is already set", a->name);
		cl_diag_note(p->d, ast_range(p, f->name_loc.start, f->name_loc.end), "first set here");
		cl_diag_hint(p->d, "each attribute may be set only once in a block");
	}
	free(v);
	free(d);
}

cl_body *ast_body(cl_parser *p, cl_list items, const cl_yyltype *l)
{
	cl_body *b = CL_NEW(p->a, cl_body);
	b->n = items.n;
	b->v = finish(p, items, sizeof *b->v);
	b->loc = ast_loc(p, l);
	check_duplicates(p, b);
	return b;
}

cl_body *ast_oneline(cl_parser *p, cl_attr *attr, const cl_yyltype *l)
{
	return ast_body(p, ast_body_add_attr(p, ast_list(p), attr), l);
}

void ast_file(cl_parser *p, cl_body *body)
{
	p->body = body;
}

cl_attr *ast_attr(cl_parser *p, const cl_tok *name, const cl_yyltype *nl, cl_pexpr e, const cl_yyltype *l)
{
	cl_attr *a = CL_NEW(p->a, cl_attr);
	a->name = name->s;
	a->name_loc = ast_loc(p, nl);
	a->expr = e.e;
	a->loc = ast_loc(p, l);
	return a;
}

cl_list ast_label(cl_parser *p, cl_list labels, const cl_tok *s, bool quoted, const cl_yyltype *l)
{
	cl_label lb = { s->s, s->len, quoted, ast_loc(p, l) };
	return ast_push(p, labels, &lb, sizeof lb);
}

/* A quoted label is a template that must be plain text. */
cl_list ast_label_tmpl(cl_parser *p, cl_list labels, cl_pexpr t, const cl_yyltype *l)
{
	cl_expr *e = t.e;
	cl_tok s = { "", 0, 0 };
	if (e->kind == CL_E_TEMPLATE && e->u.list.n == 1 && e->u.list.v[0]->kind == CL_E_STRING &&
	    (e->flags & CL_F_QUOTED)) {
		s.s = e->u.list.v[0]->u.str.s;
		s.len = e->u.list.v[0]->u.str.len;
	} else {
		ast_error(p, l->start, l->end, "a block label must be a plain string");
		cl_diag_hint(p->d, "labels are names: no ${...} or %%{...} sequences and no heredocs");
	}
	return ast_label(p, labels, &s, true, l);
}

cl_block *ast_block(cl_parser *p, const cl_tok *type, const cl_yyltype *tl, cl_list labels,
                    cl_body *body, const cl_yyltype *open, const cl_yyltype *close, const cl_yyltype *l)
{
	cl_block *b = CL_NEW(p->a, cl_block);
	b->type = type->s;
	b->type_loc = ast_loc(p, tl);
	b->nlabels = labels.n;
	b->labels = finish(p, labels, sizeof *b->labels);
	b->body = body;
	b->open_loc = ast_loc(p, open);
	b->close_loc = ast_loc(p, close);
	b->loc = ast_loc(p, l);
	return b;
}

/* ---- expressions ---- */

static cl_expr *expr(cl_parser *p, int kind, const cl_yyltype *l)
{
	cl_expr *e = CL_NEW(p->a, cl_expr);
	e->kind = (uint8_t)kind;
	e->loc = ast_loc(p, l);
	return e;
}

/* Every constructor ends here: past the depth limit the subtree is replaced
 * by null, so nothing downstream ever recurses deeper than CL_MAX_DEPTH. */
static cl_pexpr node(cl_parser *p, cl_expr *e, uint32_t depth)
{
	cl_pexpr n = { e, depth };
	if (depth <= CL_MAX_DEPTH)
		return n;
	if (!p->too_deep)
		ast_error(p, e->loc.start, e->loc.end, "nesting too deep (limit %d)", CL_MAX_DEPTH);
	p->too_deep = true;
	e->kind = CL_E_NULL;
	memset(&e->u, 0, sizeof e->u);
	n.depth = 1;
	return n;
}

static uint32_t deeper(uint32_t a, uint32_t b)
{
	return (a > b ? a : b) + 1;
}

cl_pexpr ast_none(void)
{
	cl_pexpr n = { NULL, 0 };
	return n;
}

cl_pexpr ast_number(cl_parser *p, const cl_tok *t, const cl_yyltype *l)
{
	cl_expr *e = expr(p, CL_E_NUMBER, l);
	e->u.text = t->s;
	return node(p, e, 1);
}

/* true, false and null are names the grammar sees as identifiers. */
cl_pexpr ast_var(cl_parser *p, const cl_tok *t, const cl_yyltype *l)
{
	cl_expr *e = expr(p, CL_E_VAR, l);
	if (strcmp(t->s, "true") == 0 || strcmp(t->s, "false") == 0) {
		e->kind = CL_E_BOOL;
		e->u.boolean = t->s[0] == 't';
	} else if (strcmp(t->s, "null") == 0) {
		e->kind = CL_E_NULL;
	} else {
		e->u.name = t->s;
	}
	return node(p, e, 1);
}

cl_pexpr ast_unary(cl_parser *p, int op, cl_pexpr a, const cl_yyltype *l)
{
	cl_expr *e = expr(p, CL_E_UNARY, l);
	e->op = (uint8_t)op;
	e->u.op.a = a.e;
	return node(p, e, a.depth + 1);
}

cl_pexpr ast_binary(cl_parser *p, int op, cl_pexpr a, cl_pexpr b, const cl_yyltype *l)
{
	cl_expr *e = expr(p, CL_E_BINARY, l);
	e->op = (uint8_t)op;
	e->u.op.a = a.e;
	e->u.op.b = b.e;
	return node(p, e, deeper(a.depth, b.depth));
}

cl_pexpr ast_cond(cl_parser *p, cl_pexpr c, cl_pexpr t, cl_pexpr f, const cl_yyltype *l)
{
	cl_expr *e = expr(p, CL_E_COND, l);
	e->u.cond.c = c.e;
	e->u.cond.t = t.e;
	e->u.cond.f = f.e;
	return node(p, e, deeper(deeper(c.depth, t.depth), f.depth));
}

cl_pexpr ast_paren(cl_parser *p, cl_pexpr a, const cl_yyltype *l)
{
	cl_expr *e = expr(p, CL_E_PAREN, l);
	e->u.op.a = a.e;
	return node(p, e, a.depth + 1);
}

/* Traversal steps after a splat apply to each element: a step on a splat
 * goes inside it, into the innermost splat that takes it.  "[*]" takes every
 * step; the attribute-only ".*" takes only ".name" and ".0".  Returns the
 * slot the new step replaces, and stretches the splats' ranges over it. */
static cl_expr **step_slot(cl_expr **slot, bool attr_step, uint32_t end)
{
	while ((*slot)->kind == CL_E_SPLAT && (attr_step || !((*slot)->flags & CL_F_LEGACY))) {
		(*slot)->loc.end = end;
		slot = &(*slot)->u.splat.each;
	}
	return slot;
}

/* Build one traversal step (GETATTR, INDEX or SPLAT) on obj, inside any
 * splat that takes it; e is the new node, its base operand filled in here. */
static cl_pexpr step(cl_parser *p, cl_pexpr obj, cl_expr *e, bool attr_step)
{
	cl_expr *root = obj.e;
	cl_expr **slot = step_slot(&root, attr_step, e->loc.end);
	if (slot != &root)
		e->loc.start = (*slot)->loc.start;
	switch (e->kind) {
	case CL_E_GETATTR: e->u.attr.obj = *slot; break;
	case CL_E_INDEX: e->u.index.coll = *slot; break;
	default: e->u.splat.src = *slot; break;
	}
	*slot = e;
	return node(p, root, obj.depth + 2);
}

cl_pexpr ast_getattr(cl_parser *p, cl_pexpr obj, const cl_tok *name, const cl_yyltype *nl, const cl_yyltype *l)
{
	cl_expr *e = expr(p, CL_E_GETATTR, l);
	e->u.attr.name = name->s;
	e->u.attr.name_loc = ast_loc(p, nl);
	return step(p, obj, e, true);
}

cl_pexpr ast_legacy_index(cl_parser *p, cl_pexpr obj, const cl_tok *num, const cl_yyltype *nl, const cl_yyltype *l)
{
	cl_expr *e = expr(p, CL_E_INDEX, l);
	e->flags = CL_F_LEGACY;
	e->u.index.key = ast_number(p, num, nl).e;
	return step(p, obj, e, true);
}

cl_pexpr ast_index(cl_parser *p, cl_pexpr coll, cl_pexpr key, const cl_yyltype *l)
{
	cl_expr *e = expr(p, CL_E_INDEX, l);
	e->u.index.key = key.e;
	cl_pexpr n = step(p, coll, e, false);
	n.depth = deeper(n.depth, key.depth + 1);
	return n;
}

cl_pexpr ast_splat(cl_parser *p, cl_pexpr src, bool attr_only, const cl_yyltype *star, const cl_yyltype *l)
{
	cl_expr *e = expr(p, CL_E_SPLAT, l);
	e->flags = attr_only ? CL_F_LEGACY : 0;
	/* the item sits where the marker is: ".*" or "[*]" */
	cl_yyltype marker = { star->start - 1, attr_only ? star->end : star->end + 1 };
	e->u.splat.each = expr(p, CL_E_SPLAT_ITEM, &marker);
	for (cl_expr *x = src.e; attr_only && x->kind == CL_E_SPLAT; x = x->u.splat.each)
		if (x->flags & CL_F_LEGACY) {
			ast_error(p, star->start, star->end, "a splat (.*) cannot be nested in an attribute-only splat");
			cl_diag_hint(p->d, "write [*] for the splats: a[*].b[*].c");
			break;
		}
	return step(p, src, e, false);
}

cl_list ast_exprs_add(cl_parser *p, cl_list l, cl_pexpr e)
{
	return ast_push(p, l, &e, sizeof e);
}

/* Expression lists travel as cl_pexpr (with depths); the tree keeps pointers. */
static uint32_t finish_exprs(cl_parser *p, cl_list l, cl_expr ***v)
{
	uint32_t depth = 0;
	*v = l.n ? CL_NEWN(p->a, cl_expr *, l.n) : NULL;
	for (uint32_t i = 0; i < l.n; i++) {
		cl_pexpr a;
		memcpy(&a, p->scratch + l.mark + i * sizeof a, sizeof a);
		(*v)[i] = a.e;
		depth = a.depth > depth ? a.depth : depth;
	}
	p->nscratch = l.mark;
	return depth;
}

cl_pexpr ast_call(cl_parser *p, const cl_tok *name, const cl_yyltype *nl, cl_list args, bool expand, const cl_yyltype *l)
{
	cl_expr *e = expr(p, CL_E_CALL, l);
	e->u.call.name = name->s;
	e->u.call.name_loc = ast_loc(p, nl);
	e->u.call.n = args.n;
	uint32_t depth = finish_exprs(p, args, &e->u.call.v);
	if (expand)
		e->flags |= CL_F_EXPAND;
	return node(p, e, depth + 1);
}

cl_pexpr ast_tuple(cl_parser *p, cl_list elems, const cl_yyltype *l)
{
	cl_expr *e = expr(p, CL_E_TUPLE, l);
	e->u.list.n = elems.n;
	uint32_t depth = finish_exprs(p, elems, &e->u.list.v);
	return node(p, e, depth + 1);
}

/* Object items travel with the depth of their deeper half. */
typedef struct objitem_node {
	cl_objitem item;
	uint32_t depth;
} objitem_node;

cl_list ast_objitem(cl_parser *p, cl_list items, cl_pexpr key, cl_pexpr value)
{
	objitem_node it = { { key.e, value.e, key.e->kind == CL_E_VAR }, deeper(key.depth, value.depth) };
	return ast_push(p, items, &it, sizeof it);
}

cl_pexpr ast_object(cl_parser *p, cl_list items, const cl_yyltype *l)
{
	cl_expr *e = expr(p, CL_E_OBJECT, l);
	uint32_t depth = 0;
	e->u.object.n = items.n;
	e->u.object.v = items.n ? CL_NEWN(p->a, cl_objitem, items.n) : NULL;
	for (uint32_t i = 0; i < items.n; i++) {
		objitem_node it;
		memcpy(&it, p->scratch + items.mark + i * sizeof it, sizeof it);
		e->u.object.v[i] = it.item;
		depth = it.depth > depth ? it.depth : depth;
	}
	p->nscratch = items.mark;
	return node(p, e, depth + 1);
}

cl_forhead ast_forhead(cl_parser *p, const cl_tok *k, const cl_yyltype *kl, const cl_tok *v, const cl_yyltype *vl, cl_pexpr coll)
{
	cl_forx *f = CL_NEW(p->a, cl_forx);
	if (k) {
		f->key_var = k->s;
		f->key_loc = ast_loc(p, kl);
	}
	f->val_var = v->s;
	f->val_loc = ast_loc(p, vl);
	f->coll = coll.e;
	cl_forhead h = { f, coll.depth };
	return h;
}

cl_pexpr ast_for(cl_parser *p, cl_forhead fh, cl_pexpr key, cl_pexpr val, cl_pexpr cond, int flags, const cl_yyltype *l)
{
	cl_expr *e = expr(p, CL_E_FOR, l);
	cl_forx *h = fh.x;
	uint32_t depth = deeper(deeper(fh.depth, key.depth), deeper(val.depth, cond.depth));
	h->key = key.e;
	h->val = val.e;
	h->cond = cond.e;
	e->u.forx = h;
	e->flags = (uint16_t)(flags | (key.e ? CL_F_OBJFOR : 0));
	return node(p, e, depth);
}

/* ---- templates ---- */

/* Length of the whitespace character at s[i] (unicode.IsSpace), or 0. */
static size_t space_at(const char *s, size_t i, size_t n)
{
	unsigned char c = (unsigned char)s[i];
	if (c == ' ' || (c >= '\t' && c <= '\r'))
		return 1;
	if (c == 0xC2 && i + 1 < n && ((unsigned char)s[i + 1] == 0x85 || (unsigned char)s[i + 1] == 0xA0))
		return 2;
	if (c == 0xE1 && i + 2 < n && (unsigned char)s[i + 1] == 0x9A && (unsigned char)s[i + 2] == 0x80)
		return 3;
	if (c == 0xE2 && i + 2 < n) {
		unsigned char a = (unsigned char)s[i + 1], b = (unsigned char)s[i + 2];
		if (a == 0x80 && (b <= 0x8A || b == 0xA8 || b == 0xA9 || b == 0xAF))
			return 3;
		if (a == 0x81 && b == 0x9F)
			return 3;
	}
	if (c == 0xE3 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] == 0x80)
		return 3;
	return 0;
}

/* Length of the whitespace character ending at s[end], or 0; a newline
 * counts only when keep_nl is false. */
static size_t space_before(const char *s, size_t start, size_t end, bool keep_nl)
{
	for (size_t k = 1; k <= 3 && k <= end - start; k++) {
		size_t w = space_at(s, end - k, end);
		if (w == k && !(keep_nl && s[end - k] == '\n'))
			return k;
	}
	return 0;
}

/* The strip markers.  A quoted string's literal is one token to HCL and is
 * trimmed whole; a heredoc's literal is a token per line, so "~}" trims
 * only up to the first newline and "${~" only the last line. */
static void strip(const char *s, size_t *start, size_t *end, bool ltrim, bool rtrim, bool per_line)
{
	if (ltrim) {
		size_t w;
		while (*start < *end && (w = space_at(s, *start, *end))) {
			*start += w;
			if (per_line && s[*start - w] == '\n')
				break;
		}
	}
	if (rtrim) {
		if (per_line && *end > *start && s[*end - 1] == '\n')
			(*end)--;
		size_t w;
		while (*end > *start && (w = space_before(s, *start, *end, per_line)))
			*end -= w;
	}
}

/* Walk the lines of a heredoc literal: for each one that starts a line and
 * is not blank, call f with its leading whitespace (characters and bytes). */
typedef void line_fn(void *ctx, char *line, size_t nchars, size_t nbytes);
static bool each_line(char *s, size_t n, bool sol, line_fn *f, void *ctx)
{
	size_t i = 0;
	do {
		size_t j = i, chars = 0, w;
		while (j < n && s[j] != '\n' && (w = space_at(s, j, n))) {
			j += w;
			chars++;
		}
		size_t e = j;
		while (e < n && s[e] != '\n')
			e++;
		bool ends_nl = e < n;
		bool blank = j == e && ends_nl;
		if (sol && !blank)
			f(ctx, s + i, chars, j - i);
		sol = ends_nl;
		i = ends_nl ? e + 1 : e;
	} while (i < n);
	return sol;
}

static void min_indent(void *ctx, char *line, size_t nchars, size_t nbytes)
{
	uint32_t *min = ctx;
	if (nchars < *min)
		*min = (uint32_t)nchars;
}

/* The scanner hands over a literal it collected in p->lit. */
cl_pexpr ast_literal(cl_parser *p, cl_frame *f, bool rtrim)
{
	cl_yyltype l = { p->lit_start, p->off };
	cl_expr *e = expr(p, CL_E_STRING, &l);
	const char *s = cl_buf_str(&p->lit);
	size_t start = 0, end = p->lit.len;
	bool per_line = f->kind != FR_QUOTED;
	strip(s, &start, &end, f->ltrim, rtrim, per_line);
	f->ltrim = false;
	if (f->kind == FR_HEREDOC && f->flush) {
		char *t = cl_arena_strndup(p->a, s + start, end - start);
		e->u.str.s = t;
		e->u.str.len = (uint32_t)(end - start);
		bool sol = f->sol;
		f->sol = each_line(t, end - start, sol, min_indent, &f->min_indent);
		if (p->nflush == p->capflush) {
			p->capflush = p->capflush ? p->capflush * 2 : 64;
			p->flush = cl_xrealloc(p->flush, p->capflush * sizeof *p->flush);
		}
		p->flush[p->nflush++] = (struct cl_flushlit){ e, sol };
	} else {
		e->u.str.s = end - start <= 64 ? ast_intern(p, s + start, end - start)
		                               : cl_arena_strndup(p->a, s + start, end - start);
		e->u.str.len = (uint32_t)(end - start);
		f->sol = end > start ? s[end - 1] == '\n' : f->sol;
	}
	return node(p, e, 1);
}

/* An interpolation or directive starts: a line it begins has no indentation. */
void ast_template_part(cl_parser *p, cl_frame *f)
{
	if (f->kind == FR_HEREDOC && f->flush && f->sol)
		f->min_indent = 0;
	f->sol = false;
	f->ltrim = false;
}

typedef struct cutter {
	uint32_t n;           /* characters to cut from each line */
	char *out;            /* compaction cursor */
	char *in;             /* copied up to here */
} cutter;

static void cut_line(void *ctx, char *line, size_t nchars, size_t nbytes)
{
	cutter *c = ctx;
	size_t cut = 0;
	for (uint32_t k = 0; k < c->n; k++)
		cut += space_at(line, cut, nbytes);
	memmove(c->out, c->in, (size_t)(line - c->in));
	c->out += line - c->in;
	c->in = line + cut;
}

/* "<<-": every line loses the indentation the least indented line has.
 * The literals were already handed to the parser; they shrink in place. */
void ast_heredoc_end(cl_parser *p, cl_frame *f)
{
	if (f->flush && f->min_indent != UINT32_MAX && f->min_indent > 0) {
		for (uint32_t i = f->flush_mark; i < p->nflush; i++) {
			cl_expr *e = p->flush[i].e;
			char *s = (char *)e->u.str.s;
			cutter c = { f->min_indent, s, s };
			each_line(s, e->u.str.len, p->flush[i].sol, cut_line, &c);
			size_t rest = (size_t)(s + e->u.str.len - c.in);
			memmove(c.out, c.in, rest);
			c.out += rest;
			*c.out = 0;
			e->u.str.len = (uint32_t)(c.out - s);
		}
	}
	p->nflush = f->flush_mark;
}

cl_list ast_tpart(cl_parser *p, cl_list parts, cl_pexpr e)
{
	return ast_push(p, parts, &e, sizeof e);
}

static cl_pexpr template(cl_parser *p, cl_list parts, int flags, const cl_yyltype *l)
{
	cl_expr *e = expr(p, CL_E_TEMPLATE, l);
	e->flags = (uint16_t)flags;
	e->u.list.n = parts.n;
	uint32_t depth = finish_exprs(p, parts, &e->u.list.v);
	/* Literal text is always one STRING part, even when empty. */
	if (!parts.n && (flags & (CL_F_QUOTED | CL_F_HEREDOC))) {
		cl_yyltype in = { l->start + 1, l->start + 1 };
		cl_expr *s = expr(p, CL_E_STRING, &in);
		s->u.str.s = "";
		e->u.list.v = CL_NEWN(p->a, cl_expr *, 1);
		e->u.list.v[0] = s;
		e->u.list.n = 1;
	}
	return node(p, e, depth + 1);
}

cl_pexpr ast_template(cl_parser *p, cl_list parts, int flags, const cl_yyltype *l)
{
	return template(p, parts, flags, l);
}

/* The range of a branch: from its first part to its last, else where it is. */
static cl_yyltype parts_range(cl_parser *p, cl_list parts, uint32_t at)
{
	cl_yyltype l = { at, at };
	if (parts.n) {
		cl_pexpr a, b;
		memcpy(&a, p->scratch + parts.mark, sizeof a);
		memcpy(&b, p->scratch + parts.mark + (parts.n - 1) * sizeof b, sizeof b);
		l.start = a.e->loc.start;
		l.end = b.e->loc.end;
	}
	return l;
}

cl_pexpr ast_tmpl_if(cl_parser *p, cl_pexpr c, cl_list t, cl_list f, const cl_yyltype *l)
{
	cl_expr *e = expr(p, CL_E_TMPL_IF, l);
	/* f sits above t on the scratch stack: finish it first. */
	cl_yyltype fl = parts_range(p, f, l->end);
	cl_pexpr fn = f.n ? template(p, f, 0, &fl) : ast_none();
	cl_yyltype tl = parts_range(p, t, c.e->loc.end);
	cl_pexpr tn = template(p, t, 0, &tl);
	e->u.cond.c = c.e;
	e->u.cond.t = tn.e;
	e->u.cond.f = fn.e;
	return node(p, e, deeper(deeper(c.depth, tn.depth), fn.depth));
}

cl_pexpr ast_tmpl_for(cl_parser *p, cl_forhead fh, cl_list body, const cl_yyltype *l)
{
	cl_expr *e = expr(p, CL_E_TMPL_FOR, l);
	cl_forx *h = fh.x;
	cl_yyltype bl = parts_range(p, body, h->coll->loc.end);
	cl_pexpr b = template(p, body, 0, &bl);
	uint32_t depth = deeper(fh.depth, b.depth);
	h->val = b.e;
	e->u.forx = h;
	return node(p, e, depth);
}

/* ---- the whole source ---- */

/* Length of the valid UTF-8 sequence at s[i], or 0. */
static size_t utf8_at(const unsigned char *s, size_t i, size_t n)
{
	unsigned char c = s[i];
	size_t len;
	unsigned lo = 0x80, hi = 0xBF;
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		len = 2;
	else if (c >= 0xE0 && c <= 0xEF)
		len = 3, lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
	else if (c >= 0xF0 && c <= 0xF4)
		len = 4, lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
	else
		return 0;
	if (i + len > n || s[i + 1] < lo || s[i + 1] > hi)
		return 0;
	for (size_t k = 2; k < len; k++)
		if (s[i + k] < 0x80 || s[i + k] > 0xBF)
			return 0;
	return len;
}

/* Text must be UTF-8 without NUL bytes; each bad spot is reported with its
 * byte offset (a few, then one summary). */
void ast_check_source(cl_parser *p)
{
	const unsigned char *s = (const unsigned char *)p->src->text;
	size_t n = p->src->len, bad = 0;
	enum { SHOW = 10 };
	const uint64_t high = 0x8080808080808080u, ones = 0x0101010101010101u;
	for (size_t i = p->off; i < n;) {   /* a range parse checks its range only */
		uint64_t w;
		if (i + 8 <= n && (memcpy(&w, s + i, 8), !((w | ((w - ones) & ~w)) & high))) {
			i += 8;   /* eight ASCII bytes, none of them NUL */
			continue;
		}
		if (s[i] != 0 && s[i] < 0x80) {
			i++;
			continue;
		}
		size_t len = s[i] ? utf8_at(s, i, n) : 0;
		if (len) {
			i += len;
			continue;
		}
		if (bad++ < SHOW) {
			if (s[i])
				ast_error(p, (uint32_t)i, (uint32_t)i + 1, "invalid UTF-8: byte 0x%02x at offset %zu", s[i], i);
			else
				ast_error(p, (uint32_t)i, (uint32_t)i + 1, "NUL byte at offset %zu", i);
			if (bad == 1)
				cl_diag_hint(p->d, "configuration files are UTF-8 text; is this a binary file?");
		}
		i++;
	}
	if (bad > SHOW)
		cl_diag_error(p->d, ast_range(p, 0, 0), "%zu more invalid bytes not shown", bad - SHOW);
}

void ast_done(cl_parser *p)
{
	free(p->scratch);
	free(p->flush);
	if (p->names) {
		free(p->names->v);
		free(p->names->len);
		free(p->names);
	}
	p->scratch = NULL;
	p->flush = NULL;
	p->names = NULL;
}
