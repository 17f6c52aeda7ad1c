/* json.c: HCL's JSON syntax (hcl/json/spec.md) read into the native syntax
 * tree.  jansson decodes and validates; it keeps no positions, so a light
 * scanner walks the (then valid) text alongside it and every node points at
 * its JSON line and column.  Strings become templates (or, where the schema
 * says so, expressions), parsed in place by the native parser.
 * Not here: what a property means (the caller's schema, compiler/json_schema.c). */
#include "grammar/json.h"
#include "grammar/parse.h"
#include "util/fatal.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* Where a JSON value is in the text: its range and, in an object, its key's
 * (quotes included); the members of an object or array in order. */
typedef struct jnode {
	uint32_t start, end, kstart, kend;
	struct jnode *kids;
	uint32_t n;
} jnode;

static void skip_ws(const char *s, size_t *i)
{
	while (s[*i] == ' ' || s[*i] == '\t' || s[*i] == '\r' || s[*i] == '\n')
		(*i)++;
}

static size_t skip_string(const char *s, size_t i)
{
	for (i++; s[i] != '"'; i++)
		if (s[i] == '\\')
			i++;
	return i + 1;
}

/* The text is valid JSON (jansson said so): no checks needed here but the
 * depth, which the native parser's limit (CL_MAX_DEPTH) bounds too: every
 * walk of the tree may recurse that deep.  *deep: where it was passed. */
static void scan(cl_arena *a, const char *s, size_t *i, jnode *out, unsigned depth, uint32_t *deep)
{
	skip_ws(s, i);
	out->start = (uint32_t)*i;
	char c = s[*i];
	if (c == '"') {
		*i = skip_string(s, *i);
	} else if (c == '{' || c == '[') {
		(*i)++;
		skip_ws(s, i);
		uint32_t cap = 0;
		while (s[*i] != (c == '{' ? '}' : ']')) {
			if (out->n == cap) {
				out->kids = cl_arena_realloc(a, out->kids, cap * sizeof *out->kids,
				                             (cap ? 2 * cap : 4) * sizeof *out->kids);
				cap = cap ? 2 * cap : 4;
			}
			jnode *k = memset(&out->kids[out->n++], 0, sizeof *out->kids);
			if (c == '{') {
				k->kstart = (uint32_t)*i;
				*i = skip_string(s, *i);
				k->kend = (uint32_t)*i;
				skip_ws(s, i);
				(*i)++;   /* ':' */
			}
			if (depth >= CL_MAX_DEPTH) {
				*deep = (uint32_t)*i;
				return;
			}
			scan(a, s, i, k, depth + 1, deep);
			if (*deep)
				return;
			skip_ws(s, i);
			if (s[*i] == ',') {
				(*i)++;
				skip_ws(s, i);
			}
		}
		(*i)++;
	} else {
		while (s[*i] && !strchr(" \t\r\n,]}", s[*i]))
			(*i)++;
	}
	out->end = (uint32_t)*i;
}

typedef struct jctx {
	cl_arena *a;
	const cl_source *src;
	unsigned id;
	cl_diags *d;
	cl_json_schema *schema;
	char *decoded;           /* escaped strings decoded in place (see string_expr); only they are read */
	const cl_block **chain;  /* the blocks being read, outermost first */
	unsigned nchain, capchain;
} jctx;

static cl_loc loc(const jctx *c, uint32_t start, uint32_t end)
{
	return (cl_loc){ (uint16_t)c->id, start, end };
}

static cl_range range(const jctx *c, uint32_t start, uint32_t end)
{
	return (cl_range){ c->src, start, end };
}

static const char *kind_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_TRUE: case JSON_FALSE: return "a boolean";
	case JSON_NULL: return "null";
	default: return "a number";
	}
}

static cl_expr *new_expr(jctx *c, cl_expr_kind k, const jnode *n)
{
	cl_expr *e = CL_NEW(c->a, cl_expr);
	e->kind = (uint8_t)k;
	e->loc = loc(c, n->start, n->end);
	return e;
}

