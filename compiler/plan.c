/* plan.c: diffing an instance's configuration against its state: the
 * action and the planned value.  Whether a value changed is compare.h's. */
#include "compiler/plan.h"
#include "compiler/compare.h"
#include "compiler/instance.h"

/* Is the configured value of a key the recorded one, by compare.h's rule? */
static bool same(cl_arena *a, const cl_schema_attr *sa, const cl_schema_block *sb, const cl_value *cfg,
                 const cl_value *old)
{
	if (sa)
		return cl_compare_attr(a, sa, cfg, old);
	return sb && cl_compare_block(a, sb, cfg, old);
}

/* The planned object: the configuration, with the recorded value wherever
 * the rule finds it the same (AWS's computed value, its spelling, the hash
 * state keeps) unless the object is replaced, and what AWS computes for a
 * new object left unknown.  A replacement still shows user_data's recorded
 * hash when the text is the same. */
static cl_value *planned_object(cl_arena *a, const cl_schema *s, const cl_value *cfg, const cl_value *prior,
                                bool keep_prior);

/* A changed list block updated in place: element by element, so that what
 * AWS computed inside an element the configuration leaves out (a health
 * check's timeout) stays as recorded instead of showing as removed.  NULL
 * when the elements do not pair up (set blocks, a count that changed). */
static cl_value *planned_block(cl_arena *a, const cl_schema_block *sb, const cl_value *cfg, const cl_value *prior)
{
	if (sb->nesting == CL_NEST_SET || !cl_value_is_known(cfg) || cl_value_is_null(cfg) || !prior ||
	    !cl_value_is_known(prior) || cl_value_is_null(prior) || cfg->n != prior->n || !cl_value_is_seq(cfg))
		return NULL;
	cl_value **v = CL_NEWN(a, cl_value *, cfg->n + 1);
	for (uint32_t i = 0; i < cfg->n; i++)
		v[i] = cfg->u.c.v[i]->kind == CL_V_OBJECT ? planned_object(a, sb->body, cfg->u.c.v[i], prior->u.c.v[i], true)
		                                           : cfg->u.c.v[i];
	return cl_value_list(a, cfg->type->elem, v, cfg->n);
}

static cl_value *planned_object(cl_arena *a, const cl_schema *s, const cl_value *cfg, const cl_value *prior,
                                bool keep_prior)
{
	uint32_t n = cfg->n;
	const char **keys = CL_NEWN(a, const char *, n + 1);
	cl_value **vals = CL_NEWN(a, cl_value *, n + 1);
	for (uint32_t i = 0; i < n; i++) {
		keys[i] = cfg->u.c.keys[i];
		vals[i] = cfg->u.c.v[i];
		const cl_schema_attr *sa = cl_schema_attr_find(s, keys[i]);
		const cl_schema_block *sb = sa ? NULL : cl_schema_block_find(s, keys[i]);
		unsigned flags = sa ? sa->flags : sb ? sb->flags : 0;
		cl_value *was = prior ? cl_value_get(prior, keys[i]) : NULL;
		if (was && (keep_prior || (flags & CL_SA_HASHED)) && same(a, sa, sb, vals[i], was)) {
			vals[i] = was;
			continue;
		}
		cl_value *in_place = sb && keep_prior ? planned_block(a, sb, vals[i], was) : NULL;
		if (in_place) {
			vals[i] = in_place;
			continue;
		}
		bool empty = cl_value_is_null(vals[i]) || (sb && cl_value_is_known(vals[i]) && vals[i]->n == 0);
		if ((flags & CL_SA_COMPUTED) && empty)
			vals[i] = cl_value_unknown(a, sa ? cl_schema_attr_type(a, sa) : vals[i]->type);
	}
	return cl_value_object(a, keys, vals, n);
}

void cl_plan_instance(cl_arena *a, const cl_resource_type *rt, cl_node *nd, bool tainted)
{
	const cl_schema *s = rt->schema;
	if (nd->kind == CL_N_DATA) {
		nd->action = CL_ACT_READ;
		nd->planned = planned_object(a, s, nd->config, NULL, false);
		return;
	}
	if (!nd->prior) {
		nd->action = CL_ACT_CREATE;
		nd->planned = planned_object(a, s, nd->config, NULL, false);
		return;
	}
	nd->action = CL_ACT_NOOP;
	if (tainted) {
		nd->action = CL_ACT_REPLACE;
		nd->replace_reason = "tainted";
	}
	const cl_value *cfg = nd->config;
	for (uint32_t i = 0; i < cfg->n; i++) {
		const char *k = cfg->u.c.keys[i];
		const cl_schema_attr *sa = cl_schema_attr_find(s, k);
		const cl_schema_block *sb = sa ? NULL : cl_schema_block_find(s, k);
		if (same(a, sa, sb, cfg->u.c.v[i], cl_value_get(nd->prior, k)))
			continue;
		unsigned flags = sa ? sa->flags : sb ? sb->flags : 0;
		if (flags & CL_SA_FORCE_NEW) {
			nd->action = CL_ACT_REPLACE;
			if (!nd->replace_reason)
				nd->replace_reason = k;
		} else if (nd->action == CL_ACT_NOOP) {
			nd->action = CL_ACT_UPDATE;
		}
	}
	nd->planned = planned_object(a, s, cfg, nd->prior, nd->action != CL_ACT_REPLACE);
	if (nd->action == CL_ACT_UPDATE && rt->plan_update)
		nd->planned = rt->plan_update(a, nd->prior, nd->planned);
}
