/* conditions.c: evaluates the configuration's custom conditions against a
 * plan (see conditions.h).  A postcondition sees the planned object as
 * self; anything still unknown there is not judged. */
#include "compiler/conditions.h"
#include "compiler/convert.h"
#include "compiler/expand.h"

#include <string.h>

/* One condition: true (holds or not known yet) or false (reported as
 * "<what> failed: <message>", an error or a warning). */
static bool judge(cl_scope *sc, cl_arena *a, cl_diags *d, const cl_condition *c, const char *what, bool warn)
{
	cl_value *v = cl_scope_eval(sc, a, d, c->condition);
	if (!v || !cl_value_is_wholly_known(v))
		return v != NULL;
	const char *err;
	cl_value *b = cl_convert(a, cl_value_unmark(a, v), &cl_type_bool, &err);
	if (!b || cl_value_is_null(b)) {
		cl_diag_error(d, cl_loc_range(c->condition->loc), "Invalid condition result: a condition must be true or false");
		return false;
	}
	if (b->u.b)
		return true;
	cl_value *m = cl_scope_eval(sc, a, d, c->error_message);
	const char *err2;
	cl_value *ms = m && cl_value_is_known(m) ? cl_convert(a, cl_value_unmark(a, m), &cl_type_string, &err2) : NULL;
	const char *msg = ms && !cl_value_is_null(ms) ? ms->u.str.s : "(the error message is not known yet)";
	if (warn)
		cl_diag_warning(d, cl_loc_range(c->condition->loc), "%s failed: %s", what, msg);
	else
		cl_diag_error(d, cl_loc_range(c->condition->loc), "%s failed: %s", what, msg);
	return warn;
}

static bool all(cl_scope *sc, cl_arena *a, cl_diags *d, const cl_conditions *cs, const char *what, bool warn)
{
	bool ok = true;
	for (unsigned i = 0; i < cs->n; i++)
		ok = judge(sc, a, d, &cs->v[i], what, warn) && ok;
	return ok;
}

/* Outputs' preconditions and checks of mi and the module instances below. */
static bool module_conditions(cl_dag *g, cl_modinst *mi, cl_arena *a, cl_diags *d)
{
	const cl_module *m = mi->mod;
	cl_scope sc = { .mi = mi, .root_dir = g->root_dir };
	bool ok = true;
	for (unsigned i = 0; i < m->noutputs; i++)
		ok = all(&sc, a, d, &m->outputs[i].pre, "Module output value precondition", false) && ok;
	for (unsigned i = 0; i < m->nchecks; i++)
		all(&sc, a, d, &m->checks[i].asserts,
		    cl_arena_printf(a, "Check block assertion (check.%s)", m->checks[i].name), true);
	for (unsigned c = 0; c < m->ncalls; c++)
		for (unsigned k = 0; mi->children && k < mi->nchildren[c]; k++)
			ok = module_conditions(g, mi->children[c][k], a, d) && ok;
	return ok;
}

bool cl_conditions_check(cl_dag *g, cl_arena *a, cl_diags *d)
{
	bool ok = true;
	for (unsigned i = 0; i < g->n; i++) {
		cl_node *n = g->v[i];
		if (n->kind != CL_N_RESOURCE && n->kind != CL_N_DATA)
			continue;
		const cl_lifecycle *lc = &n->mi->mod->resources[n->index].lifecycle;
		if (!lc->pre.n && !lc->post.n)
			continue;
		cl_scope sc = cl_expand_node_scope(g, n);
		ok = all(&sc, a, d, &lc->pre, "Resource precondition", false) && ok;
		cl_value *self = n->kind == CL_N_DATA ? n->planned : n->planned ? n->planned : n->config;
		if (lc->post.n && self) {
			cl_binding b = { "self", self, sc.extra };
			sc.extra = &b;
			ok = all(&sc, a, d, &lc->post, "Resource postcondition", false) && ok;
		}
	}
	return module_conditions(g, g->root, a, d) && ok;
}
