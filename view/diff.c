/* diff.c: the one value printer: a value, or the difference between two,
 * as Terraform 1.x prints it in a plan, aligned, with sequences matched
 * element by element and strings line by line.  It decides nothing. */
#include "view/diff.h"
#include "util/fatal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const cl_value *cl_diff_present(const cl_value *v)
{
	return v && v->kind != CL_V_NULL ? v : NULL;
}

bool cl_diff_sensitive(const cl_value *v)
{
	return v && (v->marks & CL_MARK_SENSITIVE);
}

bool is_coll(const cl_value *v)
{
	return cl_value_is_seq(v) || cl_value_is_mapping(v);
}

/* Equal as the plan shows values: structure and primitives, whether the
 * collection is a list or a tuple, a map or an object; nulls alike. */
bool cl_diff_same(const cl_value *x, const cl_value *y)
{
	x = cl_diff_present(x), y = cl_diff_present(y);
	if (!x || !y)
		return x == y;
	if (cl_diff_sensitive(x) != cl_diff_sensitive(y) || !cl_value_is_known(x) || !cl_value_is_known(y))
		return false;
	bool xm = cl_value_is_mapping(x), xc = is_coll(x);
	if (xc != is_coll(y) || xm != cl_value_is_mapping(y))
		return false;
	if (!xc)
		return cl_value_equal(x, y) == 1;
	if (x->n != y->n)
		return false;
	for (uint32_t i = 0; i < x->n; i++)
		if ((xm && strcmp(x->u.c.keys[i], y->u.c.keys[i])) || !cl_diff_same(x->u.c.v[i], y->u.c.v[i]))
			return false;
	return true;
}

cl_action cl_diff_change(const cl_value *o, const cl_value *n)
{
	o = cl_diff_present(o), n = cl_diff_present(n);
	if (!o)
		return n ? CL_ACT_CREATE : CL_ACT_NOOP;
	if (!n)
		return CL_ACT_DELETE;
	return cl_diff_same(o, n) ? CL_ACT_NOOP : CL_ACT_UPDATE;
}


/* ---- the value cl_diff_printer ---- */

void cl_diff_paint(cl_diff_printer *p, const char *color, const char *s)
{
	if (p->color)
		cl_buf_puts(p->b, color);
	cl_buf_puts(p->b, s);
	if (p->color)
		cl_buf_puts(p->b, CL_ANSI_RESET);
}

static void indent(cl_diff_printer *p, int level)
{
	for (int i = 0; i < level; i++)
		cl_buf_puts(p->b, "    ");
}

/* Three columns, as Terraform aligns them. */
void cl_diff_symbol(cl_diff_printer *p, cl_action a)
{
	switch (a) {
	case CL_ACT_CREATE: cl_buf_puts(p->b, "  "); cl_diff_paint(p, CL_ANSI_GREEN, "+"); break;
	case CL_ACT_UPDATE: cl_buf_puts(p->b, "  "); cl_diff_paint(p, CL_ANSI_YELLOW, "~"); break;
	case CL_ACT_DELETE: cl_buf_puts(p->b, "  "); cl_diff_paint(p, CL_ANSI_RED, "-"); break;
	case CL_ACT_READ: cl_buf_puts(p->b, " "); cl_diff_paint(p, CL_ANSI_CYAN, "<="); break;
	default: cl_buf_puts(p->b, "   "); break;
	}
}

void cl_diff_replace_symbol(cl_diff_printer *p, bool create_first)
{
	cl_diff_paint(p, create_first ? CL_ANSI_GREEN : CL_ANSI_RED, create_first ? "+" : "-");
	cl_buf_putc(p->b, '/');
	cl_diff_paint(p, create_first ? CL_ANSI_RED : CL_ANSI_GREEN, create_first ? "-" : "+");
}

static void null_suffix(cl_diff_printer *p, cl_action a, unsigned fl)
{
	if (a == CL_ACT_DELETE && !(fl & F_NOSUFFIX))
		cl_diff_paint(p, CL_ANSI_GRAY, " -> null");
}

