/* config.c: decode a module's syntax trees into its configuration (see
 * config.h).  Checks what can be checked without evaluating anything: block
 * and argument names (with suggestions), labels, duplicates, required
 * arguments, resource arguments against the type's schema, and loads the
 * modules and kinds it calls.  Legacy Terraform 0.11 forms are accepted here
 * with a warning naming the modern form. */
#include "compiler/config.h"
#include "compiler/modmanifest.h"
#include "compiler/stdlib.h"
#include "compiler/version.h"
#include "util/buf.h"
#include "util/path.h"
#include "util/suggest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct dec {
	cl_arena *a;
	cl_diags *d;
	cl_module *m;
	int depth;               /* module nesting, against a module calling itself */
	const char *root;        /* the root module's directory: module sources should stay inside */
	const char *key;         /* the module's key in the manifest ("" for the root, "net.subnets") */
} dec;

enum { MAX_MODULE_DEPTH = 32 };

/* Append one element to an arena array, doubling its room when full (a
 * module may hold 100,000 resources). */
static void *grow(cl_arena *a, void *p, unsigned n, size_t size)
{
	return n & (n - 1) ? p : cl_arena_realloc(a, p, n * size, (n ? 2 * n : 1) * size);
}
#define PUSH(a, arr, n) ((arr) = grow((a), (arr), (n), sizeof *(arr)), &(arr)[(n)++])

/* Returns the suggestion made, if any. */
static const char *suggest_hint(dec *x, const char *name, const char *const *cands, size_t n)
{
	const char *s = cl_suggest(name, cands, n);
	if (s)
		cl_diag_hint(x->d, "did you mean \"%s\"?", s);
	return s;
}

/* Names already suggested for a misspelt argument: their absence is the
 * same mistake, not a second one. */
typedef struct suggested {
	const char *v[32];
	unsigned n;
} suggested;

static void note_suggested(suggested *s, const char *name)
{
	if (name && s->n < 32)
		s->v[s->n++] = name;
}

static bool was_suggested(const suggested *s, const char *name)
{
	for (unsigned i = 0; i < s->n; i++)
		if (!strcmp(s->v[i], name))
			return true;
	return false;
}

/* The text of an expression that is a plain quoted string, or NULL. */
static const char *literal_string(const cl_expr *e)
{
	if (!e || e->kind != CL_E_TEMPLATE)
		return NULL;
	if (e->u.list.n == 0)
		return "";
	if (e->u.list.n == 1 && e->u.list.v[0]->kind == CL_E_STRING)
		return e->u.list.v[0]->u.str.s;
	return NULL;
}

static const char *provider_ref(dec *x, const cl_expr *e);

static bool in_list(const char *name, const char *const *list)
{
	for (; list && *list; list++)
		if (strcmp(*list, name) == 0)
			return true;
	return false;
}

static size_t list_len(const char *const *list)
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

static bool want_name(dec *x, const cl_label *l, const char *what)
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
static void check_shape(dec *x, const cl_body *b, const char *what, const char *const *attrs,
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
			if (in_list(name, attrs))
				continue;
			if (in_list(name, blocks)) {
				cl_diag_error(x->d, cl_loc_range(it->attr->name_loc), "\"%s\" is a block in %s, not an argument", name, what);
				cl_diag_hint(x->d, "write it as %s { ... }", name);
				continue;
			}
			cl_diag_error(x->d, cl_loc_range(it->attr->name_loc), "unsupported argument \"%s\" in %s", name, what);
			suggest_hint(x, name, attrs, list_len(attrs));
		} else {
			const char *type = it->block->type;
			if (in_list(type, blocks))
				continue;
			cl_diag_error(x->d, cl_loc_range(it->block->type_loc), "unsupported block \"%s\" in %s", type, what);
			if (in_list(type, attrs))
				cl_diag_hint(x->d, "\"%s\" is an argument: write %s = ...", type, type);
			else
				suggest_hint(x, type, blocks, list_len(blocks));
		}
	}
}

static const cl_attr *find_attr(const cl_body *b, const char *name)
{
	for (uint32_t i = 0; b && i < b->n; i++)
		if (b->v[i].attr && strcmp(b->v[i].attr->name, name) == 0)
			return b->v[i].attr;
	return NULL;
}

static const cl_expr *attr_expr(const cl_body *b, const char *name)
{
	const cl_attr *at = find_attr(b, name);
	return at ? at->expr : NULL;
}

static bool want_labels(dec *x, const cl_block *bl, uint32_t n, const char *names)
{
	if (bl->nlabels == n)
		return true;
	cl_loc at = bl->nlabels > n ? bl->labels[n].loc : bl->open_loc;
	cl_diag_error(x->d, cl_loc_range(at), "a %s block takes %u label%s (%s), not %u", bl->type, n, n == 1 ? "" : "s",
	              names, bl->nlabels);
	cl_diag_hint(x->d, "write it as %s %s { ... }", bl->type, names);
	return false;
}

