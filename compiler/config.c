/* config.c: decode a module's syntax trees into its configuration (see
 * config.h): the module and its small blocks (variable, locals, output,
 * provider, terraform, check, moved, removed), the checks every block
 * shares (names, labels, duplicates, shapes, with suggestions), and lookups.
 * Nothing is evaluated.  Resources are config_resource.c; module and kind
 * calls config_call.c.  Legacy Terraform 0.11 forms are accepted with a
 * warning naming the modern form. */
#include "compiler/config_decode.h"
#include "compiler/version.h"
#include "util/buf.h"
#include "util/suggest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Append one element to an arena array, doubling its room when full (a
 * module may hold 100,000 resources). */
void *cl_dec_grow(cl_arena *a, void *p, unsigned n, size_t size)
{
	return n & (n - 1) ? p : cl_arena_realloc(a, p, n * size, (n ? 2 * n : 1) * size);
}

/* Returns the suggestion made, if any. */
const char *cl_dec_suggest(cl_dec *x, const char *name, const char *const *cands, size_t n)
{
	const char *s = cl_suggest(name, cands, n);
	if (s)
		cl_diag_hint(x->d, "did you mean \"%s\"?", s);
	return s;
}

void cl_dec_note_suggested(cl_dec_suggested *s, const char *name)
{
	if (name && s->n < 32)
		s->v[s->n++] = name;
}

bool cl_dec_was_suggested(const cl_dec_suggested *s, const char *name)
{
	for (unsigned i = 0; i < s->n; i++)
		if (!strcmp(s->v[i], name))
			return true;
	return false;
}

/* The text of an expression that is a plain quoted string, or NULL. */
const char *cl_dec_literal_string(const cl_expr *e)
{
	if (!e || e->kind != CL_E_TEMPLATE)
		return NULL;
	if (e->u.list.n == 0)
		return "";
	if (e->u.list.n == 1 && e->u.list.v[0]->kind == CL_E_STRING)
		return e->u.list.v[0]->u.str.s;
	return NULL;
}

bool cl_dec_in_list(const char *name, const char *const *list)
{
	for (; list && *list; list++)
		if (strcmp(*list, name) == 0)
			return true;
	return false;
}

size_t cl_dec_list_len(const char *const *list)
{
	size_t n = 0;
	while (list && list[n])
		n++;
	return n;
}

/* Terraform's identifier rule (hclsyntax.ValidIdentifier; the lexer's ID):
 * a letter or underscore, then letters, digits, underscores and dashes.  A
 * name outside it has no address, so state could never record what AWS
 * made for it: it is refused here, before anything runs. */
static bool letter(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;   /* UTF-8 letters too */
}

bool cl_dec_want_name(cl_dec *x, const cl_label *l, const char *what)
{
	const unsigned char *s = (const unsigned char *)l->s;
	bool ok = l->len > 0 && strlen(l->s) == l->len && (letter(s[0]) || s[0] == '_');
	for (uint32_t i = 1; ok && i < l->len; i++)
		ok = letter(s[i]) || (s[i] >= '0' && s[i] <= '9') || s[i] == '_' || s[i] == '-';
	if (ok)
		return true;
	/* The name itself is not repeated: the caret shows it, and it may hold
	 * anything, a newline included. */
	cl_diag_error(x->d, cl_loc_range(l->loc), "invalid %s name", what);
	cl_diag_hint(x->d, "a name must start with a letter or underscore and may contain only letters, "
	             "digits, underscores, and dashes");
	return false;
}

/* Check that a body holds only the named attributes and block types, each
 * attribute at most once.  what: "a variable block", for messages. */