static void forces(cl_diff_printer *p, unsigned fl)
{
	if (fl & F_FORCES)
		cl_diff_paint(p, CL_ANSI_RED, " # forces replacement");
}

static void arrow(cl_diff_printer *p)
{
	cl_buf_putc(p->b, ' ');
	cl_diff_paint(p, CL_ANSI_YELLOW, "->");
	cl_buf_putc(p->b, ' ');
}

static void hidden(cl_diff_printer *p, int level, unsigned n, const char *what)
{
	indent(p, level);
	cl_buf_puts(p->b, "    ");
	char text[96];
	snprintf(text, sizeof text, "# (%u unchanged %s%s hidden)", n, what, n == 1 ? "" : "s");
	cl_diff_paint(p, CL_ANSI_GRAY, text);
	cl_buf_putc(p->b, '\n');
}

/* The start of a line inside a value at level: its indentation and, in a
 * plan, the change's symbol column. */
static void lead(cl_diff_printer *p, int level, cl_action a)
{
	indent(p, level + 1);
	if (!p->state) {
		cl_diff_symbol(p, a);
		cl_buf_putc(p->b, ' ');
	}
}

/* The closing line of a value at level: "]", "}" or "EOT", under the
 * symbol column in a plan. */
static void closing(cl_diff_printer *p, int level, const char *what)
{
	indent(p, level);
	if (!p->state)
		cl_buf_puts(p->b, "    ");
	cl_buf_puts(p->b, what);
}

/* Aligning two sequences: steps naming an old element, a new one, or both
 * (-1 for none), in the order to show them. */
typedef struct step {
	int o, n;
} step;

typedef bool (*same_fn)(const void *ctx, unsigned i, unsigned j);

/* Longest common subsequence, as Terraform shows lists: old elements not in
 * it are removed, new ones added; with pair set, an old and a new object
 * meeting outside it show as one updated object. */
static step *align(cl_arena *a, unsigned no, unsigned nn, same_fn eq, const void *ctx, same_fn pair, unsigned *len)
{
	unsigned w = nn + 1;
	unsigned *t = cl_xcalloc((size_t)(no + 1) * w, sizeof *t);   /* t[i][j]: LCS of o[i..], n[j..] */
	for (unsigned i = no; i-- > 0;)
		for (unsigned j = nn; j-- > 0;)
			t[i * w + j] = eq(ctx, i, j) ? t[(i + 1) * w + j + 1] + 1
			             : t[(i + 1) * w + j] > t[i * w + j + 1] ? t[(i + 1) * w + j] : t[i * w + j + 1];
	step *s = CL_NEWN(a, step, no + nn + 1);
	unsigned k = 0, i = 0, j = 0;
	while (i < no || j < nn) {
		if (i < no && j < nn && eq(ctx, i, j) && t[i * w + j] == t[(i + 1) * w + j + 1] + 1) {
			s[k++] = (step){ (int)i++, (int)j++ };
		} else if (i < no && (j == nn || t[(i + 1) * w + j] >= t[i * w + j + 1])) {
			bool both = pair && j < nn && pair(ctx, i, j) && t[(i + 1) * w + j + 1] == t[i * w + j];
			s[k++] = (step){ (int)i++, both ? (int)j++ : -1 };
		} else {
			s[k++] = (step){ -1, (int)j++ };
		}
	}
	free(t);
	*len = k;
	return s;
}

/* Sets: an old element and an equal new one are the same element; the
 * others are removed (in old order) or added (in new order). */
static step *match(cl_arena *a, unsigned no, unsigned nn, same_fn eq, const void *ctx, unsigned *len)
{
	step *s = CL_NEWN(a, step, no + nn + 1);
	bool *taken = CL_NEWN(a, bool, nn + 1);
	unsigned k = 0;
	for (unsigned i = 0; i < no; i++) {
		int found = -1;
		for (unsigned j = 0; j < nn && found < 0; j++)
			if (!taken[j] && eq(ctx, i, j))
				found = (int)j;
		if (found >= 0)
			taken[found] = true;
		s[k++] = (step){ (int)i, found };
	}
	for (unsigned j = 0; j < nn; j++)
		if (!taken[j])
			s[k++] = (step){ -1, (int)j };
	*len = k;
	return s;
}