/* A string with no template sequence: the literal, as "abc" parses. */
static cl_expr *literal(jctx *c, const char *s, size_t len, const jnode *n)
{
	cl_expr *t = new_expr(c, CL_E_TEMPLATE, n);
	t->flags = CL_F_QUOTED;
	if (!len)
		return t;
	cl_expr *part = new_expr(c, CL_E_STRING, n);
	part->loc = loc(c, n->start + 1, n->end - 1);
	part->u.str.s = cl_arena_strndup(c->a, s, len);
	part->u.str.len = (uint32_t)len;
	t->u.list.v = CL_NEWN(c->a, cl_expr *, 1);
	t->u.list.v[0] = part;
	t->u.list.n = 1;
	return t;
}

/* The native parser reads the string where it stands.  An escaped string
 * (\n, \") differs from its text: it is decoded into a copy of the text
 * (decoded), at the same offset, and read there; its nodes still point into
 * the file, at the string's line (columns past an escape are approximate). */
static cl_expr *string_expr(jctx *c, const json_t *v, const jnode *n, bool expr)
{
	const char *s = json_string_value(v);
	size_t len = json_string_length(v);
	uint32_t start = n->start + 1, end = n->end - 1;
	if (!expr && !memmem(s, len, "${", 2) && !memmem(s, len, "%{", 2))
		return literal(c, s, len, n);
	cl_expr *e;
	if (!memchr(c->src->text + start, '\\', end - start)) {
		e = cl_parse_range(c->a, c->src, c->id, c->src->text, start, end, expr, c->d);
	} else {
		if (!c->decoded)
			c->decoded = cl_xcalloc(1, c->src->len + 1);
		memcpy(c->decoded + start, s, len);   /* decoded text is never longer */
		e = cl_parse_range(c->a, c->src, c->id, c->decoded, start, start + (uint32_t)len, expr, c->d);
	}
	return e ? e : new_expr(c, CL_E_NULL, n);
}

static cl_expr *value_expr(jctx *c, const json_t *v, const jnode *n, bool expr);

static cl_expr *object_expr(jctx *c, const json_t *v, const jnode *n, bool expr)
{
	cl_expr *e = new_expr(c, CL_E_OBJECT, n);
	e->u.object.v = CL_NEWN(c->a, cl_objitem, n->n + 1);
	const char *key;
	json_t *val;
	uint32_t i = 0;
	json_object_foreach((json_t *)v, key, val) {
		const jnode *k = &n->kids[i];
		cl_objitem *it = &e->u.object.v[i++];
		json_t *ks = json_stringn(key, strlen(key));
		jnode kn = { .start = k->kstart, .end = k->kend };
		it->key = string_expr(c, ks, &kn, expr);
		json_decref(ks);
		it->key_is_name = it->key->kind == CL_E_VAR;
		it->value = value_expr(c, val, k, expr);
	}
	e->u.object.n = i;
	return e;
}

static cl_expr *value_expr(jctx *c, const json_t *v, const jnode *n, bool expr)
{
	cl_expr *e;
	switch (json_typeof(v)) {
	case JSON_STRING:
		return string_expr(c, v, n, expr);
	case JSON_OBJECT:
		return object_expr(c, v, n, expr);
	case JSON_ARRAY:
		e = new_expr(c, CL_E_TUPLE, n);
		e->u.list.n = n->n;
		e->u.list.v = CL_NEWN(c->a, cl_expr *, n->n + 1);
		for (uint32_t i = 0; i < n->n; i++)
			e->u.list.v[i] = value_expr(c, json_array_get(v, i), &n->kids[i], expr);
		return e;
	case JSON_TRUE: case JSON_FALSE:
		e = new_expr(c, CL_E_BOOL, n);
		e->u.boolean = json_is_true(v);
		return e;
	case JSON_NULL:
		return new_expr(c, CL_E_NULL, n);
	default:
		e = new_expr(c, CL_E_NUMBER, n);
		e->u.text = cl_arena_strndup(c->a, c->src->text + n->start, n->end - n->start);
		return e;
	}
}

/* --- bodies and blocks ------------------------------------------------ */

typedef struct items {
	cl_item *v;
	uint32_t n, cap;
} items;