void cl_dec_check_shape(cl_dec *x, const cl_body *b, const char *what, const char *const *attrs,
                        const char *const *blocks)
{
	for (uint32_t i = 0; i < b->n; i++) {
		const cl_item *it = &b->v[i];
		if (it->attr) {
			const char *name = it->attr->name;
			for (uint32_t j = 0; j < i; j++)
				if (b->v[j].attr && strcmp(b->v[j].attr->name, name) == 0) {
					cl_diag_error(x->d, cl_loc_range(it->attr->name_loc), "argument \"%s\" is set twice", name);
					cl_diag_note(x->d, cl_loc_range(b->v[j].attr->name_loc), "first set here");
					break;
				}
			if (cl_dec_in_list(name, attrs))
				continue;
			if (cl_dec_in_list(name, blocks)) {
				cl_diag_error(x->d, cl_loc_range(it->attr->name_loc), "\"%s\" is a block in %s, not an argument", name, what);
				cl_diag_hint(x->d, "write it as %s { ... }", name);
				continue;
			}
			cl_diag_error(x->d, cl_loc_range(it->attr->name_loc), "unsupported argument \"%s\" in %s", name, what);
			cl_dec_suggest(x, name, attrs, cl_dec_list_len(attrs));
		} else {
			const char *type = it->block->type;
			if (cl_dec_in_list(type, blocks))
				continue;
			cl_diag_error(x->d, cl_loc_range(it->block->type_loc), "unsupported block \"%s\" in %s", type, what);
			if (cl_dec_in_list(type, attrs))
				cl_diag_hint(x->d, "\"%s\" is an argument: write %s = ...", type, type);
			else
				cl_dec_suggest(x, type, blocks, cl_dec_list_len(blocks));
		}
	}
}

const cl_attr *cl_dec_find_attr(const cl_body *b, const char *name)
{
	for (uint32_t i = 0; b && i < b->n; i++)
		if (b->v[i].attr && strcmp(b->v[i].attr->name, name) == 0)
			return b->v[i].attr;
	return NULL;
}

const cl_expr *cl_dec_attr_expr(const cl_body *b, const char *name)
{
	const cl_attr *at = cl_dec_find_attr(b, name);
	return at ? at->expr : NULL;
}

bool cl_dec_want_labels(cl_dec *x, const cl_block *bl, uint32_t n, const char *names)
{
	if (bl->nlabels == n)
		return true;
	cl_loc at = bl->nlabels > n ? bl->labels[n].loc : bl->open_loc;
	cl_diag_error(x->d, cl_loc_range(at), "a %s block takes %u label%s (%s), not %u", bl->type, n, n == 1 ? "" : "s",
	              names, bl->nlabels);
	cl_diag_hint(x->d, "write it as %s %s { ... }", bl->type, names);
	return false;
}

void cl_dec_dependson(cl_dec *x, const cl_body *b, cl_dependson *out)
{
	const cl_expr *e = cl_dec_attr_expr(b, "depends_on");
	if (!e)
		return;
	if (e->kind != CL_E_TUPLE) {
		cl_diag_error(x->d, cl_loc_range(e->loc), "depends_on must be a list of references");
		cl_diag_hint(x->d, "for example: depends_on = [aws_instance.nat, module.network]");
		return;
	}
	out->v = CL_NEWN(x->a, const cl_expr *, e->u.list.n);
	for (uint32_t i = 0; i < e->u.list.n; i++) {
		const cl_expr *r = e->u.list.v[i];
		const char *s = cl_dec_literal_string(r);
		if (s) {
			/* Terraform 0.11 quoted the references; read the string as one. */
			cl_diags pd = { 0 };
			cl_source *src = cl_source_new(cl_loc_range(r->loc).src ? cl_loc_range(r->loc).src->name : "depends_on",
			                               s, strlen(s));
			cl_source_register(src);
			const cl_expr *p = cl_parse_expr(x->a, src, &pd);
			bool fine = p && !pd.nerrors;
			cl_diags_free(&pd);
			if (!fine) {
				cl_diag_error(x->d, cl_loc_range(r->loc), "\"%s\" is not a reference to a resource or module", s);
				continue;
			}
			cl_diag_warning(x->d, cl_loc_range(r->loc), "quoted references in depends_on are deprecated");
			cl_diag_hint(x->d, "write depends_on = [%s] (without quotes)", s);
			/* Keep the location of the string for messages about it. */
			cl_expr *copy = CL_NEW(x->a, cl_expr);
			*copy = *p;
			copy->loc = r->loc;
			r = copy;
		} else if (r->kind != CL_E_VAR && r->kind != CL_E_GETATTR && r->kind != CL_E_INDEX) {
			cl_diag_error(x->d, cl_loc_range(r->loc), "depends_on takes references, not expressions");
			cl_diag_hint(x->d, "name a resource, data source or module: aws_instance.nat, module.network");
			continue;
		}
		out->v[out->n++] = r;
	}
}

