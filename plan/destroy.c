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
#include "plan/destroy.h"

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

/* The resource of instance address addr (its key dropped). */
static const char *resource_of(cl_arena *a, const char *addr)
{
	cl_addr x;
	const char *err;
	return cl_addr_parse(a, addr, &x, &err) ? cl_addr_resource_str(a, &x) : addr;
}

/* The delete of addr: the old half of a replacement (pair), an object
 * deposed by an earlier create_before_destroy (deposed), or an orphan. */
static cl_node *destroy_node(cl_dag *g, const char *addr, const char *deposed, cl_value *attrs, cl_node *pair)
{
	cl_node *d = cl_dag_add(g, CL_N_DESTROY, addr, pair ? pair->mi : g->root, pair ? pair->index : 0,
	                        pair ? pair->key : NULL);
	if (pair || deposed)
		cl_dag_set_phase(g, d, pair ? CL_PHASE_DESTROY : CL_PHASE_DEPOSED, deposed);
	d->action = CL_ACT_DELETE;
	d->prior = attrs;
	d->pair = pair;
	if (pair) {
		pair->pair = d;
		d->expected_ms = pair->expected_ms;
	}
	return d;
}

/* A string -> list of node positions map, the positions in the order they
 * were added (counting sort of (key, position) pairs, stable). */
typedef struct multimap {
	cl_index keys;
	unsigned nkeys;
	unsigned *key_of, *pos;     /* the pairs as added */
	unsigned n, cap;
	unsigned *start, *v;        /* after multimap_seal: key k's positions are v[start[k]..start[k+1]) */
} multimap;

static void multimap_add(cl_arena *a, multimap *m, const char *key, unsigned pos)
{
	unsigned k;
	if (!cl_index_get(&m->keys, key, &k))
		cl_index_put(a, &m->keys, key, k = m->nkeys++);
	if (m->n && m->key_of[m->n - 1] == k && m->pos[m->n - 1] == pos)
		return;
	if (m->n == m->cap) {
		unsigned cap = m->cap ? 2 * m->cap : 64;
		m->key_of = cl_arena_realloc(a, m->key_of, m->cap * sizeof *m->key_of, cap * sizeof *m->key_of);
		m->pos = cl_arena_realloc(a, m->pos, m->cap * sizeof *m->pos, cap * sizeof *m->pos);
		m->cap = cap;
	}
	m->key_of[m->n] = k;
	m->pos[m->n++] = pos;
}

static void multimap_seal(cl_arena *a, multimap *m)
{
	m->start = CL_NEWN(a, unsigned, m->nkeys + 2);
	m->v = CL_NEWN(a, unsigned, m->n + 1);
	for (unsigned i = 0; i < m->n; i++)
		m->start[m->key_of[i] + 2]++;
	for (unsigned k = 0; k < m->nkeys; k++)
		m->start[k + 2] += m->start[k + 1];
	for (unsigned i = 0; i < m->n; i++)
		m->v[m->start[m->key_of[i] + 1]++] = m->pos[i];
}

/* The positions added under key, in order; how many in *n. */
static const unsigned *multimap_get(const multimap *m, const char *key, unsigned *n)
{
	unsigned k;
	if (!cl_index_get(&m->keys, key, &k)) {
		*n = 0;
		return NULL;
	}
	*n = m->start[k + 1] - m->start[k];
	return m->v + m->start[k];
}