typedef struct two {
	const cl_value *o, *n;
} two;

static bool same_elem(const void *ctx, unsigned i, unsigned j)
{
	const two *t = ctx;
	return cl_diff_same(t->o->u.c.v[i], t->n->u.c.v[j]);
}

static bool both_objects(const void *ctx, unsigned i, unsigned j)
{
	const two *t = ctx;
	return cl_value_is_mapping(t->o->u.c.v[i]) && cl_value_is_mapping(t->n->u.c.v[j]);
}

/* The elements of o and n (sequences, either may be NULL) as steps. */
static step *elements(cl_diff_printer *p, const cl_value *o, const cl_value *n, bool objects, unsigned *len)
{
	static const cl_value empty = { .kind = CL_V_TUPLE };
	two t = { o ? o : &empty, n ? n : &empty };
	if ((o ? o : n)->kind == CL_V_SET)
		return match(p->a, t.o->n, t.n->n, same_elem, &t, len);
	return align(p->a, t.o->n, t.n->n, same_elem, &t, objects ? both_objects : NULL, len);
}

static const cl_value *elem(const cl_value *v, int i)
{
	return i < 0 ? NULL : v->u.c.v[i];
}


static void scalar(cl_diff_printer *p, const cl_value *v)
{
	if (v->kind == CL_V_STRING)
		cl_value_quote(p->b, v->u.str.s, v->u.str.len);
	else
		cl_value_format(p->b, v, 0);
}

typedef struct lines {
	const char **s;
	size_t *len;
	unsigned n;
} lines;

static lines split_lines(cl_arena *a, const cl_value *v)
{
	lines l = { 0 };
	if (!v)
		return l;
	const char *s = v->u.str.s, *end = s + v->u.str.len;
	unsigned cap = 1;
	for (const char *c = s; c < end; c++)
		cap += *c == '\n';
	l.s = CL_NEWN(a, const char *, cap);
	l.len = CL_NEWN(a, size_t, cap);
	for (;;) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		l.s[l.n] = s;
		l.len[l.n++] = (size_t)((nl ? nl : end) - s);
		if (!nl)
			break;
		s = nl + 1;
	}
	return l;
}

static bool same_line(const void *ctx, unsigned i, unsigned j)
{
	const lines *l = ctx;
	return l[0].len[i] == l[1].len[j] && !memcmp(l[0].s[i], l[1].s[j], l[0].len[i]);
}

/* A string of several lines, as a heredoc; an update diffs its lines. */
static void heredoc(cl_diff_printer *p, const cl_value *o, const cl_value *n, cl_action a, int level, unsigned fl)
{
	lines l[2] = { split_lines(p->a, o), split_lines(p->a, n) };
	if (p->state && l[1].n > 1 && !l[1].len[l[1].n - 1])
		l[1].n--;    /* state show: a final newline opens no empty line */
	unsigned ns;
	step *s = align(p->a, l[0].n, l[1].n, same_line, l, NULL, &ns);
	cl_buf_puts(p->b, "<<-EOT");
	forces(p, fl);
	cl_buf_putc(p->b, '\n');
	for (unsigned i = 0; i < ns; i++) {
		bool old = s[i].n < 0;
		cl_action la = a != CL_ACT_UPDATE || (s[i].o >= 0 && s[i].n >= 0) ? CL_ACT_NOOP
		             : old ? CL_ACT_DELETE : CL_ACT_CREATE;
		size_t len = old ? l[0].len[s[i].o] : l[1].len[s[i].n];
		indent(p, level + 1);
		if (!p->state)
			cl_diff_symbol(p, la);
		if (len) {
			if (!p->state)
				cl_buf_putc(p->b, ' ');
			cl_buf_add(p->b, old ? l[0].s[s[i].o] : l[1].s[s[i].n], len);
		} else {
			while (p->b->len && p->b->data[p->b->len - 1] == ' ')   /* no trailing blanks */
				p->b->data[--p->b->len] = 0;
		}
		cl_buf_putc(p->b, '\n');
	}
	closing(p, level, "EOT");
	null_suffix(p, a, fl);
}