static void decode_dependson(dec *x, const cl_body *b, cl_dependson *out)
{
	const cl_expr *e = attr_expr(b, "depends_on");
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
		const char *s = literal_string(r);
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

static void decode_variable(dec *x, const cl_block *bl)
{
	if (!want_labels(x, bl, 1, "\"name\"") || !want_name(x, &bl->labels[0], "variable"))
		return;
	const char *name = bl->labels[0].s;
	if (cl_module_var(x->m, name)) {
		cl_diag_error(x->d, cl_loc_range(bl->labels[0].loc), "variable \"%s\" is declared twice", name);
		cl_diag_note(x->d, cl_loc_range(cl_module_var(x->m, name)->loc), "first declared here");
		return;
	}
	check_shape(x, bl->body, "a variable block", variable_attrs, variable_blocks);
	cl_variable *v = PUSH(x->a, x->m->vars, x->m->nvars);
	v->name = name;
	v->loc = bl->labels[0].loc;
	v->def = attr_expr(bl->body, "default");
	v->description = attr_expr(bl->body, "description");
	v->sensitive = attr_expr(bl->body, "sensitive");
	v->nullable = attr_expr(bl->body, "nullable");
	const cl_expr *t = attr_expr(bl->body, "type");
	v->type = t ? cl_type_parse(x->a, t, x->d) : &cl_type_any;
	if (!v->type)
		v->type = &cl_type_any;
	for (uint32_t i = 0; i < bl->body->n; i++) {
		const cl_block *vb = bl->body->v[i].block;
		if (!vb || strcmp(vb->type, "validation"))
			continue;
		check_shape(x, vb->body, "a validation block", validation_attrs, NULL);
		cl_validation *val = PUSH(x->a, v->validations, v->nvalidations);
		val->condition = attr_expr(vb->body, "condition");
		val->error_message = attr_expr(vb->body, "error_message");
		val->loc = vb->loc;
		if (!val->condition || !val->error_message) {
			cl_diag_error(x->d, cl_loc_range(vb->type_loc), "a validation block needs condition and error_message");
			v->nvalidations--;
		}
	}
}

static void decode_locals(dec *x, const cl_block *bl)
{
	want_labels(x, bl, 0, "no labels");
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
		cl_local *l = PUSH(x->a, x->m->locals, x->m->nlocals);
		l->name = it->attr->name;
		l->expr = it->attr->expr;
		l->loc = it->attr->name_loc;
	}
}

static const char *const output_attrs[] = { "value", "sensitive", "description", "depends_on", NULL };

static const char *const condition_attrs[] = { "condition", "error_message", NULL };

/* Every block of type `type` in b: { condition, error_message }. */
static void decode_conditions(dec *x, const cl_body *b, const char *type, cl_conditions *out)
{
	for (uint32_t i = 0; i < b->n; i++) {
		const cl_block *bl = b->v[i].block;
		if (!bl || strcmp(bl->type, type))
			continue;
		want_labels(x, bl, 0, "no labels");
		check_shape(x, bl->body, cl_arena_printf(x->a, "a %s block", type), condition_attrs, NULL);
		cl_condition c = { attr_expr(bl->body, "condition"), attr_expr(bl->body, "error_message"), bl->type_loc };
		if (!c.condition || !c.error_message) {
			cl_diag_error(x->d, cl_loc_range(bl->type_loc), "a %s block needs condition and error_message", type);
			continue;
		}
		*PUSH(x->a, out->v, out->n) = c;
	}
}

static void decode_check(dec *x, const cl_block *bl)
{
	static const char *const check_blocks[] = { "assert", "data", NULL };
	if (!want_labels(x, bl, 1, "\"name\""))
		return;
	check_shape(x, bl->body, "a check block", NULL, check_blocks);
	for (uint32_t i = 0; i < bl->body->n; i++) {
		const cl_block *b = bl->body->v[i].block;
		if (b && !strcmp(b->type, "data")) {
			cl_diag_error(x->d, cl_loc_range(b->type_loc), "a data source scoped to a check block is not supported");
			cl_diag_hint(x->d, "declare the data source at the top level and refer to it in the assert");
		}
	}
	cl_check *c = PUSH(x->a, x->m->checks, x->m->nchecks);
	memset(c, 0, sizeof *c);
	c->name = bl->labels[0].s;
	c->loc = bl->labels[0].loc;
	decode_conditions(x, bl->body, "assert", &c->asserts);
}

static void decode_output(dec *x, const cl_block *bl)
{
	if (!want_labels(x, bl, 1, "\"name\"") || !want_name(x, &bl->labels[0], "output"))
		return;
	const char *name = bl->labels[0].s;
	if (cl_module_output(x->m, name)) {
		cl_diag_error(x->d, cl_loc_range(bl->labels[0].loc), "output \"%s\" is declared twice", name);
		cl_diag_note(x->d, cl_loc_range(cl_module_output(x->m, name)->loc), "first declared here");
		return;
	}
	static const char *const output_blocks[] = { "precondition", NULL };
	check_shape(x, bl->body, "an output block", output_attrs, output_blocks);
	const cl_expr *value = attr_expr(bl->body, "value");
	if (!value) {
		cl_diag_error(x->d, cl_loc_range(bl->labels[0].loc), "output \"%s\" has no value", name);
		cl_diag_hint(x->d, "add value = <expression> to the block");
		return;
	}
	cl_output *o = PUSH(x->a, x->m->outputs, x->m->noutputs);
	o->name = name;
	o->loc = bl->labels[0].loc;
	o->value = value;
	o->sensitive = attr_expr(bl->body, "sensitive");
	o->description = attr_expr(bl->body, "description");
	decode_dependson(x, bl->body, &o->depends_on);
	o->pre = (cl_conditions){ 0 };
	decode_conditions(x, bl->body, "precondition", &o->pre);
}