static void add_item(jctx *c, items *b, cl_attr *attr, cl_block *block)
{
	if (b->n == b->cap) {
		b->v = cl_arena_realloc(c->a, b->v, b->cap * sizeof *b->v, (b->cap ? 2 * b->cap : 8) * sizeof *b->v);
		b->cap = b->cap ? 2 * b->cap : 8;
	}
	b->v[b->n++] = (cl_item){ attr, block };
}

static cl_body *body(jctx *c, const json_t *v, const jnode *n, const char *what);

/* The members of an object in order with their positions, the spec's
 * "//" comment properties left out. */
typedef struct members {
	json_t *obj;
	void *it;
	const jnode *n;
	uint32_t i;
} members;

static members members_of(const json_t *v, const jnode *n)
{
	return (members){ (json_t *)v, json_object_iter((json_t *)v), n, 0 };
}

static bool next_member(members *m, const char **key, json_t **val, const jnode **k)
{
	for (; m->it; m->it = json_object_iter_next(m->obj, m->it)) {
		*key = json_object_iter_key(m->it);
		*val = json_object_iter_value(m->it);
		*k = &m->n->kids[m->i++];
		if (strcmp(*key, "//") != 0) {
			m->it = json_object_iter_next(m->obj, m->it);
			return true;
		}
	}
	return false;
}

/* One block, or (an array) several, of a type whose labels are all read. */
static void block_bodies(jctx *c, items *out, cl_block *proto, const json_t *v, const jnode *n)
{
	if (json_is_array(v)) {
		for (uint32_t i = 0; i < n->n; i++)
			block_bodies(c, out, proto, json_array_get(v, i), &n->kids[i]);
		return;
	}
	cl_block *b = CL_NEW(c->a, cl_block);
	*b = *proto;
	b->labels = CL_NEWN(c->a, cl_label, proto->nlabels + 1);
	memcpy(b->labels, proto->labels, proto->nlabels * sizeof *b->labels);
	b->open_loc = loc(c, n->start, n->start + 1);
	b->close_loc = loc(c, n->end - 1, n->end);
	b->loc = loc(c, proto->type_loc.start, n->end);
	if (c->nchain == c->capchain) {
		c->capchain = c->capchain ? 2 * c->capchain : 8;
		c->chain = cl_xrealloc(c->chain, c->capchain * sizeof *c->chain);
	}
	c->chain[c->nchain++] = b;
	b->body = body(c, v, n, proto->type);
	c->nchain--;
	add_item(c, out, NULL, b);
}

/* A block type's value: one object level per label (spec: "the labels
 * nest"), each level an object or an array of objects. */
static void blocks(jctx *c, items *out, cl_block *proto, unsigned want, const json_t *v, const jnode *n)
{
	if (!json_is_object(v) && !json_is_array(v)) {
		cl_diag_error(c->d, range(c, n->start, n->end), "a \"%s\" block is %s here, not %s", proto->type,
		              proto->nlabels < want ? "an object of labels" : "an object (its body)", kind_name(v));
		cl_diag_hint(c->d, "in JSON, %s \"%s\" block is written \"%s\": {%s}", want ? "a" : "the",
		             proto->type, proto->type, want ? "\"LABEL\": { ... }" : " ... ");
		return;
	}
	if (proto->nlabels == want) {
		block_bodies(c, out, proto, v, n);
		return;
	}
	if (json_is_array(v)) {
		for (uint32_t i = 0; i < n->n; i++)
			blocks(c, out, proto, want, json_array_get(v, i), &n->kids[i]);
		return;
	}
	const char *key;
	json_t *val;
	const jnode *k;
	for (members m = members_of(v, n); next_member(&m, &key, &val, &k);) {
		cl_label *l = &proto->labels[proto->nlabels++];
		l->s = cl_arena_strdup(c->a, key);
		l->len = (uint32_t)strlen(key);
		l->quoted = true;
		l->loc = loc(c, k->kstart, k->kend);
		blocks(c, out, proto, want, val, k);
		proto->nlabels--;
	}
	if (n->n == 0 && want) {
		cl_diag_error(c->d, range(c, n->start, n->end), "a \"%s\" block needs %u label%s: this object has none",
		              proto->type, want, want == 1 ? "" : "s");
		cl_diag_hint(c->d, "write \"%s\": {\"LABEL\": { ... }}", proto->type);
	}
}