static bool multiline(const cl_value *v)
{
	return v && v->kind == CL_V_STRING && memchr(v->u.str.s, '\n', v->u.str.len);
}

static void primitive(cl_diff_printer *p, const cl_value *o, const cl_value *n, cl_action a, int level, unsigned fl)
{
	if ((multiline(o) || multiline(n)) && (!o || o->kind == CL_V_STRING) && (!n || n->kind == CL_V_STRING)) {
		heredoc(p, o, n, a, level, fl);
		return;
	}
	scalar(p, a == CL_ACT_CREATE ? n : o);
	if (a == CL_ACT_UPDATE) {
		arrow(p);
		scalar(p, n);
	}
	null_suffix(p, a, fl);
	forces(p, fl);
}

/* List, tuple or set.  Lists show the unchanged neighbours of a change
 * (order matters there); sets only the changes. */
static void sequence(cl_diff_printer *p, const cl_value *o, const cl_value *n, cl_action a, int level, unsigned fl)
{
	unsigned ns;
	step *s = elements(p, o, n, false, &ns);
	if (!ns) {
		cl_buf_puts(p->b, "[]");
		null_suffix(p, a, fl);
		forces(p, fl);
		return;
	}
	bool context = (o ? o : n)->kind != CL_V_SET;
	unsigned efl = F_NOSUFFIX | (fl & F_ALL), skipped = 0;
	int last = -1;
	bool next = false;
	cl_buf_putc(p->b, '[');
	forces(p, fl);
	cl_buf_putc(p->b, '\n');
	for (unsigned i = 0; i < ns; i++) {
		const cl_value *eo = o ? elem(o, s[i].o) : NULL, *en = n ? elem(n, s[i].n) : NULL;
		cl_action ea = cl_diff_change(eo, en);
		if (ea == CL_ACT_NOOP && !next && !(fl & F_ALL)) {
			skipped++, last = (int)i;
			continue;
		}
		unsigned f = efl;
		if (context) {
			if (skipped > 1)
				hidden(p, level + 1, skipped - 1, "element");
			if (skipped) {
				lead(p, level, CL_ACT_NOOP);
				cl_diff_value(p, elem(o, s[last].o), elem(n, s[last].n), level + 1, efl | F_ALL);
				cl_buf_puts(p->b, ",\n");
			}
			skipped = 0;
			next = ea != CL_ACT_NOOP;
			if (!next)
				f |= F_ALL;
		}
		lead(p, level, ea);
		cl_diff_value(p, eo, en, level + 1, f);
		cl_buf_puts(p->b, ",\n");
	}
	if (skipped)
		hidden(p, level + 1, skipped, "element");
	closing(p, level, "]");
	null_suffix(p, a, fl);
}

/* The keys of two mappings (either may be NULL), merged in order. */
static const char **union_keys(cl_arena *a, const cl_value *o, const cl_value *n, unsigned *len)
{
	unsigned no = o ? o->n : 0, nn = n ? n->n : 0, i = 0, j = 0, k = 0;
	const char **keys = CL_NEWN(a, const char *, no + nn + 1);
	while (i < no || j < nn) {
		int c = i == no ? 1 : j == nn ? -1 : strcmp(o->u.c.keys[i], n->u.c.keys[j]);
		keys[k++] = c <= 0 ? o->u.c.keys[i] : n->u.c.keys[j];
		i += c <= 0, j += c >= 0;
	}
	*len = k;
	return keys;
}

const cl_value *cl_diff_get(const cl_value *v, const char *key)
{
	return v && cl_value_is_mapping(v) ? cl_value_get(v, key) : NULL;
}

/* id, name and tags are shown even unchanged: they say which object it is. */
static bool important(const char *key)
{
	return !strcmp(key, "id") || !strcmp(key, "name") || !strcmp(key, "tags");
}