static void decode_provider(dec *x, const cl_block *bl)
{
	if (!want_labels(x, bl, 1, "\"aws\""))
		return;
	const char *name = bl->labels[0].s;
	if (strcmp(name, "aws") != 0) {
		cl_diag_error(x->d, cl_loc_range(bl->labels[0].loc), "no provider \"%s\": clicamosc implements \"aws\" only", name);
		return;
	}
	cl_provider *p = PUSH(x->a, x->m->providers, x->m->nproviders);
	p->name = name;
	p->body = bl->body;
	p->loc = bl->labels[0].loc;
	p->alias = literal_string(attr_expr(bl->body, "alias"));
}

static const char *const terraform_attrs[] = { "required_version", "experiments", NULL };
static const char *const terraform_blocks[] = { "backend", "required_providers", "provider_meta", "cloud", NULL };

static void decode_terraform(dec *x, const cl_block *bl)
{
	want_labels(x, bl, 0, "no labels");
	check_shape(x, bl->body, "the terraform block", terraform_attrs, terraform_blocks);
	x->m->required_version = attr_expr(bl->body, "required_version");
	if (x->m->required_version) {
		const char *c = literal_string(x->m->required_version);
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
			if (!want_labels(x, b, 1, "\"s3\""))
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

/* --- resources ------------------------------------------------------- */

static const char *const lifecycle_attrs[] = { "create_before_destroy", "prevent_destroy", "ignore_changes",
                                                "replace_triggered_by", NULL };
static const char *const meta_attrs[] = { "count", "for_each", "depends_on", "provider", NULL };

bool cl_config_is_meta(const char *name)
{
	return in_list(name, meta_attrs);
}

static void schema_names(const cl_schema *s, bool blocks, const char **out, size_t *n)
{
	*n = 0;
	if (blocks) {
		for (const cl_schema_block *b = s->blocks; b && b->name; b++)
			out[(*n)++] = b->name;
	} else {
		for (const cl_schema_attr *at = s->attrs; at->name; at++)
			if (at->flags & (CL_SA_REQUIRED | CL_SA_OPTIONAL))
				out[(*n)++] = at->name;
	}
}

/* Check a resource body (or a nested block's) against its schema. */
static void check_schema(dec *x, const cl_body *b, const cl_schema *s, const char *what, cl_loc where, bool top)
{
	const char *names[128];
	size_t nn;
	suggested sg = { .n = 0 };
	for (uint32_t i = 0; i < b->n; i++) {
		const cl_item *it = &b->v[i];
		if (it->attr) {
			const char *name = it->attr->name;
			if (top && in_list(name, meta_attrs))
				continue;
			const cl_schema_attr *sa = cl_schema_attr_find(s, name);
			if (sa && (sa->flags & (CL_SA_REQUIRED | CL_SA_OPTIONAL)))
				continue;
			if (sa) {
				cl_diag_error(x->d, cl_loc_range(it->attr->name_loc), "\"%s\" is read-only in %s: AWS sets it", name, what);
				cl_diag_hint(x->d, "remove it; read it as %s.%s elsewhere", what, name);
			} else if (cl_schema_block_find(s, name)) {
				/* Terraform 0.11 assigned a list of maps to a block type. */
				cl_diag_warning(x->d, cl_loc_range(it->attr->name_loc), "\"%s\" is a block in %s: assigning it a "
				                "list of maps is deprecated (Terraform 0.11)", name, what);
				cl_diag_hint(x->d, "write a %s { ... } block for each, or dynamic \"%s\" { for_each = ... } "
				             "(fmt -upgrade does)", name, name);
			} else {
				cl_diag_error(x->d, cl_loc_range(it->attr->name_loc), "unsupported argument \"%s\" in %s", name, what);
				schema_names(s, false, names, &nn);
				note_suggested(&sg, suggest_hint(x, name, names, nn));
			}
			continue;
		}
		const cl_block *bl = it->block;
		const char *type = bl->type;
		if (top && (strcmp(type, "lifecycle") == 0 || strcmp(type, "provisioner") == 0 ||
		            strcmp(type, "connection") == 0))
			continue;
		if (strcmp(type, "dynamic") == 0) {
			if (!want_labels(x, bl, 1, "\"block_name\""))
				continue;
			type = bl->labels[0].s;
		}
		const cl_schema_block *sb = cl_schema_block_find(s, type);
		if (sb) {
			if (strcmp(bl->type, "dynamic") != 0) {
				check_schema(x, bl->body, sb->body, type, bl->type_loc, false);
			} else {
				const cl_block *content = NULL;
				for (uint32_t j = 0; j < bl->body->n; j++)
					if (bl->body->v[j].block && strcmp(bl->body->v[j].block->type, "content") == 0)
						content = bl->body->v[j].block;
				static const char *const dyn_attrs[] = { "for_each", "iterator", "labels", NULL };
				static const char *const dyn_blocks[] = { "content", NULL };
				check_shape(x, bl->body, "a dynamic block", dyn_attrs, dyn_blocks);
				if (!content || !find_attr(bl->body, "for_each"))
					cl_diag_error(x->d, cl_loc_range(bl->type_loc), "a dynamic block needs for_each and a content block");
				else
					check_schema(x, content->body, sb->body, type, bl->type_loc, false);
			}
			continue;
		}
		const cl_schema_attr *sa = cl_schema_attr_find(s, type);
		if (sa && (sa->type == CL_AT_MAP || sa->type == CL_AT_ANY) && strcmp(bl->type, "dynamic") != 0) {
			/* Terraform 0.11 wrote map arguments as blocks: tags { Name = "x" },
			 * terraform_remote_state's config { bucket = "b" }. */
			cl_diag_warning(x->d, cl_loc_range(bl->type_loc), "\"%s\" written as a block is deprecated", type);
			cl_diag_hint(x->d, "write it as an argument: %s = { ... }", type);
			continue;
		}
		cl_diag_error(x->d, cl_loc_range(bl->type_loc), "unsupported block \"%s\" in %s", type, what);
		schema_names(s, true, names, &nn);
		suggest_hint(x, type, names, nn);
	}
	/* Required arguments and block counts. */
	for (const cl_schema_attr *sa = s->attrs; sa->name; sa++)
		if ((sa->flags & CL_SA_REQUIRED) && !find_attr(b, sa->name) && !was_suggested(&sg, sa->name)) {
			cl_diag_error(x->d, cl_loc_range(where), "%s needs the argument \"%s\"", what, sa->name);
			cl_diag_hint(x->d, "add %s = ... to the block", sa->name);
		}
	for (const cl_schema_block *sb = s->blocks; sb && sb->name; sb++) {
		int count = 0;
		bool dynamic = false;
		for (uint32_t i = 0; i < b->n; i++) {
			const cl_block *bl = b->v[i].block;
			if (!bl)
				continue;
			if (strcmp(bl->type, sb->name) == 0)
				count++;
			else if (strcmp(bl->type, "dynamic") == 0 && bl->nlabels == 1 && strcmp(bl->labels[0].s, sb->name) == 0)
				dynamic = true;
		}
		if (find_attr(b, sb->name))
			dynamic = true;   /* listener = [...] (0.11): counted when evaluated */
		if (!dynamic && count < sb->min) {
			cl_diag_error(x->d, cl_loc_range(where), "%s needs at least %d \"%s\" block%s", what, sb->min, sb->name,
			              sb->min == 1 ? "" : "s");
		} else if (sb->max && count > sb->max) {
			cl_diag_error(x->d, cl_loc_range(where), "%s takes at most %d \"%s\" block%s, not %d", what, sb->max, sb->name,
			              sb->max == 1 ? "" : "s", count);
		}
	}
}

static const char *const lifecycle_blocks[] = { "precondition", "postcondition", NULL };

/* A bare keyword argument (when = destroy): its name, or NULL. */
static const char *keyword(const cl_expr *e)
{
	return e && e->kind == CL_E_VAR ? e->u.name : NULL;
}

/* Every argument of Terraform's connection block (ssh and winrm), so that
 * a configuration Terraform accepts is read; the ones clicamosc cannot
 * honour (bastions, proxies, certificates, winrm) are refused when set. */
static const char *const connection_attrs[] = {
	"type", "user", "password", "host", "port", "timeout", "script_path", "private_key", "certificate", "host_key",
	"agent", "agent_identity", "target_platform", "bastion_host", "bastion_host_key", "bastion_port", "bastion_user",
	"bastion_password", "bastion_private_key", "bastion_certificate", "proxy_scheme", "proxy_host", "proxy_port",
	"proxy_user_name", "proxy_user_password", "https", "insecure", "use_ntlm", "cacert", NULL,
};

/* The one connection block of a body (a resource's or a provisioner's). */
static const cl_body *decode_connection(dec *x, const cl_body *b)
{
	const cl_block *found = NULL;
	for (uint32_t i = 0; i < b->n; i++) {
		const cl_block *bl = b->v[i].block;
		if (!bl || strcmp(bl->type, "connection"))
			continue;
		if (found) {
			cl_diag_error(x->d, cl_loc_range(bl->type_loc), "only one connection block is allowed here");
			cl_diag_note(x->d, cl_loc_range(found->type_loc), "the first one is here");
			continue;
		}
		found = bl;
		want_labels(x, bl, 0, "no labels");
		check_shape(x, bl->body, "a connection block", connection_attrs, NULL);
	}
	return found ? found->body : NULL;
}

static void decode_provisioners(dec *x, const cl_body *b, cl_resource *r)
{
	static const char *const local_attrs[] = { "command", "working_dir", "interpreter", "environment", "quiet",
		                                       "when", "on_failure", NULL };
	static const char *const remote_attrs[] = { "inline", "script", "scripts", "when", "on_failure", NULL };
	static const char *const file_attrs[] = { "source", "content", "destination", "when", "on_failure", NULL };
	static const char *const blocks[] = { "connection", NULL };
	r->provisioners = NULL;
	r->nprovisioners = 0;
	r->connection = decode_connection(x, b);
	for (uint32_t i = 0; i < b->n; i++) {
		const cl_block *bl = b->v[i].block;
		if (!bl || strcmp(bl->type, "provisioner"))
			continue;
		if (!want_labels(x, bl, 1, "\"local-exec\", \"remote-exec\" or \"file\""))
			continue;
		const char *type = bl->labels[0].s;
		const char *const *attrs = !strcmp(type, "local-exec")    ? local_attrs
		                           : !strcmp(type, "remote-exec") ? remote_attrs
		                           : !strcmp(type, "file")        ? file_attrs
		                                                          : NULL;
		if (!attrs) {
			cl_diag_error(x->d, cl_loc_range(bl->labels[0].loc), "provisioner \"%s\" is not supported", type);
			cl_diag_hint(x->d, "clicamosc runs the \"local-exec\", \"remote-exec\" and \"file\" provisioners "
			             "(Terraform's built-in ones)");
			continue;
		}
		const char *what = cl_arena_printf(x->a, "a %s provisioner", type);
		check_shape(x, bl->body, what, attrs, blocks);
		cl_provisioner pv = { type, bl->body, decode_connection(x, bl->body), false, false, bl->type_loc };
		if (attrs == local_attrs && !attr_expr(bl->body, "command")) {
			cl_diag_error(x->d, cl_loc_range(bl->type_loc), "a local-exec provisioner needs command = \"...\"");
			continue;
		}
		if (attrs == remote_attrs && !!attr_expr(bl->body, "inline") + !!attr_expr(bl->body, "script") +
		                                     !!attr_expr(bl->body, "scripts") != 1) {
			cl_diag_error(x->d, cl_loc_range(bl->type_loc), "a remote-exec provisioner needs exactly one of inline, "
			              "script and scripts");
			cl_diag_hint(x->d, "inline = [\"command\", ...] runs commands; script = \"file.sh\" uploads and runs a "
			             "local script");
			continue;
		}
		if (attrs == file_attrs && (!attr_expr(bl->body, "destination") ||
		                            !!attr_expr(bl->body, "source") + !!attr_expr(bl->body, "content") != 1)) {
			cl_diag_error(x->d, cl_loc_range(bl->type_loc), "a file provisioner needs destination and exactly one of "
			              "source and content");
			cl_diag_hint(x->d, "source = \"local/path\" or content = \"text\", and destination = \"/remote/path\"");
			continue;
		}
		if (attrs != local_attrs && !attr_expr(pv.connection, "host") && !attr_expr(r->connection, "host")) {
			cl_diag_error(x->d, cl_loc_range(bl->type_loc), "a %s provisioner needs a connection block with host",
			              type);
			cl_diag_hint(x->d, "add connection { host = self.public_ip  user = \"...\"  private_key = file(\"...\") } "
			             "to the resource or the provisioner");
			continue;
		}
		const cl_expr *w = attr_expr(bl->body, "when"), *f = attr_expr(bl->body, "on_failure");
		const char *wk = keyword(w), *fk = keyword(f);
		if (w && (!wk || (strcmp(wk, "destroy") && strcmp(wk, "create"))))
			cl_diag_error(x->d, cl_loc_range(w->loc), "when must be create or destroy (a keyword, unquoted)");
		if (f && (!fk || (strcmp(fk, "continue") && strcmp(fk, "fail"))))
			cl_diag_error(x->d, cl_loc_range(f->loc), "on_failure must be continue or fail (a keyword, unquoted)");
		pv.at_destroy = wk && !strcmp(wk, "destroy");
		pv.keep_going = fk && !strcmp(fk, "continue");
		*PUSH(x->a, r->provisioners, r->nprovisioners) = pv;
	}
}

static void decode_lifecycle(dec *x, const cl_body *b, cl_lifecycle *lc)
{
	for (uint32_t i = 0; i < b->n; i++) {
		const cl_block *bl = b->v[i].block;
		if (!bl || strcmp(bl->type, "lifecycle"))
			continue;
		want_labels(x, bl, 0, "no labels");
		check_shape(x, bl->body, "a lifecycle block", lifecycle_attrs, lifecycle_blocks);
		decode_conditions(x, bl->body, "precondition", &lc->pre);
		decode_conditions(x, bl->body, "postcondition", &lc->post);
		lc->create_before_destroy = attr_expr(bl->body, "create_before_destroy");
		lc->prevent_destroy = attr_expr(bl->body, "prevent_destroy");
		lc->ignore_changes = attr_expr(bl->body, "ignore_changes");
		lc->loc = bl->type_loc;
	}
}

static void type_suggestion(dec *x, const char *type, bool data)
{
	unsigned n;
	const cl_resource_type *const *all = cl_schema_all(&n);
	const char *names[64];
	size_t k = 0;
	for (unsigned i = 0; i < n && k < 64; i++)
		if (all[i]->data == data)
			names[k++] = all[i]->name;
	const char *s = cl_suggest(type, names, k);
	if (s)
		cl_diag_hint(x->d, "did you mean \"%s\"?", s);
	else
		cl_diag_hint(x->d, "clicamosc knows %s: aws_vpc, aws_subnet, aws_elb, aws_autoscaling_group, ...",
		             data ? "the data sources aws_ami and aws_availability_zones" : "the AWS resource types");
}

static void decode_resource(dec *x, const cl_block *bl, bool data)
{
	if (!want_labels(x, bl, 2, "\"type\" \"name\""))
		return;
	bool named = want_name(x, &bl->labels[0], data ? "data source type" : "resource type");
	if (!want_name(x, &bl->labels[1], data ? "data source" : "resource") || !named)
		return;
	const char *type = bl->labels[0].s, *name = bl->labels[1].s;
	const cl_resource *prev = cl_module_resource(x->m, data, type, name);
	if (prev) {
		cl_diag_error(x->d, cl_loc_range(bl->labels[1].loc), "%s%s.%s is declared twice", data ? "data." : "", type, name);
		cl_diag_note(x->d, cl_loc_range(prev->loc), "first declared here");
		return;
	}
	cl_resource *r = PUSH(x->a, x->m->resources, x->m->nresources);
	r->data = data;
	r->type = type;
	r->name = name;
	r->loc = bl->labels[1].loc;
	r->type_loc = bl->labels[0].loc;
	r->body = bl->body;
	cl_index_put(x->a, &x->m->resource_index, cl_arena_printf(x->a, "%s%s.%s", data ? "data." : "", type, name),
	             x->m->nresources - 1);
	r->count = attr_expr(bl->body, "count");
	r->for_each = attr_expr(bl->body, "for_each");
	if (r->count && r->for_each) {
		cl_diag_error(x->d, cl_loc_range(r->for_each->loc), "count and for_each cannot both be set");
		cl_diag_hint(x->d, "use one: count for N alike copies, for_each for one per key");
	}
	r->provider = NULL;
	const cl_expr *p = attr_expr(bl->body, "provider");
	if (p) {
		r->provider = provider_ref(x, p);
		r->provider_loc = p->loc;
	}
	decode_dependson(x, bl->body, &r->depends_on);
	decode_lifecycle(x, bl->body, &r->lifecycle);
	decode_provisioners(x, bl->body, r);
	r->rt = cl_schema_find(type, data);
	if (!r->rt) {
		cl_diag_error(x->d, cl_loc_range(bl->labels[0].loc), "no %s type \"%s\"", data ? "data source" : "resource", type);
		type_suggestion(x, type, data);
		return;
	}
	char *what = cl_arena_printf(x->a, "%s%s.%s", data ? "data." : "", type, name);
	check_schema(x, bl->body, r->rt->schema, what, bl->labels[1].loc, true);
}

/* --- module and kind calls ------------------------------------------ */

/* A call's key in the module's call index: "module.NAME" or "KIND.NAME";
 * false when it does not fit (no call has such a name). */
static bool call_key(char *key, size_t size, const char *kind, const char *name)
{
	int n = snprintf(key, size, "%s.%s", kind ? kind : "module", name);
	return n >= 0 && (size_t)n < size;
}

/* A provider reference: aws, aws.west, or the 0.11 string "aws.west";
 * NULL (error given) when it is none. */
static const char *provider_ref(dec *x, const cl_expr *e)
{
	const char *lit = literal_string(e);
	const char *name = NULL, *alias = NULL;
	if (lit) {
		const char *dot = strchr(lit, '.');
		name = dot ? cl_arena_strndup(x->a, lit, (size_t)(dot - lit)) : lit;
		alias = dot ? dot + 1 : NULL;
	} else if (e->kind == CL_E_VAR) {
		name = e->u.name;
	} else if (e->kind == CL_E_GETATTR && e->u.attr.obj->kind == CL_E_VAR) {
		name = e->u.attr.obj->u.name;
		alias = e->u.attr.name;
	}
	if (!name || (alias && (!*alias || strchr(alias, '.')))) {
		cl_diag_error(x->d, cl_loc_range(e->loc), "a provider reference is a provider name and an optional alias");
		cl_diag_hint(x->d, "for example: provider = aws.west");
		return NULL;
	}
	if (strcmp(name, "aws")) {
		cl_diag_error(x->d, cl_loc_range(e->loc), "no provider \"%s\": clicamosc implements \"aws\" only", name);
		return NULL;
	}
	return alias ? cl_arena_printf(x->a, "aws.%s", alias) : "aws";
}

/* providers = { aws = aws.west, aws.east = aws } in a module call. */
static void decode_call_providers(dec *x, cl_call *c)
{
	const cl_expr *e = attr_expr(c->body, "providers");
	if (!e)
		return;
	if (e->kind != CL_E_OBJECT) {
		cl_diag_error(x->d, cl_loc_range(e->loc), "providers must be a map from the module's provider to this one's");
		cl_diag_hint(x->d, "for example: providers = { aws = aws.west }");
		return;
	}
	unsigned n = e->u.object.n;
	c->prov_from = CL_NEWN(x->a, const char *, n + 1);
	c->prov_to = CL_NEWN(x->a, const char *, n + 1);
	c->prov_locs = CL_NEWN(x->a, cl_loc, n + 1);
	for (unsigned i = 0; i < n; i++) {
		const cl_objitem *it = &e->u.object.v[i];
		const cl_expr *k = it->key;
		while (k->kind == CL_E_PAREN)
			k = k->u.op.a;
		const char *from = provider_ref(x, k), *to = provider_ref(x, it->value);
		if (!from || !to)
			continue;
		c->prov_from[c->nprov] = from;
		c->prov_to[c->nprov] = to;
		c->prov_locs[c->nprov++] = it->value->loc;
	}
}

static const char *const call_meta[] = { "source", "version", "count", "for_each", "depends_on", "providers", NULL };

static cl_module *decode_module(cl_arena *a, cl_module_src *src, const char *kind, int depth, const char *root,
                                const char *key, cl_diags *d);

static const cl_stdlib_file *find_kind(const char *name)
{
	for (unsigned i = 0; i < cl_stdlib_nfiles; i++)
		if (strcmp(cl_stdlib_files[i].kind, name) == 0)
			return &cl_stdlib_files[i];
	return NULL;
}

bool cl_config_is_kind(const char *name)
{
	return find_kind(name) != NULL;
}

static char *join_path(cl_arena *a, const char *dir, const char *rel)
{
	while (rel[0] == '.' && rel[1] == '/')
		rel += 2;
	if (rel[0] == '/' || strcmp(dir, ".") == 0)
		return cl_arena_strdup(a, rel);
	return cl_arena_printf(a, "%s/%s", dir, rel);
}

/* Check a call's arguments against the called module's variables. */
static void check_inputs(dec *x, const cl_call *c)
{
	const cl_module *m = c->child;
	const char *what = c->kind ? c->kind : "module";
	const char **names = CL_NEWN(x->a, const char *, m->nvars + 1);
	for (unsigned i = 0; i < m->nvars; i++)
		names[i] = m->vars[i].name;
	suggested sg = { .n = 0 };
	for (uint32_t i = 0; i < c->body->n; i++) {
		const cl_item *it = &c->body->v[i];
		const char *name = it->attr ? it->attr->name : it->block->type;
		cl_loc loc = it->attr ? it->attr->name_loc : it->block->type_loc;
		if (in_list(name, call_meta)) {
			if (c->kind && it->attr && strcmp(name, "source") == 0)
				cl_diag_error(x->d, cl_loc_range(loc), "a %s block takes no source: it is a built-in kind", what);
			continue;
		}
		if (!c->kind && it->block) {
			cl_diag_error(x->d, cl_loc_range(loc), "unsupported block \"%s\" in a module call", name);
			cl_diag_hint(x->d, "module inputs are arguments: %s = ...", name);
			continue;
		}
		if (cl_module_var(m, name))
			continue;
		cl_diag_error(x->d, cl_loc_range(loc), "unsupported argument \"%s\" for %s \"%s\"", name,
		              c->kind ? "kind" : "module", c->kind ? c->kind : c->name);
		note_suggested(&sg, suggest_hint(x, name, names, m->nvars));
	}
	for (unsigned i = 0; i < m->nvars; i++) {
		const cl_variable *v = &m->vars[i];
		if (v->def || (c->kind && strcmp(v->name, "name") == 0) || was_suggested(&sg, v->name))
			continue;
		bool given = find_attr(c->body, v->name) != NULL;
		for (uint32_t j = 0; !given && j < c->body->n; j++)
			given = c->body->v[j].block && strcmp(c->body->v[j].block->type, v->name) == 0;
		if (!given) {
			cl_diag_error(x->d, cl_loc_range(c->name_loc), "%s \"%s\" needs the argument \"%s\"", what, c->name, v->name);
			cl_diag_hint(x->d, "add %s = ... to the block", v->name);
		}
	}
}

static void decode_call(dec *x, const cl_block *bl, const char *kind)
{
	if (!want_labels(x, bl, 1, "\"name\"") || !want_name(x, &bl->labels[0], kind ? kind : "module"))
		return;
	const char *name = bl->labels[0].s;
	const cl_call *prev = cl_module_call(x->m, kind, name);
	if (prev) {
		cl_diag_error(x->d, cl_loc_range(bl->labels[0].loc), "%s \"%s\" is declared twice", kind ? kind : "module", name);
		cl_diag_note(x->d, cl_loc_range(prev->name_loc), "first declared here");
		return;
	}
	cl_call c = { 0 };
	c.name = name;
	c.kind = kind;
	c.loc = bl->loc;
	c.name_loc = bl->labels[0].loc;
	c.body = bl->body;
	c.count = attr_expr(bl->body, "count");
	c.for_each = attr_expr(bl->body, "for_each");
	decode_dependson(x, bl->body, &c.depends_on);
	decode_call_providers(x, &c);
	if (x->depth >= MAX_MODULE_DEPTH) {
		cl_diag_error(x->d, cl_loc_range(c.name_loc), "modules nested more than %d deep (does a module call itself?)",
		              MAX_MODULE_DEPTH);
		return;
	}
	cl_module_src src;
	size_t errors_before = x->d->nerrors;
	if (kind) {
		const cl_stdlib_file *f = find_kind(kind);
		cl_load_text(x->a, f->path, f->text, f->len, &src, x->d);
	} else {
		const cl_expr *se = attr_expr(bl->body, "source");
		c.source = literal_string(se);
		if (!se || !c.source) {
			cl_diag_error(x->d, cl_loc_range(se ? se->loc : c.name_loc), "module \"%s\" needs source = \"./path\" (a literal string)", name);
			return;
		}
		const char *key = kind ? "" : *x->key ? cl_arena_printf(x->a, "%s.%s", x->key, name) : name;
		cl_modsrc ms = cl_modsrc_parse(x->a, c.source);
		const char *dir;
		if (ms.kind == CL_MODSRC_BAD) {
			cl_diag_error(x->d, cl_loc_range(se->loc), "module source \"%s\" is not one clicamosc can install", c.source);
			cl_diag_hint(x->d, "%s", ms.why);
			return;
		} else if (ms.kind != CL_MODSRC_LOCAL) {
			const char *constraint = literal_string(attr_expr(bl->body, "version"));
			if (!(dir = cl_modmanifest_dir(x->a, key, &ms, c.source, constraint, cl_loc_range(se->loc), x->d)))
				return;
		} else {
			if (attr_expr(bl->body, "version"))
				cl_diag_warning(x->d, cl_loc_range(find_attr(bl->body, "version")->name_loc), "version is ignored for a local module");
			dir = join_path(x->a, x->m->dir, c.source);
		}
		if (!cl_load_module(x->a, dir, &src, x->d)) {
			cl_diag_note(x->d, cl_loc_range(se->loc), "module \"%s\" is sourced from here", name);
			return;
		}
		/* Installed modules live outside the configuration, and so do
		 * the local modules they call. */
		bool installed = strstr(dir, CL_MODULES_DIR "/") || strstr(dir, ".terraform/modules/");
		const char *to = ms.kind == CL_MODSRC_LOCAL && !installed ? cl_path_escape(x->a, x->root, dir) : NULL;
		if (to) {
			cl_diag_warning(x->d, cl_loc_range(se->loc), "module source \"%s\" leads outside the configuration, to \"%s\"",
			                c.source, to);
			cl_diag_hint(x->d, "a symbolic link on the way points there; if that module is meant, name it by "
			             "that path");
		}
		c.key = key;
	}
	if (x->d->nerrors > errors_before)
		return;   /* syntax errors: what the module means is not worth guessing */
	c.child = decode_module(x->a, &src, kind, x->depth + 1, x->root, kind ? x->key : c.key, x->d);
	cl_call *slot = PUSH(x->a, x->m->calls, x->m->ncalls);
	*slot = c;
	char key[512];
	unsigned first;
	if (call_key(key, sizeof key, kind, name) && !cl_index_get(&x->m->call_index, key, &first))
		cl_index_put(x->a, &x->m->call_index, cl_arena_strdup(x->a, key), x->m->ncalls - 1);
	check_inputs(x, slot);
}

/* --- the module ------------------------------------------------------- */

static const char *const top_blocks[] = { "terraform", "provider", "variable", "locals", "output", "resource",
                                           "data", "module", "check", "moved", "removed", "import", NULL };

/* The address an expression names: aws_vpc.a, aws_vpc.a[0], module.net,
 * written as a reference (not evaluated); NULL when it is not one. */
static const char *address_of(dec *x, const cl_expr *e)
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
		const char *s = literal_string(k);
		return s ? cl_arena_printf(x->a, "%s[\"%s\"]", o, s) : NULL;
	}
	default:
		return NULL;
	}
}

