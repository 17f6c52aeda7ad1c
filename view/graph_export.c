/* graph_export.c: a cgraph graph from the DAG, written as DOT.  An edge
 * always points from a node to what it waits for, and the layout runs right
 * to left (rankdir=RL), so what runs first is on the left.  What each node
 * will do is plan_render.h's cl_plan_action: the picture and the plan text
 * cannot disagree. */
#include "view/graph_export.h"
#include "view/graph_mermaid.h"
#include "view/plan_render.h"
#include "util/fatal.h"
#include "util/index.h"

#include <graphviz/cgraph.h>
#include <string.h>

typedef struct view {
	const cl_dag *g;
	const cl_graph_opts *o;
	cl_arena arena;             /* the names below */
	cl_index blocks;            /* config: resource block address -> its first instance's id */
	Agraph_t *root;
	Agnode_t **drawn;           /* per node id: its picture, NULL when folded away */
	const cl_node **as;         /* per node id: the node it is drawn as */
	bool reverse;               /* destroys derived from resources: dependencies reversed */
	unsigned *seen, *linked;    /* per node id: stamps of the current walk */
	bool used[CL_ACT_READ + 1]; /* actions in the picture, for the legend */
} view;

static const char *const fill[] = {
	[CL_ACT_NOOP] = "#e0e0e0", [CL_ACT_CREATE] = "#b7e1b0", [CL_ACT_UPDATE] = "#fbeb9c",
	[CL_ACT_REPLACE] = "#fbc48b", [CL_ACT_DELETE] = "#f4a6a6", [CL_ACT_READ] = "#b5d3f0",
};

/* The address of nd's block: its own without the instance key. */
static const char *block_addr(view *v, const cl_node *nd)
{
	if (!nd->key)
		return nd->addr;
	cl_buf b = CL_BUF_INIT;
	cl_key_print(&b, nd->key);
	size_t n = strlen(nd->addr) - b.len;
	cl_buf_free(&b);
	char *s = cl_arena_alloc(&v->arena, n + 1);
	memcpy(s, nd->addr, n);
	s[n] = 0;
	return s;
}

/* What nd will do, in words; nd NULL: in general, for the legend. */
static const char *action_text(const cl_node *nd, cl_action a)
{
	switch (a) {
	case CL_ACT_CREATE: return "+ create";
	case CL_ACT_UPDATE: return "~ update in-place";
	case CL_ACT_REPLACE:
		return !nd ? "-/+ replace, +/- create first" : !nd->cbd ? "-/+ replace"
		     : nd->cbd_implied ? "+/- replace (create first, implied)" : "+/- replace (create first)";
	case CL_ACT_DELETE: return "- destroy";
	case CL_ACT_READ: return "<= read";
	default: return nd && nd->kind == CL_N_DATA ? "read while planning" : "no change";
	}
}

static void set(void *obj, const char *name, const char *value)
{
	agsafeset(obj, (char *)name, (char *)value, "");
}

/* Object ids in order of creation.  cgraph's own ids for named objects are
 * the addresses of their interned names, so agwrite's order of clusters and
 * nodes would follow the heap; numbering them as they are made keeps the
 * output the same run after run. */
typedef struct ids {
	char **names;              /* by id / 2 */
	size_t n, cap;
	size_t *slots;             /* open addressing: id / 2 + 1, 0 empty */
	size_t nslots;
} ids;