static const char *const variable_attrs[] = { "type", "default", "description", "sensitive", "nullable", NULL };
static const char *const variable_blocks[] = { "validation", NULL };
static const char *const validation_attrs[] = { "condition", "error_message", NULL };

static void decode_variable(cl_dec *x, const cl_block *bl)
{
	if (!cl_dec_want_labels(x, bl, 1, "\"name\"") || !cl_dec_want_name(x, &bl->labels[0], "variable"))
		return;
	const char *name = bl->labels[0].s;
	if (cl_module_var(x->m, name)) {
		cl_diag_error(x->d, cl_loc_range(bl->labels[0].loc), "variable \"%s\" is declared twice", name);
		cl_diag_note(x->d, cl_loc_range(cl_module_var(x->m, name)->loc), "first declared here");
		return;
	}
	cl_dec_check_shape(x, bl->body, "a variable block", variable_attrs, variable_blocks);
	cl_variable *v = CL_DEC_PUSH(x->a, x->m->vars, x->m->nvars);
	v->name = name;
	v->loc = bl->labels[0].loc;
	v->def = cl_dec_attr_expr(bl->body, "default");
	v->description = cl_dec_attr_expr(bl->body, "description");
	v->sensitive = cl_dec_attr_expr(bl->body, "sensitive");
	v->nullable = cl_dec_attr_expr(bl->body, "nullable");
	const cl_expr *t = cl_dec_attr_expr(bl->body, "type");
	v->type = t ? cl_type_parse(x->a, t, x->d) : &cl_type_any;
	if (!v->type)
		v->type = &cl_type_any;
	for (uint32_t i = 0; i < bl->body->n; i++) {
		const cl_block *vb = bl->body->v[i].block;
		if (!vb || strcmp(vb->type, "validation"))
			continue;
		cl_dec_check_shape(x, vb->body, "a validation block", validation_attrs, NULL);
		cl_validation *val = CL_DEC_PUSH(x->a, v->validations, v->nvalidations);
		val->condition = cl_dec_attr_expr(vb->body, "condition");
		val->error_message = cl_dec_attr_expr(vb->body, "error_message");
		val->loc = vb->loc;
		if (!val->condition || !val->error_message) {
			cl_diag_error(x->d, cl_loc_range(vb->type_loc), "a validation block needs condition and error_message");
			v->nvalidations--;
		}
	}
}

static void decode_locals(cl_dec *x, const cl_block *bl)
{
	cl_dec_want_labels(x, bl, 0, "no labels");
	for (uint32_t i = 0; i < bl->body->n; i++) {
		const cl_item *it = &bl->body->v[i];
		if (it->block) {
			cl_diag_error(x->d, cl_loc_range(it->block->type_loc), "a locals block holds only name = value pairs");
			continue;
		}
		const cl_local *prev = cl_module_local(x->m, it->attr->name);
		if (prev) {
			cl_diag_error(x->d, cl_loc_range(it->attr->name_loc), "local value \"%s\" is defined twice", it->attr->name);
			cl_diag_note(x->d, cl_loc_range(prev->loc), "first defined here");
			continue;
		}
		cl_local *l = CL_DEC_PUSH(x->a, x->m->locals, x->m->nlocals);
		l->name = it->attr->name;
		l->expr = it->attr->expr;
		l->loc = it->attr->name_loc;
	}
}

static const char *const output_attrs[] = { "value", "sensitive", "description", "depends_on", NULL };

static const char *const condition_attrs[] = { "condition", "error_message", NULL };

/* Every block of type `type` in b: { condition, error_message }. */
void cl_dec_conditions(cl_dec *x, const cl_body *b, const char *type, cl_conditions *out)
{
	for (uint32_t i = 0; i < b->n; i++) {
		const cl_block *bl = b->v[i].block;
		if (!bl || strcmp(bl->type, type))
			continue;
		cl_dec_want_labels(x, bl, 0, "no labels");
		cl_dec_check_shape(x, bl->body, cl_arena_printf(x->a, "a %s block", type), condition_attrs, NULL);
		cl_condition c = { cl_dec_attr_expr(bl->body, "condition"), cl_dec_attr_expr(bl->body, "error_message"), bl->type_loc };
		if (!c.condition || !c.error_message) {
			cl_diag_error(x->d, cl_loc_range(bl->type_loc), "a %s block needs condition and error_message", type);
			continue;
		}
		*CL_DEC_PUSH(x->a, out->v, out->n) = c;
	}
}