static cl_body *body(jctx *c, const json_t *v, const jnode *n, const char *what)
{
	cl_body *b = CL_NEW(c->a, cl_body);
	b->loc = loc(c, n->start, n->end);
	if (!json_is_object(v)) {
		cl_diag_error(c->d, range(c, n->start, n->end), "%s%s%s is %s here, where a body (a JSON object) is expected",
		              what ? "the body of a \"" : "the file", what ? what : "", what ? "\" block" : "",
		              kind_name(v));
		cl_diag_hint(c->d, "write { \"argument\": value, \"block\": { ... } }");
		return b;
	}
	items out = { 0 };
	const char *key;
	json_t *val;
	const jnode *k;
	for (members m = members_of(v, n); next_member(&m, &key, &val, &k);) {
		cl_json_key what_key = c->schema((const cl_block *const *)c->chain, c->nchain, key);
		const char *name = cl_arena_strdup(c->a, key);
		if (what_key.kind == CL_JSON_BLOCK) {
			cl_block proto = { .type = name, .type_loc = loc(c, k->kstart, k->kend) };
			proto.labels = CL_NEWN(c->a, cl_label, what_key.nlabels + 1);
			blocks(c, &out, &proto, what_key.nlabels, val, k);
			continue;
		}
		cl_attr *a = CL_NEW(c->a, cl_attr);
		a->name = name;
		a->name_loc = loc(c, k->kstart, k->kend);
		a->expr = value_expr(c, val, k, what_key.kind == CL_JSON_EXPR);
		a->loc = loc(c, k->kstart, k->end);
		add_item(c, &out, a, NULL);
	}
	b->v = out.v;
	b->n = out.n;
	return b;
}

cl_file *cl_parse_json_file(cl_arena *a, const cl_source *src, cl_json_schema *schema, cl_diags *d)
{
	cl_file *f = CL_NEW(a, cl_file);
	f->src = src;
	f->id = (uint16_t)cl_source_register(src);
	f->body = CL_NEW(a, cl_body);
	json_error_t err;
	/* Duplicate keys: jansson would keep the last silently; HCL keeps
	 * both, and so does an array of objects, which we ask for instead. */
	json_t *root = json_loadb(src->text, src->len, JSON_REJECT_DUPLICATES | JSON_DECODE_INT_AS_REAL, &err);
	if (!root) {
		size_t at = err.position > 0 && (size_t)err.position <= src->len ? (size_t)err.position - 1 : 0;
		/* jansson's position is past the token it choked on: point at that
		 * token's last byte, or the last non-blank one before the end. */
		while (at > 0 && at < src->len && strchr(" \t\r\n", src->text[at]))
			at--;
		cl_diag_error(d, (cl_range){ src, at, at < src->len ? at + 1 : at }, "invalid JSON: %s", err.text);
		if (strstr(err.text, "duplicate"))
			cl_diag_hint(d, "give each key once: several blocks of one type go in an array of objects");
		else
			cl_diag_hint(d, "%s is read as HCL's JSON syntax (by its .json name); fix the JSON, or rename it", src->name);
		return f;
	}
	jnode top = { 0 };
	size_t i = 0;
	uint32_t deep = 0;
	scan(a, src->text, &i, &top, 0, &deep);
	if (deep) {
		cl_diag_error(d, (cl_range){ src, deep, deep + 1 }, "nesting too deep (limit %d)", CL_MAX_DEPTH);
		json_decref(root);
		return f;
	}
	jctx c = { .a = a, .src = src, .id = f->id, .d = d, .schema = schema };
	f->body = body(&c, root, &top, NULL);
	free(c.chain);
	free(c.decoded);
	json_decref(root);
	return f;
}

cl_json_key cl_json_all_attrs(const cl_block *const *chain, unsigned n, const char *key)
{
	(void)chain, (void)n, (void)key;
	return (cl_json_key){ CL_JSON_ATTR, 0 };
}

bool cl_json_path(const char *path)
{
	size_t n = strlen(path);
	return n > 5 && strcmp(path + n - 5, ".json") == 0;
}
