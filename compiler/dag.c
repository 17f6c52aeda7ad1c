/* dag.c: building the graph, and ordering it: topological order (Kahn),
 * depth, the critical path, and a precise report of a cycle. */
#include "compiler/dag.h"
#include "util/buf.h"
#include "util/fatal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

cl_node *cl_dag_add(cl_dag *g, cl_node_kind kind, const char *addr, cl_modinst *mi, unsigned index, cl_value *key)
{
	if (g->n == g->cap) {
		unsigned cap = g->cap ? g->cap * 2 : 64;
		g->v = cl_arena_realloc(g->arena, g->v, g->cap * sizeof *g->v, cap * sizeof *g->v);
		g->cap = cap;
	}
	cl_node *nd = CL_NEW(g->arena, cl_node);
	nd->id = g->n;
	nd->kind = kind;
	nd->addr = addr;
	const char *err;
	(void)cl_addr_parse(g->arena, addr, &nd->at, &err);   /* var.x, local.y: a TYPE.NAME too */
	nd->mi = mi;
	nd->index = index;
	nd->key = key;
	g->v[g->n++] = nd;
	return nd;
}

void cl_dag_set_phase(cl_dag *g, cl_node *n, cl_addr_phase phase, const char *deposed)
{
	n->at.phase = phase;
	n->at.deposed = deposed;
	n->addr = cl_addr_phase_str(g->arena, &n->at);
}

const char *cl_action_name(cl_action a)
{
	static const char *const names[] = { "noop", "create", "update", "replace", "delete", "read" };
	return names[a];
}

/* Sets of nodes (open addressing on the pointer), for the questions that
 * would otherwise scan: is this edge there already, was this node seen. */
static unsigned node_slot(cl_node *const *set, unsigned cap, const cl_node *n)
{
	uintptr_t h = (uintptr_t)n;
	unsigned i = (unsigned)((h >> 4) ^ (h >> 16)) * 2654435761u & (cap - 1);
	while (set[i] && set[i] != n)
		i = (i + 1) & (cap - 1);
	return i;
}

enum { DEPSET_FROM = 16 };   /* below this many dependencies, scanning is cheaper */

static void depset_build(cl_dag *g, cl_node *from)
{
	unsigned cap = 64;
	while (cap < 4 * from->ndeps)
		cap *= 2;
	from->depset = CL_NEWN(g->arena, cl_node *, cap);
	from->depset_cap = cap;
	for (unsigned i = 0; i < from->ndeps; i++)
		from->depset[node_slot(from->depset, cap, from->deps[i].to)] = from->deps[i].to;
}

void cl_dag_edge(cl_dag *g, cl_node *from, cl_node *to, cl_loc loc)
{
	if (from == to)
		return;
	if (from->ndeps < DEPSET_FROM) {
		for (unsigned i = 0; i < from->ndeps; i++)
			if (from->deps[i].to == to)
				return;
	} else {
		if (!from->depset || 2 * (from->ndeps + 1) > from->depset_cap)
			depset_build(g, from);
		unsigned s = node_slot(from->depset, from->depset_cap, to);
		if (from->depset[s])
			return;
		from->depset[s] = to;
	}
	if (from->ndeps == from->capdeps) {
		unsigned cap = from->capdeps ? from->capdeps * 2 : 4;
		from->deps = cl_arena_realloc(g->arena, from->deps, from->capdeps * sizeof *from->deps, cap * sizeof *from->deps);
		from->capdeps = cap;
	}
	from->deps[from->ndeps++] = (cl_edge){ to, loc };
}

void cl_dag_keep(cl_dag *g, const bool *keep)
{
	unsigned k = 0;
	for (unsigned i = 0; i < g->n; i++) {
		cl_node *n = g->v[i];
		if (!keep[i])
			continue;
		unsigned e = 0;
		for (unsigned j = 0; j < n->ndeps; j++)
			if (keep[n->deps[j].to->id])
				n->deps[e++] = n->deps[j];
		n->ndeps = e;
		n->depset = NULL;   /* rebuilt when an edge is added */
		n->depset_cap = 0;
		if (n->pair && !keep[n->pair->id])
			n->pair = NULL;
		g->v[k++] = n;
	}
	g->n = k;
	for (unsigned i = 0; i < k; i++)
		g->v[i]->id = i;
}

