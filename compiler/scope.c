/* scope.c: module instances and the resolver of root names. */
#include "compiler/scope.h"
#include "util/suggest.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

cl_modinst *cl_modinst_new(cl_arena *a, const cl_module *m, cl_modinst *parent, const cl_call *call,
                           cl_value *key, cl_value *each_value)
{
	cl_modinst *mi = CL_NEW(a, cl_modinst);
	mi->mod = m;
	mi->parent = parent;
	mi->call = call;
	mi->key = key;
	mi->each_value = each_value;
	mi->vars = CL_NEWN(a, cl_value *, m->nvars + 1);
	mi->locals = CL_NEWN(a, cl_value *, m->nlocals + 1);
	mi->outputs = CL_NEWN(a, cl_value *, m->noutputs + 1);
	mi->resources = CL_NEWN(a, cl_value *, m->nresources + 1);
	mi->calls = CL_NEWN(a, cl_value *, m->ncalls + 1);
	mi->children = CL_NEWN(a, cl_modinst **, m->ncalls + 1);
	mi->nchildren = CL_NEWN(a, unsigned, m->ncalls + 1);
	if (!parent) {
		mi->path = "";
	} else {
		cl_buf b = CL_BUF_INIT;
		if (*parent->path)
			cl_buf_printf(&b, "%s.", parent->path);
		cl_buf_printf(&b, "%s.%s", call->kind ? call->kind : "module", call->name);
		if (key)
			cl_key_print(&b, key);
		mi->path = cl_arena_strdup(a, cl_buf_str(&b));
		cl_buf_free(&b);
	}
	return mi;
}

const char *cl_modinst_prefix(cl_arena *a, const cl_modinst *mi)
{
	return *mi->path ? cl_arena_printf(a, "%s.", mi->path) : "";
}

void cl_key_print(cl_buf *b, const cl_value *key)
{
	cl_buf_putc(b, '[');
	if (!cl_value_is_known(key))
		cl_buf_putc(b, '*');   /* validate: an instance whose key is not known */
	else if (key->kind == CL_V_STRING)
		cl_value_quote(b, key->u.str.s, key->u.str.len);
	else
		cl_value_number(b, key);
	cl_buf_putc(b, ']');
}

/* "no variable "amii"; did you mean "ami"?" */
static void no_such(cl_eval_ctx *ctx, cl_loc loc, const char *what, const char *name, const char **cands, size_t n)
{
	cl_diag_error(ctx->diags, cl_loc_range(loc), "no %s \"%s\" in this module", what, name);
	const char *s = cl_suggest(name, cands, n);
	if (s)
		cl_diag_hint(ctx->diags, "did you mean \"%s\"?", s);
}

static bool need_step(cl_eval_ctx *ctx, const cl_traversal *t, uint32_t i, const char *example)
{
	if (t->n > i && t->steps[i].name)
		return true;
	cl_diag_error(ctx->diags, cl_loc_range(t->n > i ? t->steps[i].loc : t->loc), "\"%s\" needs an attribute name after it", t->root);
	cl_diag_hint(ctx->diags, "for example: %s", example);
	return false;
}

/* A value the walk has not computed yet can only mean a reference the
 * ordering did not see: say so rather than crash. */
static cl_value *ready(cl_eval_ctx *ctx, cl_value *v, const cl_traversal *t)
{
	if (!v)
		cl_diag_error(ctx->diags, cl_loc_range(t->loc), "\"%s\" is referred to before it has a value", t->root);
	return v;
}

static cl_value *resolve_var(cl_eval_ctx *ctx, cl_scope *sc, const cl_traversal *t, uint32_t *used)
{
	const cl_module *m = sc->mi->mod;
	if (!need_step(ctx, t, 0, "var.ami"))
		return NULL;
	const char *name = t->steps[0].name;
	*used = 1;
	for (unsigned i = 0; i < m->nvars; i++)
		if (strcmp(m->vars[i].name, name) == 0)
			return ready(ctx, sc->mi->vars[i], t);
	const char **c = CL_NEWN(ctx->arena, const char *, m->nvars + 1);
	for (unsigned i = 0; i < m->nvars; i++)
		c[i] = m->vars[i].name;
	no_such(ctx, t->steps[0].loc, "variable", name, c, m->nvars);
	if (!m->nvars)
		cl_diag_hint(ctx->diags, "declare it: variable \"%s\" { type = string }", name);
	return NULL;
}

static cl_value *resolve_local(cl_eval_ctx *ctx, cl_scope *sc, const cl_traversal *t, uint32_t *used)
{
	const cl_module *m = sc->mi->mod;
	if (!need_step(ctx, t, 0, "local.name"))
		return NULL;
	const char *name = t->steps[0].name;
	*used = 1;
	for (unsigned i = 0; i < m->nlocals; i++)
		if (strcmp(m->locals[i].name, name) == 0)
			return ready(ctx, sc->mi->locals[i], t);
	const char **c = CL_NEWN(ctx->arena, const char *, m->nlocals + 1);
	for (unsigned i = 0; i < m->nlocals; i++)
		c[i] = m->locals[i].name;
	no_such(ctx, t->steps[0].loc, "local value", name, c, m->nlocals);
	return NULL;
}