static void decode_check(cl_dec *x, const cl_block *bl)
{
	static const char *const check_blocks[] = { "assert", "data", NULL };
	if (!cl_dec_want_labels(x, bl, 1, "\"name\""))
		return;
	cl_dec_check_shape(x, bl->body, "a check block", NULL, check_blocks);
	for (uint32_t i = 0; i < bl->body->n; i++) {
		const cl_block *b = bl->body->v[i].block;
		if (b && !strcmp(b->type, "data")) {
			cl_diag_error(x->d, cl_loc_range(b->type_loc), "a data source scoped to a check block is not supported");
			cl_diag_hint(x->d, "declare the data source at the top level and refer to it in the assert");
		}
	}
	cl_check *c = CL_DEC_PUSH(x->a, x->m->checks, x->m->nchecks);
	memset(c, 0, sizeof *c);
	c->name = bl->labels[0].s;
	c->loc = bl->labels[0].loc;
	cl_dec_conditions(x, bl->body, "assert", &c->asserts);
}

static void decode_output(cl_dec *x, const cl_block *bl)
{
	if (!cl_dec_want_labels(x, bl, 1, "\"name\"") || !cl_dec_want_name(x, &bl->labels[0], "output"))
		return;
	const char *name = bl->labels[0].s;
	if (cl_module_output(x->m, name)) {
		cl_diag_error(x->d, cl_loc_range(bl->labels[0].loc), "output \"%s\" is declared twice", name);
		cl_diag_note(x->d, cl_loc_range(cl_module_output(x->m, name)->loc), "first declared here");
		return;
	}
	static const char *const output_blocks[] = { "precondition", NULL };
	cl_dec_check_shape(x, bl->body, "an output block", output_attrs, output_blocks);
	const cl_expr *value = cl_dec_attr_expr(bl->body, "value");
	if (!value) {
		cl_diag_error(x->d, cl_loc_range(bl->labels[0].loc), "output \"%s\" has no value", name);
		cl_diag_hint(x->d, "add value = <expression> to the block");
		return;
	}
	cl_output *o = CL_DEC_PUSH(x->a, x->m->outputs, x->m->noutputs);
	o->name = name;
	o->loc = bl->labels[0].loc;
	o->value = value;
	o->sensitive = cl_dec_attr_expr(bl->body, "sensitive");
	o->description = cl_dec_attr_expr(bl->body, "description");
	cl_dec_dependson(x, bl->body, &o->depends_on);
	o->pre = (cl_conditions){ 0 };
	cl_dec_conditions(x, bl->body, "precondition", &o->pre);
}

static void decode_provider(cl_dec *x, const cl_block *bl)
{
	if (!cl_dec_want_labels(x, bl, 1, "\"aws\""))
		return;
	const char *name = bl->labels[0].s;
	if (strcmp(name, "aws") != 0) {
		cl_diag_error(x->d, cl_loc_range(bl->labels[0].loc), "no provider \"%s\": clicamosc implements \"aws\" only", name);
		return;
	}
	cl_provider *p = CL_DEC_PUSH(x->a, x->m->providers, x->m->nproviders);
	p->name = name;
	p->body = bl->body;
	p->loc = bl->labels[0].loc;
	p->alias = cl_dec_literal_string(cl_dec_attr_expr(bl->body, "alias"));
}

static const char *const terraform_attrs[] = { "required_version", "experiments", NULL };
static const char *const terraform_blocks[] = { "backend", "required_providers", "provider_meta", "cloud", NULL };

