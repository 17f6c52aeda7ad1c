/* ast_json.c: a syntax tree as the JSON hcl2json (npm @cdktf/hcl2json)
 * prints for the same file, so the two can be compared: blocks nest by type
 * then labels into arrays; literals become JSON values; any other expression
 * becomes "${...}" around its source text; templates are re-rendered with
 * literal "${" and "%{" escaped.  Not an evaluator: nothing is computed but
 * a sign or a negation in front of a literal, as hcl2json does. */
#include "grammar/ast_json.h"
#include "util/buf.h"
#include "util/fatal.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct conv {
	const cl_source *src;
} conv;

static json_t *expression(conv *c, const cl_expr *e);
static void string_part(conv *c, cl_buf *b, const cl_expr *e);

/* hcl2json takes the source text of the range, plus a ")" right after it
 * (a workaround for old HCL ranges that it keeps). */
static void source(conv *c, cl_buf *b, cl_loc l)
{
	size_t end = l.end;
	if (end < c->src->len && c->src->text[end] == ')')
		end++;
	cl_buf_add(b, c->src->text + l.start, end - l.start);
}

static void wrap(conv *c, cl_buf *b, const cl_expr *e)
{
	cl_buf_puts(b, "${");
	source(c, b, e->loc);
	cl_buf_putc(b, '}');
}

static json_t *take(cl_buf *b)
{
	json_t *j = json_stringn(cl_buf_str(b), b->len);
	cl_buf_free(b);
	return j ? j : json_string("");
}

static json_t *number(const char *text, bool neg)
{
	double v = strtod(text, NULL);
	if (neg)
		v = -v;
	if (v == 0)   /* hcl2json keeps the sign of a negated zero */
		return neg ? json_real(-0.0) : json_integer(0);
	if (v == floor(v) && fabs(v) < 9007199254740992.0)
		return json_integer((json_int_t)v);
	return json_real(v);
}

/* Literal text in a rendered template keeps its sequences escaped. */
static void literal(cl_buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if ((s[i] == '$' || s[i] == '%') && i + 1 < n && s[i + 1] == '{')
			cl_buf_putc(b, s[i]);
		cl_buf_putc(b, s[i]);
	}
}

static void template(conv *c, cl_buf *b, const cl_expr *t)
{
	for (uint32_t i = 0; i < t->u.list.n; i++)
		string_part(c, b, t->u.list.v[i]);
}

static void string_part(conv *c, cl_buf *b, const cl_expr *e)
{
	switch (e->kind) {
	case CL_E_STRING:
		literal(b, e->u.str.s, e->u.str.len);
		break;
	case CL_E_NUMBER:
		cl_buf_puts(b, e->u.text);
		break;
	case CL_E_BOOL:
		cl_buf_puts(b, e->u.boolean ? "true" : "false");
		break;
	case CL_E_TEMPLATE:
		template(c, b, e);
		break;
	case CL_E_COND:       /* an interpolated a ? b : c renders as a directive too */
	case CL_E_TMPL_IF: {
		cl_buf_puts(b, "%{if ");
		source(c, b, e->u.cond.c->loc);
		cl_buf_putc(b, '}');
		string_part(c, b, e->u.cond.t);
		if (e->u.cond.f) {
			cl_buf f = CL_BUF_INIT;
			string_part(c, &f, e->u.cond.f);
			if (f.len) {
				cl_buf_puts(b, "%{else}");
				cl_buf_add(b, f.data, f.len);
			}
			cl_buf_free(&f);
		}
		cl_buf_puts(b, "%{endif}");
		break;
	}
	case CL_E_TMPL_FOR: {
		const cl_forx *f = e->u.forx;
		cl_buf_puts(b, "%{for ");
		if (f->key_var)
			cl_buf_printf(b, "%s, ", f->key_var);
		cl_buf_printf(b, "%s in ", f->val_var);
		source(c, b, f->coll->loc);
		cl_buf_putc(b, '}');
		string_part(c, b, f->val);
		cl_buf_puts(b, "%{endfor}");
		break;
	}
	default:
		wrap(c, b, e);
	}
}