cl_node *cl_dag_find(const cl_dag *g, const char *addr)
{
	for (unsigned i = 0; i < g->n; i++)
		if (strcmp(g->v[i]->addr, addr) == 0)
			return g->v[i];
	return NULL;
}

/* Among the nodes Kahn's algorithm could not order, follow dependencies
 * until one repeats, and report that loop step by step. */
static void report_cycle(cl_dag *g, const unsigned *pending, cl_diags *d)
{
	unsigned *seen = cl_xcalloc(g->n, sizeof *seen);
	cl_node *nd = NULL;
	for (unsigned i = 0; i < g->n && !nd; i++)
		if (pending[i])
			nd = g->v[i];
	unsigned step = 1;
	while (!seen[nd->id]) {
		seen[nd->id] = step++;
		for (unsigned i = 0; i < nd->ndeps; i++)
			if (pending[nd->deps[i].to->id]) {
				nd = nd->deps[i].to;
				break;
			}
	}
	cl_node *start = nd;
	/* The message names the whole loop; each step follows as a note at the
	 * reference that makes it. */
	cl_buf path = CL_BUF_INIT;
	const cl_edge *first = NULL;
	do {
		const cl_edge *e = NULL;
		for (unsigned i = 0; i < nd->ndeps && !e; i++)
			if (pending[nd->deps[i].to->id] && seen[nd->deps[i].to->id])
				e = &nd->deps[i];
		if (!first)
			first = e;
		cl_buf_printf(&path, "%s -> ", nd->addr);
		nd = e->to;
	} while (nd != start);
	cl_buf_puts(&path, start->addr);
	cl_diag_error(d, first->loc.file ? cl_loc_range(first->loc) : CL_NOWHERE, "dependency cycle: %s", cl_buf_str(&path));
	cl_buf_free(&path);
	do {
		const cl_edge *e = NULL;
		for (unsigned i = 0; i < nd->ndeps && !e; i++)
			if (pending[nd->deps[i].to->id] && seen[nd->deps[i].to->id])
				e = &nd->deps[i];
		cl_diag_note(d, e->loc.file ? cl_loc_range(e->loc) : CL_NOWHERE, "%s refers to %s", nd->addr, e->to->addr);
		nd = e->to;
	} while (nd != start);
	cl_diag_hint(d, "break the loop: one of these references must go, or go through a value known in advance");
	free(seen);
}

bool cl_dag_order(cl_dag *g, cl_diags *d)
{
	/* pending[i]: dependencies of node i not yet ordered. */
	unsigned *pending = cl_xcalloc(g->n + 1, sizeof *pending);
	unsigned *nusers = cl_xcalloc(g->n + 1, sizeof *nusers);
	for (unsigned i = 0; i < g->n; i++) {
		pending[i] = g->v[i]->ndeps;
		for (unsigned j = 0; j < g->v[i]->ndeps; j++)
			nusers[g->v[i]->deps[j].to->id]++;
	}
	/* users[k]: the nodes that wait for node k, in one flat array. */
	unsigned *start = cl_xcalloc(g->n + 1, sizeof *start);
	for (unsigned i = 0; i < g->n; i++)
		start[i + 1] = start[i] + nusers[i];
	cl_node **users = cl_xmalloc((start[g->n] + 1) * sizeof *users);
	memset(nusers, 0, g->n * sizeof *nusers);
	for (unsigned i = 0; i < g->n; i++)
		for (unsigned j = 0; j < g->v[i]->ndeps; j++) {
			unsigned k = g->v[i]->deps[j].to->id;
			users[start[k] + nusers[k]++] = g->v[i];
		}
	g->order = CL_NEWN(g->arena, cl_node *, g->n + 1);
	unsigned head = 0, tail = 0;
	for (unsigned i = 0; i < g->n; i++)
		if (!pending[i])
			g->order[tail++] = g->v[i];
	while (head < tail) {
		cl_node *nd = g->order[head++];
		nd->topo = head - 1;
		for (unsigned j = start[nd->id]; j < start[nd->id + 1]; j++)
			if (--pending[users[j]->id] == 0)
				g->order[tail++] = users[j];
	}
	bool ok = tail == g->n;
	if (!ok) {
		report_cycle(g, pending, d);
	} else {
		/* Depth forwards; the critical path backwards. */
		g->critical_ms = 0;
		for (unsigned i = 0; i < g->n; i++) {
			cl_node *nd = g->order[i];
			nd->depth = 0;
			for (unsigned j = 0; j < nd->ndeps; j++)
				if (nd->deps[j].to->depth + 1 > nd->depth)
					nd->depth = nd->deps[j].to->depth + 1;
			nd->path_ms = nd->expected_ms;
		}
		for (unsigned i = g->n; i-- > 0;) {
			cl_node *nd = g->order[i];
			for (unsigned j = start[nd->id]; j < start[nd->id + 1]; j++)
				if (nd->expected_ms + users[j]->path_ms > nd->path_ms)
					nd->path_ms = nd->expected_ms + users[j]->path_ms;
			if (nd->path_ms > g->critical_ms)
				g->critical_ms = nd->path_ms;
		}
	}
	free(pending);
	free(nusers);
	free(start);
	free(users);
	return ok;
}