static void decode_terraform(cl_dec *x, const cl_block *bl)
{
	cl_dec_want_labels(x, bl, 0, "no labels");
	cl_dec_check_shape(x, bl->body, "the terraform block", terraform_attrs, terraform_blocks);
	x->m->required_version = cl_dec_attr_expr(bl->body, "required_version");
	if (x->m->required_version) {
		const char *c = cl_dec_literal_string(x->m->required_version);
		if (c)
			cl_version_check(x->d, cl_loc_range(x->m->required_version->loc), c);
		else
			cl_diag_error(x->d, cl_loc_range(x->m->required_version->loc), "required_version must be a literal string");
	}
	for (uint32_t i = 0; i < bl->body->n; i++) {
		const cl_block *b = bl->body->v[i].block;
		if (!b)
			continue;
		if (strcmp(b->type, "provider_meta") == 0)
			continue;   /* module metadata for a provider's telemetry: nothing to do */
		if (strcmp(b->type, "cloud") == 0) {
			cl_diag_error(x->d, cl_loc_range(b->type_loc), "HCP Terraform (the cloud block) is not supported");
			cl_diag_hint(x->d, "use a backend \"s3\" or \"local\" block");
			continue;
		}
		if (strcmp(b->type, "backend") == 0) {
			if (!cl_dec_want_labels(x, b, 1, "\"s3\""))
				continue;
			if (x->depth > 0) {
				cl_diag_warning(x->d, cl_loc_range(b->type_loc), "a backend in a called module is ignored");
				continue;
			}
			if (strcmp(b->labels[0].s, "s3") && strcmp(b->labels[0].s, "local")) {
				cl_diag_error(x->d, cl_loc_range(b->labels[0].loc), "unsupported backend \"%s\"", b->labels[0].s);
				cl_diag_hint(x->d, "clicamosc has the \"s3\" and \"local\" backends");
				continue;
			}
			x->m->backend = CL_NEW(x->a, cl_backend);
			x->m->backend->type = b->labels[0].s;
			x->m->backend->body = b->body;
			x->m->backend->loc = b->loc;
			continue;
		}
		/* required_providers: only aws (and the built-in terraform) exist. */
		for (uint32_t j = 0; j < b->body->n; j++) {
			const cl_attr *p = b->body->v[j].attr;
			if (p && strcmp(p->name, "aws") && strcmp(p->name, "terraform")) {
				cl_diag_error(x->d, cl_loc_range(p->name_loc), "provider \"%s\" is not available", p->name);
				cl_diag_hint(x->d, "clicamosc implements the \"aws\" provider (and the built-in \"terraform\")");
			}
		}
	}
}

/* --- the module ------------------------------------------------------- */

static const char *const top_blocks[] = { "terraform", "provider", "variable", "locals", "output", "resource",
                                           "data", "module", "check", "moved", "removed", "import", NULL };

/* The address an expression names: aws_vpc.a, aws_vpc.a[0], module.net,
 * written as a reference (not evaluated); NULL when it is not one. */
static const char *address_of(cl_dec *x, const cl_expr *e)
{
	if (!e)
		return NULL;
	switch (e->kind) {
	case CL_E_VAR:
		return e->u.name;
	case CL_E_GETATTR: {
		const char *o = address_of(x, e->u.attr.obj);
		return o ? cl_arena_printf(x->a, "%s.%s", o, e->u.attr.name) : NULL;
	}
	case CL_E_INDEX: {
		const char *o = address_of(x, e->u.index.coll);
		const cl_expr *k = e->u.index.key;
		if (!o)
			return NULL;
		if (k->kind == CL_E_NUMBER)
			return cl_arena_printf(x->a, "%s[%s]", o, k->u.text);
		const char *s = cl_dec_literal_string(k);
		return s ? cl_arena_printf(x->a, "%s[\"%s\"]", o, s) : NULL;
	}
	default:
		return NULL;
	}
}

static const char *statement_address(cl_dec *x, const cl_body *b, const char *name, const cl_block *bl)
{
	const cl_expr *e = cl_dec_attr_expr(b, name);
	const char *a = address_of(x, e);
	if (!a) {
		cl_diag_error(x->d, cl_loc_range(e ? e->loc : bl->type_loc), "%s needs %s = <address>", bl->type, name);
		cl_diag_hint(x->d, "a resource or module address, unquoted: %s = aws_vpc.old", name);
	}
	return a;
}