static cl_value *resolve_call(cl_eval_ctx *ctx, cl_scope *sc, const char *kind, const cl_traversal *t, uint32_t *used)
{
	const cl_module *m = sc->mi->mod;
	if (!need_step(ctx, t, 0, kind ? "asg.app.name" : "module.network.vpc_id"))
		return NULL;
	const char *name = t->steps[0].name;
	*used = 1;
	int found = cl_module_call_at(m, kind, name);
	if (found >= 0)
		return ready(ctx, sc->mi->calls[found], t);
	const char **c = CL_NEWN(ctx->arena, const char *, m->ncalls + 1);
	size_t n = 0;
	for (unsigned i = 0; i < m->ncalls; i++)
		if ((!kind && !m->calls[i].kind) || (kind && m->calls[i].kind && !strcmp(kind, m->calls[i].kind)))
			c[n++] = m->calls[i].name;
	no_such(ctx, t->steps[0].loc, kind ? kind : "module", name, c, n);
	return NULL;
}

static cl_value *resolve_resource(cl_eval_ctx *ctx, cl_scope *sc, bool data, const cl_traversal *t, uint32_t *used)
{
	const cl_module *m = sc->mi->mod;
	uint32_t at = data ? 1 : 0;
	const char *type = data ? (need_step(ctx, t, 0, "data.aws_ami.app.id") ? t->steps[0].name : NULL) : t->root;
	if (!type || !need_step(ctx, t, at, data ? "data.aws_ami.app.id" : "aws_vpc.main.id"))
		return NULL;
	const char *name = t->steps[at].name;
	*used = at + 1;
	int found = cl_module_resource_at(m, data, type, name);
	if (found >= 0 && m->resources[found].count && t->n > at + 1 && t->steps[at + 1].name &&
	    sc->mi->resources[found] && sc->mi->resources[found]->kind == CL_V_TUPLE &&
	    sc->mi->resources[found]->n > 0) {
		/* Terraform 0.11: an attribute of a counted resource is its first instance's. */
		cl_diag_warning(ctx->diags, cl_loc_range(t->steps[at + 1].loc), "%s%s.%s has count: read as %s%s.%s[0].%s, as "
		                "Terraform 0.11 did", data ? "data." : "", type, name, data ? "data." : "", type, name,
		                t->steps[at + 1].name);
		cl_diag_hint(ctx->diags, "write the index ([0]), or a splat ([*]) for every instance");
		return sc->mi->resources[found]->u.c.v[0];
	}
	const cl_resource *r = found >= 0 ? &m->resources[found] : NULL;
	if (r && r->rt && data && !strcmp(type, "terraform_remote_state") && t->n > at + 1 && t->steps[at + 1].name &&
	    !cl_schema_attr_find(r->rt->schema, t->steps[at + 1].name)) {
		/* Terraform 0.11: a remote state's outputs were its attributes. */
		cl_diag_warning(ctx->diags, cl_loc_range(t->steps[at + 1].loc), "an output of data.terraform_remote_state.%s "
		                "read without .outputs is deprecated (Terraform 0.11)", name);
		cl_diag_hint(ctx->diags, "write data.terraform_remote_state.%s.outputs.%s", name, t->steps[at + 1].name);
		cl_value *v = ready(ctx, sc->mi->resources[found], t);
		if (!v || !cl_value_is_known(v))
			return v;
		cl_value *outs = cl_value_get(v, "outputs");
		return outs ? outs : cl_value_unknown(ctx->arena, NULL);
	}
	if (found >= 0)
		return ready(ctx, sc->mi->resources[found], t);
	const char **c = CL_NEWN(ctx->arena, const char *, m->nresources + 1);
	size_t n = 0;
	for (unsigned i = 0; i < m->nresources; i++)
		if (m->resources[i].data == data && !strcmp(m->resources[i].type, type))
			c[n++] = m->resources[i].name;
	cl_diag_error(ctx->diags, cl_loc_range(t->loc), "no %s %s.%s in this module", data ? "data source" : "resource", type, name);
	const char *s = cl_suggest(name, c, n);
	if (s)
		cl_diag_hint(ctx->diags, "did you mean %s%s.%s?", data ? "data." : "", type, s);
	else if (!n && !data && !cl_schema_find(type, false) && !strchr(type, '_'))
		cl_diag_hint(ctx->diags, "\"%s\" is not a resource type, variable or kind; did you mean var.%s or local.%s?",
		             type, type, type);
	return NULL;
}

