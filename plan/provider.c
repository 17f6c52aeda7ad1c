/* provider.c: the provider block of a plan's configuration, evaluated into
 * a cl_provider_config for the provider to read.  Which block counts is
 * decided here: the root's, else (a Terraform 0.11 habit) the first one in
 * a called module. */
#include "plan/plan.h"
#include "compiler/provider_config.h"
#include "executor/providers.h"

#include <string.h>

const cl_provider_arg *cl_provider_config_arg(const cl_provider_config *c, const char *name)
{
	for (unsigned i = 0; c && i < c->nargs; i++)
		if (!strcmp(c->args[i].name, name))
			return &c->args[i];
	return NULL;
}

static const cl_provider *find_provider(const cl_modinst *mi, const char *name, const cl_modinst **where)
{
	const cl_module *m = mi->mod;
	for (unsigned i = 0; i < m->nproviders; i++)
		if (!m->providers[i].alias && !strcmp(m->providers[i].name, name)) {
			*where = mi;
			return &m->providers[i];
		}
	for (unsigned c = 0; c < m->ncalls; c++)
		for (unsigned k = 0; k < mi->nchildren[c]; k++) {
			const cl_provider *p = find_provider(mi->children[c][k], name, where);
			if (p)
				return p;
		}
	return NULL;
}

static cl_provider_config *evaluate(cl_scope *sc, cl_arena *a, const cl_body *b, cl_range at, cl_diags *d)
{
	cl_provider_config *c = CL_NEW(a, cl_provider_config);
	cl_provider_arg *args = CL_NEWN(a, cl_provider_arg, b->n + 1);
	cl_provider_config_block *blocks = CL_NEWN(a, cl_provider_config_block, b->n + 1);
	c->at = at;
	for (uint32_t i = 0; i < b->n; i++) {
		const cl_attr *at_ = b->v[i].attr;
		const cl_block *bl = b->v[i].block;
		if (at_)
			args[c->nargs++] = (cl_provider_arg){ at_->name, cl_scope_eval(sc, a, d, at_->expr),
			                                      cl_loc_range(at_->expr->loc) };
		else if (bl)
			blocks[c->nblocks++] = (cl_provider_config_block){ bl->type,
			                                            evaluate(sc, a, bl->body, cl_loc_range(bl->loc), d) };
	}
	c->args = args;
	c->blocks = blocks;
	return c;
}

const cl_provider_config *cl_plan_provider(const cl_dag *g, cl_arena *a, const char *key, cl_diags *d)
{
	const cl_modinst *mi = g->root;
	/* "aws.west": the root module's block with that alias. */
	const cl_provider *p = strchr(key, '.') ? cl_provider_block(g->root->mod, key) : find_provider(g->root, key, &mi);
	if (!p)
		return NULL;
	cl_scope sc = { .mi = (cl_modinst *)mi, .root_dir = g->root_dir };
	return evaluate(&sc, a, p->body, cl_loc_range(p->loc), d);
}