/* "${x}" alone is the expression x itself (HCL's template wrap). */
static const cl_expr *unwrap(const cl_expr *e)
{
	if (e->kind != CL_E_TEMPLATE || e->u.list.n != 1)
		return NULL;
	int k = e->u.list.v[0]->kind;
	return k == CL_E_STRING || k == CL_E_TMPL_IF || k == CL_E_TMPL_FOR ? NULL : e->u.list.v[0];
}

static json_t *key(conv *c, const cl_objitem *it)
{
	cl_buf b = CL_BUF_INIT;
	const cl_expr *k = it->key;
	if (k->kind == CL_E_VAR || k->kind == CL_E_GETATTR) {
		source(c, &b, k->loc);
	} else {
		const cl_expr *w = unwrap(k);
		string_part(c, &b, w ? w : k);
	}
	return take(&b);
}

static json_t *expression(conv *c, const cl_expr *e)
{
	cl_buf b = CL_BUF_INIT;
	const cl_expr *w;
	switch (e->kind) {
	case CL_E_NUMBER: return number(e->u.text, false);
	case CL_E_BOOL: return json_boolean(e->u.boolean);
	case CL_E_NULL: return json_null();
	case CL_E_UNARY: {
		const cl_expr *a = e->u.op.a;
		if (e->op == CL_OP_NEG && a->kind == CL_E_NUMBER)
			return number(a->u.text, true);
		if (e->op == CL_OP_NOT && a->kind == CL_E_BOOL)
			return json_boolean(!a->u.boolean);
		wrap(c, &b, e);
		return take(&b);
	}
	case CL_E_TEMPLATE:
		if ((w = unwrap(e)))
			return expression(c, w);
		template(c, &b, e);
		return take(&b);
	case CL_E_TUPLE: {
		json_t *a = json_array();
		for (uint32_t i = 0; i < e->u.list.n; i++)
			json_array_append_new(a, expression(c, e->u.list.v[i]));
		return a;
	}
	case CL_E_OBJECT: {
		json_t *o = json_object();
		for (uint32_t i = 0; i < e->u.object.n; i++) {
			json_t *k = key(c, &e->u.object.v[i]);
			json_object_set_new(o, json_string_value(k), expression(c, e->u.object.v[i].value));
			json_decref(k);
		}
		return o;
	}
	default:
		wrap(c, &b, e);
		return take(&b);
	}
}

static json_t *body(conv *c, const cl_body *bd);

/* Blocks nest by type, then by each label, into an array of bodies.  A
 * key jansson refuses (not UTF-8: only in a file with errors) ends it. */
static void block(conv *c, json_t *out, const cl_block *bl)
{
	char *k = cl_xstrdup(bl->type);
	for (uint32_t i = 0; i <= bl->nlabels && json_is_object(out); i++) {
		bool last = i == bl->nlabels;
		json_t *next = json_object_get(out, k);
		if (!next || (last && !json_is_array(next))) {
			next = last ? json_array() : json_object();
			if (json_object_set_new(out, k, next))
				break;
		}
		free(k);
		k = last ? NULL : cl_xstrndup(bl->labels[i].s, bl->labels[i].len);
		if (last && json_is_array(next))
			json_array_append_new(next, body(c, bl->body));
		out = next;   /* not an object where hcl2json would refuse the file */
	}
	free(k);
}

static json_t *body(conv *c, const cl_body *bd)
{
	json_t *o = json_object();
	for (uint32_t i = 0; i < bd->n; i++)
		if (bd->v[i].block)
			block(c, o, bd->v[i].block);
	for (uint32_t i = 0; i < bd->n; i++)
		if (bd->v[i].attr)
			json_object_set_new(o, bd->v[i].attr->name, expression(c, bd->v[i].attr->expr));
	return o;
}

char *cl_ast_json(const cl_file *f)
{
	conv c = { f->src };
	json_t *j = body(&c, f->body);
	char *s = json_dumps(j, JSON_SORT_KEYS | JSON_INDENT(1) | JSON_REAL_PRECISION(17));
	json_decref(j);
	if (!s)
		cl_fatal_oom();
	char *r = cl_xstrdup(s);
	free(s);
	return r;
}