static void decode_moved(cl_dec *x, const cl_block *bl)
{
	static const char *const moved_attrs[] = { "from", "to", NULL };
	static const char *const removed_attrs[] = { "from", NULL };
	static const char *const removed_blocks[] = { "lifecycle", "provisioner", "connection", NULL };
	bool removed = !strcmp(bl->type, "removed");
	cl_dec_want_labels(x, bl, 0, "no labels");
	cl_dec_check_shape(x, bl->body, removed ? "a removed block" : "a moved block", removed ? removed_attrs : moved_attrs,
	            removed ? removed_blocks : NULL);
	cl_moved mv = { statement_address(x, bl->body, "from", bl), NULL, false, bl->type_loc };
	if (!removed)
		mv.to = statement_address(x, bl->body, "to", bl);
	for (uint32_t i = 0; removed && i < bl->body->n; i++) {
		const cl_block *lc = bl->body->v[i].block;
		if (!lc || strcmp(lc->type, "lifecycle"))
			continue;
		static const char *const attrs[] = { "destroy", NULL };
		cl_dec_check_shape(x, lc->body, "a removed block's lifecycle", attrs, NULL);
		const cl_expr *d = cl_dec_attr_expr(lc->body, "destroy");
		mv.keep = d && d->kind == CL_E_BOOL && !d->u.boolean;
		if (d && d->kind != CL_E_BOOL)
			cl_diag_error(x->d, cl_loc_range(d->loc), "destroy must be true or false");
	}
	if (!mv.from || (!removed && !mv.to))
		return;
	if (removed)
		*CL_DEC_PUSH(x->a, x->m->removed, x->m->nremoved) = mv;
	else
		*CL_DEC_PUSH(x->a, x->m->moved, x->m->nmoved) = mv;
}

/* to = aws_vpc.main, aws_vpc.main[0], module.net.aws_vpc.main[each.key]: a
 * chain of names and keys (evaluated when planning) from a resource type
 * or module, not data, var or local. */
static bool instance_ref(const cl_expr *e)
{
	bool attr = false;
	while (e && (e->kind == CL_E_GETATTR || e->kind == CL_E_INDEX)) {
		attr |= e->kind == CL_E_GETATTR;
		e = e->kind == CL_E_GETATTR ? e->u.attr.obj : e->u.index.coll;
	}
	return attr && e && e->kind == CL_E_VAR && strcmp(e->u.name, "data") && strcmp(e->u.name, "var") &&
	       strcmp(e->u.name, "local") && strcmp(e->u.name, "each");
}

static void decode_import(cl_dec *x, const cl_block *bl)
{
	static const char *const attrs[] = { "to", "id", "provider", "for_each", NULL };
	cl_dec_want_labels(x, bl, 0, "no labels");
	cl_dec_check_shape(x, bl->body, "an import block", attrs, NULL);
	if (x->depth > 0) {
		cl_diag_error(x->d, cl_loc_range(bl->type_loc), "an import block is only allowed in the root module");
		cl_diag_hint(x->d, "move it to the root module, with to = module.NAME... addressing the resource");
		return;
	}
	cl_import im = { cl_dec_attr_expr(bl->body, "to"), cl_dec_attr_expr(bl->body, "id"), cl_dec_attr_expr(bl->body, "for_each"), NULL,
		             bl->type_loc };
	if (!im.to || !im.id) {
		cl_diag_error(x->d, cl_loc_range(bl->type_loc), "an import block needs to = <resource address> and id = "
		              "\"<the object's id>\"");
		return;
	}
	if (!instance_ref(im.to)) {
		cl_diag_error(x->d, cl_loc_range(im.to->loc), "to must be a managed resource instance address, such as "
		              "aws_vpc.main or aws_vpc.main[each.key]");
		return;
	}
	const cl_expr *p = cl_dec_attr_expr(bl->body, "provider");
	if (p)
		im.provider = cl_dec_provider_ref(x, p);
	*CL_DEC_PUSH(x->a, x->m->imports, x->m->nimports) = im;
}