typedef struct node_walk {
	cl_node **seen;             /* a set (node_slot) */
	unsigned seen_cap, nseen;
	cl_node **out;
	unsigned nout, cap;
} node_walk;

static bool first_visit(node_walk *w, cl_node *d)
{
	if (2 * (w->nseen + 1) > w->seen_cap) {
		unsigned cap = w->seen_cap ? 2 * w->seen_cap : 64;
		cl_node **set = cl_xcalloc(cap, sizeof *set);
		for (unsigned i = 0; i < w->seen_cap; i++)
			if (w->seen[i])
				set[node_slot(set, cap, w->seen[i])] = w->seen[i];
		free(w->seen);
		w->seen = set;
		w->seen_cap = cap;
	}
	unsigned s = node_slot(w->seen, w->seen_cap, d);
	if (w->seen[s])
		return false;
	w->seen[s] = d;
	w->nseen++;
	return true;
}

static void resource_deps(const cl_node *n, node_walk *w)
{
	for (unsigned i = 0; i < n->ndeps; i++) {
		cl_node *d = n->deps[i].to;
		if (!first_visit(w, d))
			continue;
		if (d->kind == CL_N_RESOURCE) {
			if (w->nout == w->cap) {
				w->cap = w->cap ? 2 * w->cap : 16;
				w->out = cl_xrealloc(w->out, w->cap * sizeof *w->out);
			}
			w->out[w->nout++] = d;
		} else if (d->kind != CL_N_DESTROY && d->kind != CL_N_DATA) {
			resource_deps(d, w);
		}
	}
}

/* What is visited is kept in a set of its own, not an array over the whole
 * graph: this is asked for every resource node. */
cl_node **cl_dag_resource_deps(cl_arena *a, const cl_node *n, unsigned *count)
{
	node_walk w = { 0 };
	resource_deps(n, &w);
	cl_node **out = CL_NEWN(a, cl_node *, w.nout + 1);
	if (w.nout)
		memcpy(out, w.out, w.nout * sizeof *out);
	*count = w.nout;
	free(w.seen);
	free(w.out);
	return out;
}

cl_loc cl_dag_node_loc(const cl_node *n)
{
	const cl_node *c = n->kind == CL_N_DESTROY ? n->pair : n;
	if (!c || !c->mi || (c->kind != CL_N_RESOURCE && c->kind != CL_N_DATA) || c->index >= c->mi->mod->nresources)
		return (cl_loc){ 0 };
	const cl_modinst *mi = c->mi;
	cl_loc at = mi->mod->resources[c->index].type_loc;
	for (; mi->call && mi->call->kind; mi = mi->parent)
		at = mi->call->loc;
	return at;
}
