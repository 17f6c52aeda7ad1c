/* destroy.c: destroy nodes and the create_before_destroy transform.
 *
 * Every instance to delete gets a DESTROY node D(x) next to its RESOURCE
 * node A(x).  With x depending on y:
 *   - D(y) waits for D(x): dependents go first;
 *   - a plain replacement: A(x) waits for D(x) (destroy, then create);
 *   - create_before_destroy: D(x) waits for A(x), and for A(z) of every z
 *     that depends on x, so they point at the new x before the old goes.
 * A replaced y that a create_before_destroy x depends on must itself be
 * created first, or the two rules make a cycle; Terraform makes it CBD too,
 * and so does this file (cbd_implied, shown in the plan). */
#include "compiler/destroy.h"

#include <string.h>

cl_prior_inst *cl_prior_find(const cl_prior *p, const char *addr)
{
	unsigned i;
	return p && cl_index_get(&p->by_addr, addr, &i) ? &p->v[i] : NULL;
}

cl_value *cl_prior_output(const cl_prior *p, const char *name)
{
	for (unsigned i = 0; p && i < p->nouts; i++)
		if (!strcmp(p->out_names[i], name))
			return p->out_values[i];
	return NULL;
}

static const char *resource_of(cl_arena *a, const char *addr)
{
	size_t n = strlen(addr);
	if (n && addr[n - 1] == ']') {
		const char *open = strrchr(addr, '[');
		if (open)
			n = (size_t)(open - addr);
	}
	return cl_arena_strndup(a, addr, n);
}

static cl_node *destroy_node(cl_dag *g, const char *addr, cl_value *attrs, cl_node *pair)
{
	const char *name = pair ? cl_arena_printf(g->arena, "%s (destroy)", addr) : addr;
	cl_node *d = cl_dag_add(g, CL_N_DESTROY, name, pair ? pair->mi : g->root, pair ? pair->index : 0,
	                        pair ? pair->key : NULL);
	d->action = CL_ACT_DELETE;
	d->prior = attrs;
	d->pair = pair;
	if (pair) {
		pair->pair = d;
		d->expected_ms = pair->expected_ms;
	}
	return d;
}

void cl_destroy_plan(cl_dag *g, cl_prior *p, bool destroy_all)
{
	unsigned nconfigured = g->n;
	cl_node **deps = CL_NEWN(g->arena, cl_node *, nconfigured + 1);
	/* Which recorded objects the configuration still has. */
	for (unsigned i = 0; i < nconfigured; i++) {
		cl_node *n = g->v[i];
		cl_prior_inst *pi = n->kind == CL_N_RESOURCE ? cl_prior_find(p, n->addr) : NULL;
		if (pi)
			pi->matched = true;
		if (destroy_all && n->kind == CL_N_RESOURCE) {
			n->action = CL_ACT_NOOP;
			if (pi)
				pi->matched = false;
		}
		if (destroy_all && n->kind == CL_N_OUTPUT && !n->mi->parent)
			n->planned = cl_value_null(g->arena, NULL);   /* outputs go with everything else */
	}
	/* Implied create_before_destroy, dependents first (reverse creation
	 * order): a CBD node makes the replaced nodes it depends on CBD. */
	for (unsigned i = nconfigured; i-- > 0;) {
		cl_node *n = g->v[i];
		if (n->kind != CL_N_RESOURCE || !n->cbd || destroy_all)
			continue;
		unsigned nd = cl_dag_resource_deps(g, n, deps);
		for (unsigned k = 0; k < nd; k++)
			if (deps[k]->action == CL_ACT_REPLACE && !deps[k]->cbd)
				deps[k]->cbd = deps[k]->cbd_implied = true;
	}
	/* Destroy nodes for replacements. */
	for (unsigned i = 0; i < nconfigured; i++) {
		cl_node *n = g->v[i];
		if (n->kind == CL_N_RESOURCE && n->action == CL_ACT_REPLACE)
			destroy_node(g, n->addr, n->prior, n);
	}
	/* ... and for what state has and the configuration does not. */
	for (unsigned i = 0; p && i < p->n; i++) {
		cl_prior_inst *pi = &p->v[i];
		if (pi->matched || pi->data)
			continue;
		const char *addr = pi->deposed ? cl_arena_printf(g->arena, "%s (deposed %s)", pi->addr, pi->deposed) : pi->addr;
		cl_node *d = destroy_node(g, addr, pi->attrs, NULL);
		d->index = i;   /* into the prior state, for the executor */
		d->expected_ms = 0;
	}
	/* Ordering edges. */
	for (unsigned i = 0; i < nconfigured; i++) {
		cl_node *n = g->v[i];
		if (n->kind != CL_N_RESOURCE)
			continue;
		cl_loc none = { 0 };
		if (n->pair) {
			if (n->cbd)
				cl_dag_edge(g, n->pair, n, none);
			else
				cl_dag_edge(g, n, n->pair, none);
		}
		unsigned nd = cl_dag_resource_deps(g, n, deps);
		for (unsigned k = 0; k < nd; k++) {
			cl_node *y = deps[k];
			if (!y->pair)
				continue;
			if (n->pair)
				cl_dag_edge(g, y->pair, n->pair, none);   /* D(y) after D(x) */
			if (y->cbd)
				cl_dag_edge(g, y->pair, n, none);         /* old y goes once x uses the new y */
		}
	}
	/* A deposed object left by an earlier create_before_destroy goes only
	 * once the object now configured at its address exists, and what uses
	 * that object points at it: that is what deposing it was for. */
	for (unsigned i = nconfigured; i < g->n; i++) {
		cl_node *d = g->v[i];
		if (d->kind != CL_N_DESTROY || d->pair || !p->v[d->index].deposed)
			continue;
		cl_node *now = NULL;
		for (unsigned j = 0; j < nconfigured && !now; j++)
			if (g->v[j]->kind == CL_N_RESOURCE && !strcmp(g->v[j]->addr, p->v[d->index].addr))
				now = g->v[j];
		if (!now)
			continue;
		cl_loc none = { 0 };
		cl_dag_edge(g, d, now, none);
		for (unsigned j = 0; j < nconfigured; j++) {
			cl_node *z = g->v[j];
			if (z->kind != CL_N_RESOURCE || z == now)
				continue;
			unsigned nd = cl_dag_resource_deps(g, z, deps);
			for (unsigned k = 0; k < nd; k++)
				if (deps[k] == now)
					cl_dag_edge(g, d, z, none);
		}
	}
	/* Orphans: reverse order of the dependencies recorded in state. */
	for (unsigned i = nconfigured; i < g->n; i++) {
		cl_node *d = g->v[i];
		if (d->kind != CL_N_DESTROY || d->pair)
			continue;
		const cl_prior_inst *pi = &p->v[d->index];
		for (unsigned j = nconfigured; j < g->n; j++) {
			cl_node *o = g->v[j];
			if (o == d || o->kind != CL_N_DESTROY)
				continue;
			const cl_prior_inst *po = o->pair ? cl_prior_find(p, o->pair->addr) : &p->v[o->index];
			if (!po)
				continue;
			/* o depends on pi: destroy o first. */
			for (unsigned k = 0; k < po->ndeps; k++)
				if (!strcmp(po->deps[k], pi->resource ? pi->resource : resource_of(g->arena, pi->addr))) {
					cl_loc none = { 0 };
					cl_dag_edge(g, d, o, none);
					break;
				}
		}
	}
}
