/* import.c: import blocks (see import.h).  Each target is worked out in
 * the root module's scope (each.key and each.value under for_each), read
 * from AWS by the import command's cl_plan_import, and so recorded in the
 * state the plan is made against: the plan shows it "will be imported" (or
 * updated in-place, "imported from"), and apply saves the state.  For
 * -generate-config-out, a target the configuration lacks gets a resource
 * block written as Terraform writes it. */
#include "plan/import.h"
#include "compiler/convert.h"
#include "compiler/expand.h"
#include "executor/aws/resource.h"
#include "grammar/fmt.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* The address to = ... names, its keys evaluated; NULL after an error. */
static const char *target(cl_arena *a, cl_scope *sc, const cl_expr *e, cl_diags *d)
{
	switch (e->kind) {
	case CL_E_VAR:
		return e->u.name;
	case CL_E_GETATTR: {
		const char *o = target(a, sc, e->u.attr.obj, d);
		return o ? cl_arena_printf(a, "%s.%s", o, e->u.attr.name) : NULL;
	}
	case CL_E_INDEX: {
		const char *o = target(a, sc, e->u.index.coll, d);
		cl_value *k = o ? cl_scope_eval(sc, a, d, e->u.index.key) : NULL;
		if (!k)
			return NULL;
		k = cl_value_unmark(a, k);
		if (!cl_value_is_known(k) || (k->kind != CL_V_STRING && k->kind != CL_V_NUMBER)) {
			cl_diag_error(d, cl_loc_range(e->u.index.key->loc), "an import target's key must be a known string or "
			              "number");
			return NULL;
		}
		cl_buf b = CL_BUF_INIT;
		cl_key_print(&b, k);
		const char *s = cl_arena_printf(a, "%s%s", o, cl_buf_str(&b));
		cl_buf_free(&b);
		return s;
	}
	default:
		return NULL;   /* the decoder allows only the forms above */
	}
}

/* ---- -generate-config-out: a resource block from the object read ---- */

static bool bare_key(const char *k)
{
	if (!isalpha((unsigned char)*k) && *k != '_')
		return false;
	for (; *k; k++)
		if (!isalnum((unsigned char)*k) && *k != '_' && *k != '-')
			return false;
	return true;
}

static void hcl_value(cl_buf *b, const cl_value *v)
{
	if (!v || cl_value_is_null(v)) {
		cl_buf_puts(b, "null");
	} else if (v->kind == CL_V_STRING) {
		cl_buf c = CL_BUF_INIT;   /* an interpolation sequence is text here: $${ */
		for (uint32_t i = 0; i < v->u.str.len; i++) {
			char ch = v->u.str.s[i];
			if ((ch == '$' || ch == '%') && i + 1 < v->u.str.len && v->u.str.s[i + 1] == '{')
				cl_buf_putc(&c, ch);
			cl_buf_putc(&c, ch);
		}
		cl_value_quote(b, c.data ? c.data : "", c.len);
		cl_buf_free(&c);
	} else if (cl_value_print_scalar(b, v)) {
		/* a number or a bool */
	} else if (cl_value_is_seq(v)) {
		cl_buf_putc(b, '[');
		for (uint32_t i = 0; i < v->n; i++) {
			cl_buf_puts(b, i ? ", " : "");
			hcl_value(b, v->u.c.v[i]);
		}
		cl_buf_putc(b, ']');
	} else if (cl_value_is_mapping(v)) {
		cl_buf_puts(b, v->n ? "{\n" : "{");
		for (uint32_t i = 0; i < v->n; i++) {
			if (bare_key(v->u.c.keys[i]))
				cl_buf_puts(b, v->u.c.keys[i]);
			else
				cl_value_quote(b, v->u.c.keys[i], strlen(v->u.c.keys[i]));
			cl_buf_puts(b, " = ");
			hcl_value(b, v->u.c.v[i]);
			cl_buf_putc(b, '\n');
		}
		cl_buf_putc(b, '}');
	} else {
		cl_buf_puts(b, "null");
	}
}