static const char *statement_address(dec *x, const cl_body *b, const char *name, const cl_block *bl)
{
	const cl_expr *e = attr_expr(b, name);
	const char *a = address_of(x, e);
	if (!a) {
		cl_diag_error(x->d, cl_loc_range(e ? e->loc : bl->type_loc), "%s needs %s = <address>", bl->type, name);
		cl_diag_hint(x->d, "a resource or module address, unquoted: %s = aws_vpc.old", name);
	}
	return a;
}

static void decode_moved(dec *x, const cl_block *bl)
{
	static const char *const moved_attrs[] = { "from", "to", NULL };
	static const char *const removed_attrs[] = { "from", NULL };
	static const char *const removed_blocks[] = { "lifecycle", "provisioner", "connection", NULL };
	bool removed = !strcmp(bl->type, "removed");
	want_labels(x, bl, 0, "no labels");
	check_shape(x, bl->body, removed ? "a removed block" : "a moved block", removed ? removed_attrs : moved_attrs,
	            removed ? removed_blocks : NULL);
	cl_moved mv = { statement_address(x, bl->body, "from", bl), NULL, false, bl->type_loc };
	if (!removed)
		mv.to = statement_address(x, bl->body, "to", bl);
	for (uint32_t i = 0; removed && i < bl->body->n; i++) {
		const cl_block *lc = bl->body->v[i].block;
		if (!lc || strcmp(lc->type, "lifecycle"))
			continue;
		static const char *const attrs[] = { "destroy", NULL };
		check_shape(x, lc->body, "a removed block's lifecycle", attrs, NULL);
		const cl_expr *d = attr_expr(lc->body, "destroy");
		mv.keep = d && d->kind == CL_E_BOOL && !d->u.boolean;
		if (d && d->kind != CL_E_BOOL)
			cl_diag_error(x->d, cl_loc_range(d->loc), "destroy must be true or false");
	}
	if (!mv.from || (!removed && !mv.to))
		return;
	if (removed)
		*PUSH(x->a, x->m->removed, x->m->nremoved) = mv;
	else
		*PUSH(x->a, x->m->moved, x->m->nmoved) = mv;
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

static void decode_import(dec *x, const cl_block *bl)
{
	static const char *const attrs[] = { "to", "id", "provider", "for_each", NULL };
	want_labels(x, bl, 0, "no labels");
	check_shape(x, bl->body, "an import block", attrs, NULL);
	if (x->depth > 0) {
		cl_diag_error(x->d, cl_loc_range(bl->type_loc), "an import block is only allowed in the root module");
		cl_diag_hint(x->d, "move it to the root module, with to = module.NAME... addressing the resource");
		return;
	}
	cl_import im = { attr_expr(bl->body, "to"), attr_expr(bl->body, "id"), attr_expr(bl->body, "for_each"), NULL,
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
	const cl_expr *p = attr_expr(bl->body, "provider");
	if (p)
		im.provider = provider_ref(x, p);
	*PUSH(x->a, x->m->imports, x->m->nimports) = im;
}

static void decode_block(dec *x, const cl_block *bl)
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
		decode_resource(x, bl, t[0] == 'd');
	else if (!strcmp(t, "module"))
		decode_call(x, bl, NULL);
	else if (!strcmp(t, "check"))
		decode_check(x, bl);
	else if (!strcmp(t, "moved") || !strcmp(t, "removed"))
		decode_moved(x, bl);
	else if (!strcmp(t, "import"))
		decode_import(x, bl);
	else if (find_kind(t))
		decode_call(x, bl, t);
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

static cl_module *decode_module(cl_arena *a, cl_module_src *src, const char *kind, int depth, const char *root,
                                const char *key, cl_diags *d)
{
	cl_module *m = CL_NEW(a, cl_module);
	m->src = *src;
	m->dir = src->dir;
	m->kind = kind;
	dec x = { a, d, m, depth, root, key };
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
	return decode_module(a, &src, NULL, 0, path, "", d);
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
	if (!call_key(key, sizeof key, kind, name) || !cl_index_get(&m->call_index, key, &i))
		return -1;
	return (int)i;
}

const cl_call *cl_module_call(const cl_module *m, const char *kind, const char *name)
{
	int i = cl_module_call_at(m, kind, name);
	return i < 0 ? NULL : &m->calls[i];
}