static cl_value *resolve_path(cl_eval_ctx *ctx, cl_scope *sc, const cl_traversal *t, uint32_t *used)
{
	if (!need_step(ctx, t, 0, "path.module"))
		return NULL;
	const char *what = t->steps[0].name;
	*used = 1;
	if (!strcmp(what, "module"))
		return cl_value_cstr(ctx->arena, sc->mi->mod->dir);
	if (!strcmp(what, "root"))
		return cl_value_cstr(ctx->arena, sc->root_dir ? sc->root_dir : ".");
	if (!strcmp(what, "cwd")) {
		char buf[4096];
		return cl_value_cstr(ctx->arena, getcwd(buf, sizeof buf) ? buf : ".");
	}
	cl_diag_error(ctx->diags, cl_loc_range(t->steps[0].loc), "no path.%s: there are path.module, path.root and path.cwd", what);
	return NULL;
}

static cl_value *resolve_iteration(cl_eval_ctx *ctx, cl_scope *sc, const cl_traversal *t, uint32_t *used)
{
	bool each = !strcmp(t->root, "each");
	if (!need_step(ctx, t, 0, each ? "each.key" : "count.index"))
		return NULL;
	const char *what = t->steps[0].name;
	*used = 1;
	if (!each && !strcmp(what, "index")) {
		if (sc->count_index)
			return sc->count_index;
		if (sc->legacy_count)
			return cl_value_int(ctx->arena, 0);
		cl_diag_error(ctx->diags, cl_loc_range(t->loc), "count.index is only available where count is set");
		cl_diag_hint(ctx->diags, "add count = N to the block, or use a fixed index");
		return NULL;
	}
	if (each && (!strcmp(what, "key") || !strcmp(what, "value"))) {
		cl_value *v = what[0] == 'k' ? sc->each_key : sc->each_value;
		if (v)
			return v;
		cl_diag_error(ctx->diags, cl_loc_range(t->loc), "each.%s is only available where for_each is set", what);
		return NULL;
	}
	cl_diag_error(ctx->diags, cl_loc_range(t->steps[0].loc), "no %s.%s: there is %s", t->root, what,
	              each ? "each.key and each.value" : "count.index");
	return NULL;
}

static cl_value *resolve_root(cl_eval_ctx *ctx, const cl_traversal *t, uint32_t *used);

/* Every error resolving a name is about the configuration (an undeclared
 * name, count.index without count...), which Terraform reports before
 * evaluating: try() and can() do not catch it. */
static cl_value *resolve(cl_eval_ctx *ctx, const cl_traversal *t, uint32_t *used)
{
	cl_eval_ctx st = *ctx;
	st.diags = cl_eval_static_diags(ctx);
	return resolve_root(&st, t, used);
}

static cl_value *resolve_root(cl_eval_ctx *ctx, const cl_traversal *t, uint32_t *used)
{
	cl_scope *sc = ctx->user;
	const char *root = t->root;
	*used = 0;
	for (const cl_binding *b = sc->extra; b; b = b->next)
		if (!strcmp(b->name, root))
			return b->value;
	if (!strcmp(root, "var"))
		return resolve_var(ctx, sc, t, used);
	if (!strcmp(root, "local"))
		return resolve_local(ctx, sc, t, used);
	if (!strcmp(root, "module"))
		return resolve_call(ctx, sc, NULL, t, used);
	if (!strcmp(root, "data"))
		return resolve_resource(ctx, sc, true, t, used);
	if (!strcmp(root, "path"))
		return resolve_path(ctx, sc, t, used);
	if (!strcmp(root, "count") || !strcmp(root, "each"))
		return resolve_iteration(ctx, sc, t, used);
	if (!strcmp(root, "terraform")) {
		if (need_step(ctx, t, 0, "terraform.workspace") && !strcmp(t->steps[0].name, "workspace")) {
			*used = 1;
			const cl_modinst *top = sc->mi;
			while (top && top->parent)
				top = top->parent;
			return cl_value_cstr(ctx->arena, top && top->workspace ? top->workspace : "default");
		}
		cl_diag_error(ctx->diags, cl_loc_range(t->loc), "terraform.workspace is the only attribute of \"terraform\"");
		return NULL;
	}
	if (!strcmp(root, "self")) {
		cl_diag_error(ctx->diags, cl_loc_range(t->loc), "\"self\" is only valid in provisioner and connection blocks");
		return NULL;
	}
	if (cl_config_is_kind(root))
		return resolve_call(ctx, sc, root, t, used);
	return resolve_resource(ctx, sc, false, t, used);
}

void cl_scope_ctx(cl_eval_ctx *ctx, cl_scope *sc, cl_arena *a, cl_diags *d)
{
	memset(ctx, 0, sizeof *ctx);
	ctx->arena = a;
	ctx->diags = d;
	ctx->resolve = resolve;
	ctx->user = sc;
	ctx->file = cl_eval_file_default;
	ctx->basedir = ".";   /* as in Terraform: file() paths are relative to the working directory */
	ctx->rootdir = sc->root_dir;
	ctx->plan = true;
}

cl_value *cl_scope_eval(cl_scope *sc, cl_arena *a, cl_diags *d, const cl_expr *e)
{
	cl_eval_ctx ctx;
	cl_scope_ctx(&ctx, sc, a, d);
	return cl_eval(&ctx, e);
}