static int by_name(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* The arguments one can set (required and optional), sorted, as Terraform
 * writes them; then the nested blocks, one per element. */
static void hcl_body(cl_buf *b, cl_arena *a, const cl_schema *s, const cl_value *obj)
{
	const char *names[256];
	unsigned n = 0;
	for (const cl_schema_attr *sa = s->attrs; sa->name && n < 256; sa++)
		if (sa->flags & (CL_SA_REQUIRED | CL_SA_OPTIONAL))
			names[n++] = sa->name;
	qsort(names, n, sizeof *names, by_name);
	for (unsigned i = 0; i < n; i++) {
		const cl_schema_attr *sa = cl_schema_attr_find(s, names[i]);
		cl_value *v = cl_value_get(obj, names[i]);
		cl_buf_printf(b, "%s = ", names[i]);
		if (sa->flags & CL_SA_SENSITIVE)
			cl_buf_puts(b, "null # sensitive");   /* as Terraform: the secret is not written */
		else
			hcl_value(b, v ? cl_value_unmark(a, v) : NULL);
		cl_buf_putc(b, '\n');
	}
	for (const cl_schema_block *sb = s->blocks; sb && sb->name; sb++) {
		const cl_value *v = cl_value_get(obj, sb->name);
		for (uint32_t i = 0; v && cl_value_is_seq(v) && i < v->n; i++) {
			cl_buf_printf(b, "%s {\n", sb->name);
			hcl_body(b, a, sb->body, v->u.c.v[i]);
			cl_buf_puts(b, "}\n");
		}
	}
}

/* The resource block, laid out by fmt (aligned "="), appended to gen. */
static void generate(cl_buf *gen, cl_arena *a, const cl_resource_type *rt, const char *name, const cl_value *obj,
                     cl_diags *d)
{
	cl_buf b = CL_BUF_INIT;
	cl_buf_printf(&b, "# __generated__ by Terraform\nresource \"%s\" \"%s\" {\n", rt->name, name);
	hcl_body(&b, a, rt->schema, obj);
	cl_buf_puts(&b, "}\n");
	cl_source *src = cl_source_new("generated", b.data, b.len);
	char *text = cl_fmt(src, d, NULL);
	if (!gen->len)
		cl_buf_puts(gen, "# __generated__ by Terraform\n"
		                 "# Please review these resources and move them into your main configuration files.\n");
	cl_buf_printf(gen, "\n%s", text ? text : b.data);
	free(text);
	cl_buf_free(&b);
}

/* ---- the import blocks ---- */

typedef struct imports {
	cl_arena *a;
	const cl_plan_opts *o;
	const cl_dag *g;
	cl_buf *gen;
	cl_diags *d;
	cl_imported *v;
	unsigned n, cap;
} imports;

/* aws_vpc.main, with no module and no key: a resource the root module
 * could declare, for -generate-config-out. */
static bool plain_resource(const char *addr, const char **type, const char **name, cl_arena *a)
{
	const char *dot = strchr(addr, '.');
	if (!dot || strchr(dot + 1, '.') || strchr(addr, '[') || !strncmp(addr, "module.", 7))
		return false;
	*type = cl_arena_printf(a, "%.*s", (int)(dot - addr), addr);
	*name = dot + 1;
	return true;
}

static bool one(imports *x, const cl_import *im, cl_scope *sc)
{
	const char *addr = target(x->a, sc, im->to, x->d);
	cl_value *idv = addr ? cl_scope_eval(sc, x->a, x->d, im->id) : NULL;
	const char *why;
	idv = idv ? cl_convert(x->a, cl_value_unmark(x->a, idv), &cl_type_string, &why) : NULL;
	if (!addr || !idv)
		return false;
	if (!cl_value_is_known(idv) || cl_value_is_null(idv) || !idv->u.str.len) {
		cl_diag_error(x->d, cl_loc_range(im->id->loc), "an import block's id must be a known, non-empty string");
		cl_diag_hint(x->d, "the id is known when planning: a literal, a variable or a value of the state");
		return false;
	}
	const char *id = idv->u.str.s;
	cl_range at = cl_loc_range(im->loc);
	const cl_node *n = cl_dag_find((cl_dag *)x->g, addr);
	const char *type, *name;
	if (!n || n->kind != CL_N_RESOURCE) {
		const cl_resource_type *rt = plain_resource(addr, &type, &name, x->a) ? cl_schema_find(type, false) : NULL;
		if (!x->gen || !rt || cl_module_resource(x->o->root, false, type, name)) {
			cl_diag_error(x->d, at, "Configuration for import target does not exist: the configuration has no "
			              "resource instance %s", addr);
			if (rt)
				cl_diag_hint(x->d, "declare it (resource \"TYPE\" \"NAME\" { ... }), or have it written for you "
				             "with clicamosc plan -generate-config-out=generated.tf");
			else   /* Terraform generates no block with count, for_each or in a module either */
				cl_diag_hint(x->d, "declare the resource (with the count or for_each that gives this instance)");
			return false;
		}
		/* Read only: the plan is made again with the generated block. */
		aws_client *client = cl_clients_get(x->o->clients, im->provider ? im->provider : "aws");
		cl_arena local;
		cl_arena_init(&local);
		aws_op op = { .client = client, .arena = &local, .rt = rt, .addr = addr };
		cl_value *now = NULL;
		const aws_ops *ops = rt->provider;
		bool ok = ops && ops->read(&op, aws_with_id(&op, NULL, id), &now);
		if (!ok)
			cl_diag_error(x->d, at, "import %s: %s", addr, ops ? op.err : "no provider for this type");
		else if (!now)
			cl_diag_error(x->d, at, "import %s: AWS has no %s with id %s", addr, type, id);
		else
			generate(x->gen, &local, rt, name, now, x->d);
		cl_arena_free(&local);
		return ok && now;
	}
	if (n->prior)
		return true;   /* already managed: nothing to import (Terraform's rule too) */
	const cl_resource *res = &n->mi->mod->resources[n->index];
	const char *key = cl_provider_of(x->a, n->mi, res, x->d);
	if (im->provider && key && strcmp(im->provider, key)) {
		cl_diag_error(x->d, at, "the import block's provider %s is not %s's, %s", im->provider, addr, key);
		cl_diag_hint(x->d, "an object is imported with the provider configuration of the resource it becomes");
		return false;
	}
	aws_client *client = key ? cl_clients_get(x->o->clients, key) : NULL;
	const aws_ops *ops = res->rt->provider;
	if (!client && ops && !ops->standalone) {
		cl_diag_error(x->d, at, "import %s: no AWS client for provider %s", addr, key ? key : "aws");
		return false;
	}
	fprintf(x->o->progress, "%s: Preparing import... [id=%s]\n", addr, id);
	if (!cl_plan_import((cl_dag *)x->g, client, x->o->state, addr, id, at, x->d))
		return false;
	if (x->n == x->cap) {
		x->cap = x->cap ? 2 * x->cap : 8;
		x->v = cl_arena_realloc(x->a, x->v, x->n * sizeof *x->v, x->cap * sizeof *x->v);
	}
	x->v[x->n++] = (cl_imported){ addr, id };
	return true;
}

bool cl_plan_imports(cl_arena *a, const cl_plan_opts *o, const cl_dag *g, cl_imported **out, unsigned *n, cl_buf *gen,
                     cl_diags *d)
{
	imports x = { a, o, g, gen, d, NULL, 0, 0 };
	bool ok = true;
	const cl_module *m = o->root;
	for (unsigned i = 0; i < m->nimports; i++) {
		const cl_import *im = &m->imports[i];
		cl_scope sc = { .mi = g->root, .root_dir = g->root_dir };
		if (!im->for_each) {
			ok &= one(&x, im, &sc);
			continue;
		}
		cl_value *coll = cl_scope_eval(&sc, a, d, im->for_each);
		coll = coll ? cl_value_unmark(a, coll) : NULL;
		if (!coll) {
			ok = false;
			continue;
		}
		if (!cl_value_is_wholly_known(coll) || cl_value_is_null(coll) ||
		    !(cl_value_is_seq(coll) || cl_value_is_mapping(coll))) {
			cl_diag_error(d, cl_loc_range(im->for_each->loc), "an import block's for_each must be a known map, set "
			              "or list");
			ok = false;
			continue;
		}
		for (uint32_t k = 0; k < coll->n; k++) {
			sc.each_key = cl_value_is_mapping(coll) ? cl_value_cstr(a, coll->u.c.keys[k])
			              : coll->kind == CL_V_SET ? coll->u.c.v[k] : cl_value_int(a, k);
			sc.each_value = coll->u.c.v[k];
			ok &= one(&x, im, &sc);
		}
	}
	*out = x.v;
	*n = x.n;
	return ok;
}