static size_t name_hash(const char *s)
{
	size_t h = 5381;
	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

static size_t *slot_of(ids *t, const char *name)
{
	size_t i = name_hash(name) & (t->nslots - 1);
	while (t->slots[i] && strcmp(t->names[t->slots[i] - 1], name))
		i = (i + 1) & (t->nslots - 1);
	return &t->slots[i];
}

static void *ids_open(Agraph_t *g, Agdisc_t *d)
{
	ids *t = cl_xcalloc(1, sizeof *t);
	t->nslots = 1024;
	t->slots = cl_xcalloc(t->nslots, sizeof *t->slots);
	return t;
}

static long ids_map(void *state, int objtype, char *str, IDTYPE *id, int createflag)
{
	static IDTYPE anon = 1;
	ids *t = state;
	if (!str) {
		*id = anon += 2;   /* odd: never a name's */
		return 1;
	}
	size_t *slot = slot_of(t, str);
	if (*slot) {
		*id = (IDTYPE)(*slot - 1) * 2;
		return 1;
	}
	if (!createflag)
		return 0;
	if (2 * (t->n + 1) > t->nslots) {
		size_t old = t->nslots;
		size_t *olds = t->slots;
		t->nslots *= 4;
		t->slots = cl_xcalloc(t->nslots, sizeof *t->slots);
		for (size_t i = 0; i < old; i++)
			if (olds[i])
				*slot_of(t, t->names[olds[i] - 1]) = olds[i];
		free(olds);
		slot = slot_of(t, str);
	}
	if (t->n == t->cap)
		t->names = cl_xrealloc(t->names, (t->cap = t->cap ? 2 * t->cap : 64) * sizeof *t->names);
	/* cgraph's own string: agwrite looks before it for the HTML-string flag */
	t->names[t->n++] = agstrdup(NULL, str);
	*slot = t->n;
	*id = (IDTYPE)(t->n - 1) * 2;
	return 1;
}

static long ids_alloc(void *state, int objtype, IDTYPE id)
{
	return 1;
}

static void ids_free(void *state, int objtype, IDTYPE id)
{
}

static char *ids_print(void *state, int objtype, IDTYPE id)
{
	ids *t = state;
	return id % 2 == 0 && id / 2 < t->n ? t->names[id / 2] : NULL;
}

static void ids_close(void *state)
{
	ids *t = state;
	for (size_t i = 0; i < t->n; i++)
		agstrfree(NULL, t->names[i]);
	free(t->names);
	free(t->slots);
	free(t);
}

static void ids_register(void *state, int objtype, void *obj)
{
}

static Agiddisc_t id_disc = { ids_open, ids_map, ids_alloc, ids_free, ids_print, ids_close, ids_register };

/* The cluster of the module instance at the first depth steps of x's
 * module path, inside its parent's; cgraph keeps one subgraph per name, so
 * asking again finds it. */
static Agraph_t *cluster(view *v, const cl_addr *x, unsigned depth)
{
	if (!depth)
		return v->root;
	Agraph_t *parent = cluster(v, x, depth - 1);
	cl_buf path = CL_BUF_INIT, name = CL_BUF_INIT;
	cl_addr_print_module(&path, x, depth);
	cl_buf_printf(&name, "cluster_%s", cl_buf_str(&path));
	Agraph_t *sub = agsubg(parent, (char *)cl_buf_str(&name), 0);
	if (!sub) {
		sub = agsubg(parent, (char *)cl_buf_str(&name), 1);
		set(sub, "label", cl_buf_str(&path));
		set(sub, "style", "rounded");
		set(sub, "color", "#999999");
	}
	cl_buf_free(&name);
	cl_buf_free(&path);
	return sub;
}

static Agnode_t *draw(view *v, const cl_node *nd)
{
	bool config = v->o->type == CL_GRAPH_CONFIG;
	cl_action a = v->reverse ? CL_ACT_DELETE : config ? CL_ACT_NOOP : cl_plan_action(nd);
	v->used[a] = true;
	size_t m = strlen(nd->at.module);
	Agnode_t *n = agnode(cluster(v, &nd->at, nd->at.npath), (char *)nd->addr, 1);
	bool resource = nd->kind == CL_N_RESOURCE || nd->kind == CL_N_DESTROY || nd->kind == CL_N_DATA;
	cl_buf label = CL_BUF_INIT;
	/* the cluster names the module; the configuration's picture draws blocks */
	cl_buf_puts(&label, (config ? block_addr(v, nd) : nd->addr) + (m ? m + 1 : 0));
	if (config && nd->key && !cl_value_is_known(nd->key))
		cl_buf_puts(&label, "\\n[count unknown]");
	else if (!config && (resource || a != CL_ACT_NOOP))
		cl_buf_printf(&label, "\\n%s", action_text(nd, a));
	set(n, "label", cl_buf_str(&label));
	set(n, "fillcolor", config ? "#f2f2f2" : fill[a]);
	set(n, "shape", resource ? "box" : "ellipse");
	set(n, "style", nd->kind == CL_N_DATA ? "rounded,filled,dashed" : resource ? "rounded,filled" : "filled");
	cl_buf_free(&label);
	return n;
}

/* Edges from drawn node u to the drawn nodes it waits for, walking on
 * through the nodes folded away (variables and locals in a plan): an
 * instance that reads a local that reads a VPC waits for the VPC, and the
 * picture says just that.  One walk per drawn node, stamped by its id. */
static void link(view *v, const cl_node *u, const cl_node *x)
{
	unsigned stamp = u->id + 1;
	for (unsigned i = 0; i < x->ndeps; i++) {
		const cl_node *d = x->deps[i].to;
		if (v->seen[d->id] == stamp)
			continue;
		v->seen[d->id] = stamp;
		const cl_node *r = v->as[d->id];
		if (!r) {
			if (d->kind != CL_N_RESOURCE && d->kind != CL_N_DESTROY)   /* values, not actions */
				link(v, u, d);
			continue;
		}
		if (r == u || v->linked[r->id] == stamp)
			continue;
		v->linked[r->id] = stamp;
		Agnode_t *from = v->drawn[u->id], *to = v->drawn[r->id];
		if (v->reverse) {
			Agnode_t *t = from;
			from = to, to = t;
		}
		if (agedge(v->root, from, to, NULL, 0))
			continue;   /* a block drawn once, reached again from another instance */
		Agedge_t *e = agedge(v->root, from, to, NULL, 1);
		/* The old half of a create_before_destroy replacement waits for
		 * the new object and for its dependents to move to it. */
		if (u->kind == CL_N_DESTROY && u->pair && u->pair->cbd && r->kind == CL_N_RESOURCE) {
			set(e, "style", "dashed");
			set(e, "color", "#c0600a");
			set(e, "label", "create_before_destroy");
			set(e, "fontcolor", "#c0600a");
		}
	}
}

/* An auto scaling group replaced before its old one is destroyed is a
 * rollout, which runs steps between the two halves (autoscaling_group.c):
 * the health gate, then the old group's detach and draining.  The apply
 * picture draws them as nodes of their own on the way from one to the other. */
static void rollout_steps(view *v, const cl_node *nd)
{
	if (nd->kind != CL_N_RESOURCE || cl_plan_action(nd) != CL_ACT_REPLACE || !nd->cbd || !nd->pair ||
	    !v->drawn[nd->pair->id] || !nd->at.type || !cl_schema_find(nd->at.type, false) ||
	    !cl_schema_find(nd->at.type, false)->group_rollout)
		return;
	static const char *const steps[][2] = {
		{ "health gate", "1. health gate\\nnew instances InService,\\nelse the new group is deleted" },
		{ "drain", "2. old group detached\\nfrom its ELBs, drained" },
	};
	Agnode_t *prev = v->drawn[nd->id];
	for (size_t i = 0; i < 2; i++) {
		char *name = cl_xmalloc(strlen(nd->addr) + 16);
		sprintf(name, "%s: %s", nd->addr, steps[i][0]);
		Agnode_t *n = agnode(cluster(v, &nd->at, nd->at.npath), name, 1);
		free(name);
		set(n, "label", steps[i][1]);
		set(n, "shape", "box");
		set(n, "style", "filled,dashed");
		set(n, "fillcolor", fill[CL_ACT_REPLACE]);
		agedge(v->root, n, prev, NULL, 1);
		prev = n;
	}
	agedge(v->root, v->drawn[nd->pair->id], prev, NULL, 1);
}

/* Which node each node is drawn as, per type of picture (NULL: folded
 * away, its dependencies drawn as its dependents'). */
static const cl_node *drawn_as(view *v, const cl_node *nd, bool destroys)
{
	bool value = nd->kind == CL_N_VAR || nd->kind == CL_N_OUTPUT;
	switch (v->o->type) {
	case CL_GRAPH_APPLY:
		return v->o->verbose || (!value && nd->kind != CL_N_LOCAL) ? nd : NULL;
	case CL_GRAPH_DESTROY:
		if (destroys)
			return nd->kind == CL_N_DESTROY ? nd : NULL;
		return nd->kind == CL_N_RESOURCE ? nd : NULL;
	case CL_GRAPH_CONFIG:
		if (nd->kind == CL_N_RESOURCE || nd->kind == CL_N_DATA) {
			/* one node per block: its first instance */
			unsigned first;
			const char *block = block_addr(v, nd);
			if (cl_index_get(&v->blocks, block, &first))
				return v->g->v[first];
			cl_index_put(&v->arena, &v->blocks, block, nd->id);
			return nd;
		}
		return value && v->o->verbose ? nd : NULL;
	default:
		if (nd->kind == CL_N_DESTROY)
			return nd->pair ? nd->pair : nd;     /* a replacement is one node */
		if (nd->kind == CL_N_RESOURCE || nd->kind == CL_N_DATA)
			return nd;
		return value && v->o->verbose ? nd : NULL;
	}
}

static void legend(view *v)
{
	Agraph_t *l = agsubg(v->root, "cluster_legend", 1);
	set(l, "label", "legend");
	set(l, "style", "rounded");
	set(l, "color", "#999999");
	for (int a = CL_ACT_NOOP; a <= CL_ACT_READ; a++) {
		if (!v->used[a])
			continue;
		const char *text = action_text(NULL, (cl_action)a);
		char name[64];
		snprintf(name, sizeof name, "legend: %s", text);
		Agnode_t *n = agnode(l, name, 1);
		set(n, "label", text);
		set(n, "fillcolor", fill[a]);
		set(n, "shape", "box");
		set(n, "style", "rounded,filled");
	}
}

int cl_graph_export(FILE *out, const cl_dag *g, const cl_graph_opts *o)
{
	static const char *const titles[] = { "clicamosc plan", "clicamosc apply", "clicamosc destroy",
	                                      "clicamosc configuration" };
	cl_graph_type type = o->type;
	view v = { .g = g, .o = o };
	cl_arena_init(&v.arena);
	Agdisc_t disc = { &AgMemDisc, &id_disc, &AgIoDisc };
	v.root = agopen("clicamosc", Agdirected, &disc);
	set(v.root, "label", titles[type]);
	set(v.root, "labelloc", "t");
	set(v.root, "rankdir", "RL");
	set(v.root, "fontname", "sans-serif");
	agattr(v.root, AGNODE, "fontname", "sans-serif");
	agattr(v.root, AGEDGE, "fontname", "sans-serif");
	agattr(v.root, AGEDGE, "fontsize", "10");
	v.drawn = cl_xcalloc(g->n + 1, sizeof *v.drawn);
	v.as = cl_xcalloc(g->n + 1, sizeof *v.as);
	v.seen = cl_xcalloc(g->n + 1, sizeof *v.seen);
	v.linked = cl_xcalloc(g->n + 1, sizeof *v.linked);
	bool destroys = false;
	for (unsigned i = 0; i < g->n; i++)
		destroys |= g->v[i]->kind == CL_N_DESTROY;
	v.reverse = type == CL_GRAPH_DESTROY && !destroys;
	for (unsigned i = 0; i < g->n; i++) {
		const cl_node *nd = g->v[i];
		v.as[nd->id] = drawn_as(&v, nd, destroys);
		if (v.as[nd->id] == nd)
			v.drawn[nd->id] = draw(&v, nd);
	}
	/* The other instances of a block drawn once bring their dependencies to it. */
	for (unsigned i = 0; i < g->n; i++)
		if (v.as[g->v[i]->id] && v.drawn[v.as[g->v[i]->id]->id])
			link(&v, v.as[g->v[i]->id], g->v[i]);
	for (unsigned i = 0; type == CL_GRAPH_APPLY && i < g->n; i++)
		rollout_steps(&v, g->v[i]);
	if (type != CL_GRAPH_CONFIG)
		legend(&v);
	int rc = 0;
	if (o->format == CL_GRAPH_MERMAID)
		cl_graph_mermaid_write(v.root, out);
	else
		rc = agwrite(v.root, out);
	agclose(v.root);
	cl_arena_free(&v.arena);
	free(v.drawn);
	free(v.as);
	free(v.seen);
	free(v.linked);
	return rc == EOF || fflush(out) == EOF || ferror(out) ? -1 : 0;
}