/* An attribute name as written: bare when an identifier, else quoted. */
static void label(cl_buf *b, const char *key, bool quote)
{
	bool ident = isalpha((unsigned char)key[0]) || key[0] == '_';
	for (const char *c = key; *c && ident; c++)
		ident = isalnum((unsigned char)*c) || *c == '_' || *c == '-';
	if (ident && !quote)
		cl_buf_puts(b, key);
	else
		cl_value_quote(b, key, strlen(key));
}

void cl_diff_padded(cl_diff_printer *p, const char *key, bool quote, size_t width)
{
	size_t start = p->b->len;
	label(p->b, key, quote);
	while (p->b->len - start < width)
		cl_buf_putc(p->b, ' ');
}

size_t cl_diff_label_width(const char *key, bool quote)
{
	cl_buf b = CL_BUF_INIT;
	label(&b, key, quote);
	size_t w = b.len;
	cl_buf_free(&b);
	return w;
}

/* Map or object: keys aligned, unchanged ones counted, not shown. */
static void mapping(cl_diff_printer *p, const cl_value *o, const cl_value *n, cl_action a, int level, unsigned fl)
{
	/* A state's JSON does not tell objects from maps: there, all are maps. */
	bool object = (n ? n : o)->kind == CL_V_OBJECT && !p->state;
	unsigned nk;
	const char **keys = union_keys(p->a, o, n, &nk);
	if (!nk) {
		cl_buf_puts(p->b, "{}");
		null_suffix(p, a, fl);
		forces(p, fl);
		return;
	}
	size_t width = 0;
	for (unsigned i = 0; i < nk; i++) {
		size_t w = cl_diff_label_width(keys[i], !object);
		width = w > width ? w : width;
	}
	/* A removed map element says "-> null", unless the whole map goes. */
	unsigned efl = (object || a == CL_ACT_DELETE ? F_NOSUFFIX : 0) | (fl & F_ALL), skipped = 0;
	cl_buf_putc(p->b, '{');
	forces(p, fl);
	cl_buf_putc(p->b, '\n');
	for (unsigned i = 0; i < nk; i++) {
		const cl_value *eo = cl_diff_get(o, keys[i]), *en = cl_diff_get(n, keys[i]);
		cl_action ea = cl_diff_change(eo, en);
		bool show = object && important(keys[i]);
		if (ea == CL_ACT_NOOP && !show && !(fl & F_ALL)) {
			skipped++;
			continue;
		}
		lead(p, level, ea);
		cl_diff_padded(p, keys[i], !object, width);
		cl_buf_puts(p->b, " = ");
		cl_diff_value(p, eo, en, level + 1, efl | (show ? F_ALL : 0));
		const cl_value *v = en ? en : eo;
		if (!object && v && v->kind == CL_V_OBJECT)
			cl_buf_putc(p->b, ',');
		cl_buf_putc(p->b, '\n');
	}
	if (skipped)
		hidden(p, level + 1, skipped, object ? "attribute" : "element");
	closing(p, level, "}");
	null_suffix(p, a, fl);
}

/* The right-hand side of "x = ": the value, or the change from o to n
 * (either NULL: created or deleted).  Inner lines are indented for level. */
void cl_diff_value(cl_diff_printer *p, const cl_value *o, const cl_value *n, int level, unsigned fl)
{
	o = cl_diff_present(o), n = cl_diff_present(n);
	cl_action a = cl_diff_change(o, n);
	if ((fl & F_SENSITIVE) || cl_diff_sensitive(o) || cl_diff_sensitive(n)) {
		cl_buf_puts(p->b, "(sensitive value)");
		null_suffix(p, a, fl);
		forces(p, fl);
		return;
	}
	if (!o && !n) {
		cl_diff_paint(p, CL_ANSI_GRAY, "null");
		return;
	}
	if (n && !cl_value_is_known(n)) {
		if (o) {
			cl_diff_value(p, o, NULL, level, F_NOSUFFIX);
			cl_buf_puts(p->b, " -> ");
		}
		cl_buf_puts(p->b, "(known after apply)");
		forces(p, fl);
		return;
	}
	if (o && n && (is_coll(o) != is_coll(n) || cl_value_is_seq(o) != cl_value_is_seq(n))) {
		cl_diff_value(p, o, NULL, level, F_NOSUFFIX);   /* a change of type: old, then new */
		arrow(p);
		cl_diff_value(p, NULL, n, level, fl);
		return;
	}
	const cl_value *v = n ? n : o;
	if (cl_value_is_seq(v))
		sequence(p, o, n, a, level, fl);
	else if (cl_value_is_mapping(v))
		mapping(p, o, n, a, level, fl);
	else
		primitive(p, o, n, a, level, fl);
}