void cl_destroy_plan(cl_dag *g, cl_prior *p, bool destroy_all)
{
	unsigned nconfigured = g->n;
	/* What each configured resource node depends on, asked once (the edges
	 * added below lead to destroy nodes, which that walk does not enter). */
	cl_arena tmp;
	cl_arena_init(&tmp);
	cl_node ***rdeps = CL_NEWN(&tmp, cl_node **, nconfigured + 1);
	unsigned *nrdeps = CL_NEWN(&tmp, unsigned, nconfigured + 1);
	for (unsigned i = 0; i < nconfigured; i++)
		if (g->v[i]->kind == CL_N_RESOURCE)
			rdeps[i] = cl_dag_resource_deps(&tmp, g->v[i], &nrdeps[i]);
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
		if (destroy_all && n->kind == CL_N_DATA)
			n->action = CL_ACT_NOOP;   /* nothing is read to destroy (a read left to apply) */
		if (destroy_all && n->kind == CL_N_OUTPUT && !n->mi->parent)
			n->planned = cl_value_null(g->arena, NULL);   /* outputs go with everything else */
	}
	/* Implied create_before_destroy, dependents first (reverse creation
	 * order): a CBD node makes the replaced nodes it depends on CBD. */
	for (unsigned i = nconfigured; i-- > 0;) {
		cl_node *n = g->v[i];
		if (n->kind != CL_N_RESOURCE || !n->cbd || destroy_all)
			continue;
		cl_node **deps = rdeps[i];
		for (unsigned k = 0; k < nrdeps[i]; k++)
			if (deps[k]->action == CL_ACT_REPLACE && !deps[k]->cbd)
				deps[k]->cbd = deps[k]->cbd_implied = true;
	}
	/* Destroy nodes for replacements. */
	for (unsigned i = 0; i < nconfigured; i++) {
		cl_node *n = g->v[i];
		if (n->kind == CL_N_RESOURCE && n->action == CL_ACT_REPLACE)
			destroy_node(g, n->addr, NULL, n->prior, n);
	}
	/* ... and for what state has and the configuration does not. */
	bool any_deposed = false;
	for (unsigned i = 0; p && i < p->n; i++) {
		cl_prior_inst *pi = &p->v[i];
		if (pi->matched || pi->data)
			continue;
		cl_node *d = destroy_node(g, pi->addr, pi->deposed, pi->attrs, NULL);
		d->index = i;   /* into the prior state, for the executor */
		d->expected_ms = 0;
		any_deposed = any_deposed || pi->deposed;
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
		cl_node **deps = rdeps[i];
		for (unsigned k = 0; k < nrdeps[i]; k++) {
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
	if (any_deposed) {
		cl_index configured = { 0 };       /* resource address -> first node */
		multimap users = { 0 };            /* node id -> the resource nodes depending on it */
		for (unsigned j = 0; j < nconfigured; j++) {
			cl_node *z = g->v[j];
			unsigned at;
			if (z->kind != CL_N_RESOURCE)
				continue;
			if (!cl_index_get(&configured, z->addr, &at))
				cl_index_put(&tmp, &configured, z->addr, j);
			for (unsigned k = 0; k < nrdeps[j]; k++)
				multimap_add(&tmp, &users, cl_arena_printf(&tmp, "%u", rdeps[j][k]->id), j);
		}
		multimap_seal(&tmp, &users);
		for (unsigned i = nconfigured; i < g->n; i++) {
			cl_node *d = g->v[i];
			unsigned at, nz;
			if (d->kind != CL_N_DESTROY || d->pair || !p->v[d->index].deposed ||
			    !cl_index_get(&configured, p->v[d->index].addr, &at))
				continue;
			cl_node *now = g->v[at];
			cl_loc none = { 0 };
			cl_dag_edge(g, d, now, none);
			const unsigned *z = multimap_get(&users, cl_arena_printf(&tmp, "%u", now->id), &nz);
			for (unsigned k = 0; k < nz; k++)
				if (g->v[z[k]] != now)
					cl_dag_edge(g, d, g->v[z[k]], none);
		}
	}
	/* Orphans: reverse order of the dependencies recorded in state.  Which
	 * destroy nodes recorded a dependency on a resource, by its address. */
	multimap recorded = { 0 };
	for (unsigned j = nconfigured; j < g->n; j++) {
		cl_node *o = g->v[j];
		if (o->kind != CL_N_DESTROY)
			continue;
		const cl_prior_inst *po = o->pair ? cl_prior_find(p, o->pair->addr) : &p->v[o->index];
		for (unsigned k = 0; po && k < po->ndeps; k++)
			multimap_add(&tmp, &recorded, po->deps[k], j);
	}
	multimap_seal(&tmp, &recorded);
	for (unsigned i = nconfigured; i < g->n; i++) {
		cl_node *d = g->v[i];
		if (d->kind != CL_N_DESTROY || d->pair)
			continue;
		const cl_prior_inst *pi = &p->v[d->index];
		unsigned no;
		const unsigned *o = multimap_get(&recorded, pi->resource ? pi->resource : resource_of(&tmp, pi->addr), &no);
		/* o depends on pi: destroy o first. */
		for (unsigned k = 0; k < no; k++)
			if (g->v[o[k]] != d) {
				cl_loc none = { 0 };
				cl_dag_edge(g, d, g->v[o[k]], none);
			}
	}
	cl_arena_free(&tmp);
}