static void decode_block(cl_dec *x, const cl_block *bl)
{
	const char *t = bl->type;
	if (!strcmp(t, "variable"))
		decode_variable(x, bl);
	else if (!strcmp(t, "locals"))
		decode_locals(x, bl);
	else if (!strcmp(t, "output"))
		decode_output(x, bl);
	else if (!strcmp(t, "provider"))
		decode_provider(x, bl);
	else if (!strcmp(t, "terraform"))
		decode_terraform(x, bl);
	else if (!strcmp(t, "resource") || !strcmp(t, "data"))
		cl_dec_resource(x, bl, t[0] == 'd');
	else if (!strcmp(t, "module"))
		cl_dec_call(x, bl, NULL);
	else if (!strcmp(t, "check"))
		decode_check(x, bl);
	else if (!strcmp(t, "moved") || !strcmp(t, "removed"))
		decode_moved(x, bl);
	else if (!strcmp(t, "import"))
		decode_import(x, bl);
	else if (cl_dec_find_kind(t))
		cl_dec_call(x, bl, t);
	else {
		cl_diag_error(x->d, cl_loc_range(bl->type_loc), "unknown block type \"%s\"", t);
		const char *cands[16];
		size_t n = 0;
		for (const char *const *p = top_blocks; *p; p++)
			cands[n++] = *p;
		for (unsigned i = 0; i < cl_stdlib_nfiles && n < 16; i++)
			cands[n++] = cl_stdlib_files[i].kind;
		const char *s = cl_suggest(t, cands, n);
		if (s)
			cl_diag_hint(x->d, "did you mean \"%s\"?", s);
		else
			cl_diag_hint(x->d, "the top level holds resource, data, variable, locals, output, module, provider, "
			                   "terraform blocks and the kinds network, security_group, elb, asg");
	}
}

cl_module *cl_dec_module(cl_arena *a, cl_module_src *src, const char *kind, int depth, const char *root,
                                const char *key, cl_diags *d)
{
	cl_module *m = CL_NEW(a, cl_module);
	m->src = *src;
	m->dir = src->dir;
	m->kind = kind;
	cl_dec x = { a, d, m, depth, root, key };
	for (unsigned f = 0; f < src->nfiles; f++) {
		const cl_body *b = src->files[f]->body;
		for (uint32_t i = 0; i < b->n; i++) {
			if (b->v[i].block) {
				decode_block(&x, b->v[i].block);
				continue;
			}
			cl_diag_error(d, cl_loc_range(b->v[i].attr->name_loc), "argument \"%s\" outside any block", b->v[i].attr->name);
			cl_diag_hint(d, "the top level of a configuration holds only blocks (resource, variable, ...)");
		}
	}
	return m;
}

cl_module *cl_config_load(cl_arena *a, const char *path, cl_diags *d)
{
	cl_module_src src;
	size_t errors_before = d->nerrors;
	if (!cl_load_module(a, path, &src, d) || d->nerrors > errors_before) {
		cl_module *m = CL_NEW(a, cl_module);
		m->dir = cl_arena_strdup(a, path);
		return m;
	}
	return cl_dec_module(a, &src, NULL, 0, path, "", d);
}

/* --- lookups ---------------------------------------------------------- */

const cl_variable *cl_module_var(const cl_module *m, const char *name)
{
	for (unsigned i = 0; i < m->nvars; i++)
		if (strcmp(m->vars[i].name, name) == 0)
			return &m->vars[i];
	return NULL;
}

const cl_local *cl_module_local(const cl_module *m, const char *name)
{
	for (unsigned i = 0; i < m->nlocals; i++)
		if (strcmp(m->locals[i].name, name) == 0)
			return &m->locals[i];
	return NULL;
}

const cl_output *cl_module_output(const cl_module *m, const char *name)
{
	for (unsigned i = 0; i < m->noutputs; i++)
		if (strcmp(m->outputs[i].name, name) == 0)
			return &m->outputs[i];
	return NULL;
}

int cl_module_resource_at(const cl_module *m, bool data, const char *type, const char *name)
{
	char key[512];
	unsigned i;
	int n = snprintf(key, sizeof key, "%s%s.%s", data ? "data." : "", type, name);
	if (n < 0 || (size_t)n >= sizeof key || !cl_index_get(&m->resource_index, key, &i))
		return -1;
	return (int)i;
}

const cl_resource *cl_module_resource(const cl_module *m, bool data, const char *type, const char *name)
{
	int i = cl_module_resource_at(m, data, type, name);
	return i < 0 ? NULL : &m->resources[i];
}

int cl_module_call_at(const cl_module *m, const char *kind, const char *name)
{
	char key[512];
	unsigned i;
	if (!cl_dec_call_key(key, sizeof key, kind, name) || !cl_index_get(&m->call_index, key, &i))
		return -1;
	return (int)i;
}

const cl_call *cl_module_call(const cl_module *m, const char *kind, const char *name)
{
	int i = cl_module_call_at(m, kind, name);
	return i < 0 ? NULL : &m->calls[i];
}