/* ---- resources: blocks of attributes and nested blocks ---- */

/* Terraform's providers cannot tell "" from null, so a plan shows
 * neither; a state shows what it holds. */
static const cl_value *attr_value(const cl_diff_printer *p, const cl_value *obj, const char *key)
{
	const cl_value *v = cl_diff_present(cl_diff_get(obj, key));
	return v && v->kind == CL_V_STRING && v->u.str.len == 0 && !p->state ? NULL : v;
}

/* reason: NULL outside a replacement, else the attribute that forces it
 * ("" when none is named): changed force-new attributes are marked, but
 * not a computed one that only becomes unknown because of the
 * replacement (nothing configured it). */
static unsigned forcing(unsigned flags, const char *key, const char *reason, cl_action a, const cl_value *nv)
{
	if (!reason || a == CL_ACT_NOOP)
		return 0;
	if (!strcmp(key, reason))
		return F_FORCES;
	if ((flags & CL_SA_COMPUTED) && nv && !cl_value_is_known(nv))
		return 0;
	return flags & CL_SA_FORCE_NEW ? F_FORCES : 0;
}


const cl_value *cl_diff_one(cl_arena *a, const cl_value *v)
{
	if (!v)
		return NULL;
	cl_value **e = CL_NEWN(a, cl_value *, 1);
	e[0] = (cl_value *)v;
	return cl_value_tuple(a, e, 1);
}

/* The instances of nested block type sb in o and n, one "name { }" each. */
static void nested(cl_diff_printer *p, const cl_schema_block *sb, const cl_value *o, const cl_value *n, int level,
                   unsigned fl, const char *reason, bool *first, unsigned *skipped)
{
	o = cl_diff_present(o), n = cl_diff_present(n);
	if (n && !cl_value_is_known(n)) {
		if (*first)
			cl_buf_putc(p->b, '\n');
		*first = false;
		lead(p, level, o ? CL_ACT_UPDATE : CL_ACT_CREATE);
		cl_buf_printf(p->b, "%s (known after apply)\n", sb->name);
		return;
	}
	if (!o && !n)
		return;
	const cl_value *o1 = o, *n1 = n;
	if (sb->nesting == CL_NEST_SINGLE)     /* a single block is a sequence of one */
		o1 = cl_diff_one(p->a, o), n1 = cl_diff_one(p->a, n);
	unsigned ns;
	step *st = elements(p, o1, n1, true, &ns);
	for (unsigned i = 0; i < ns; i++) {
		const cl_value *eo = o1 ? elem(o1, st[i].o) : NULL, *en = n1 ? elem(n1, st[i].n) : NULL;
		cl_action ea = cl_diff_change(eo, en);
		if (ea == CL_ACT_NOOP && !(fl & F_ALL)) {
			++*skipped;
			continue;
		}
		if (*first)
			cl_buf_putc(p->b, '\n');
		*first = false;
		lead(p, level, ea);
		cl_buf_printf(p->b, "%s ", sb->name);
		cl_diff_block(p, sb->body, eo, en, level + 1, forcing(sb->flags, sb->name, reason, ea, en) | (fl & F_ALL),
		      reason ? "" : NULL);
		cl_buf_putc(p->b, '\n');
	}
}

/* The nested block type key names: by the schema; in a state without one,
 * a non-empty list of objects is taken for blocks (guess is filled). */
static const cl_schema_block *block_of(const cl_diff_printer *p, const cl_schema *s, const char *key, const cl_value *o,
                                       const cl_value *n, cl_schema_block *guess)
{
	if (s)
		return cl_schema_block_find(s, key);
	const cl_value *v = cl_diff_present(cl_diff_get(n ? n : o, key));
	if (!p->state || !v || !cl_value_is_seq(v) || !v->n || !cl_value_is_mapping(v->u.c.v[0]))
		return NULL;
	*guess = (cl_schema_block){ .name = key, .nesting = CL_NEST_LIST };
	return guess;
}

/* An attribute's name as a plan writes it; a state's as it holds it. */
static size_t attr_width(const cl_diff_printer *p, const char *key)
{
	return p->state ? strlen(key) : cl_diff_label_width(key, false);
}

static void attr_label(cl_diff_printer *p, const char *key, size_t width)
{
	if (p->state)
		cl_buf_printf(p->b, "%-*s", (int)width, key);
	else
		cl_diff_padded(p, key, false, width);
}

void cl_diff_block(cl_diff_printer *p, const cl_schema *s, const cl_value *o, const cl_value *n, int level, unsigned fl,
                  const char *reason)
{
	o = cl_diff_present(o), n = cl_diff_present(n);
	unsigned nk, nattrs = 0, skipped = 0;
	const char **keys = union_keys(p->a, o, n, &nk);
	cl_schema_block guess;
	size_t width = 0;
	bool blocks = false;
	for (unsigned i = 0; i < nk; i++) {
		if (block_of(p, s, keys[i], o, n, &guess)) {
			blocks = blocks || cl_diff_present(cl_diff_get(o, keys[i])) || cl_diff_present(cl_diff_get(n, keys[i]));
			continue;
		}
		if (!attr_value(p, o, keys[i]) && !attr_value(p, n, keys[i]))
			continue;
		size_t w = attr_width(p, keys[i]);
		width = w > width ? w : width;
		nattrs++;
	}
	if (!nattrs && !blocks) {
		cl_buf_puts(p->b, "{}");
		forces(p, fl);
		return;
	}
	cl_buf_putc(p->b, '{');
	forces(p, fl);
	cl_buf_putc(p->b, '\n');
	for (unsigned i = 0; i < nk; i++) {
		const cl_schema_attr *sa = s ? cl_schema_attr_find(s, keys[i]) : NULL;
		const cl_value *eo = attr_value(p, o, keys[i]), *en = attr_value(p, n, keys[i]);
		if (block_of(p, s, keys[i], o, n, &guess) || (!eo && !en))
			continue;
		cl_action a = cl_diff_change(eo, en);
		bool show = important(keys[i]);
		if (a == CL_ACT_NOOP && !show && !(fl & F_ALL)) {
			skipped++;
			continue;
		}
		unsigned flags = sa ? sa->flags : 0;
		unsigned afl = forcing(flags, keys[i], reason, a, en) | (flags & CL_SA_SENSITIVE ? F_SENSITIVE : 0) |
		               (show ? F_ALL : fl & F_ALL);
		lead(p, level, a);
		attr_label(p, keys[i], width);
		cl_buf_puts(p->b, " = ");
		cl_diff_value(p, eo, en, level + 1, afl);
		cl_buf_putc(p->b, '\n');
	}
	if (skipped)
		hidden(p, level + 1, skipped, "attribute");
	unsigned skipped_blocks = 0;
	for (unsigned i = 0; i < nk; i++) {
		const cl_schema_block *sb = block_of(p, s, keys[i], o, n, &guess);
		bool first = nattrs > 0;
		if (sb)
			nested(p, sb, cl_diff_get(o, keys[i]), cl_diff_get(n, keys[i]), level, fl, reason, &first, &skipped_blocks);
	}
	if (skipped_blocks) {
		cl_buf_putc(p->b, '\n');
		hidden(p, level + 1, skipped_blocks, "block");
	}
	closing(p, level, "}");
}
