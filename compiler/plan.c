/* plan.c: diffing an instance's configuration against its state. */
#include "compiler/plan.h"
#include "compiler/instance.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>

/* Attributes state keeps as a SHA-1 (user_data, as Terraform does): is the
 * configured text the one whose hash is recorded? */
static bool same_hash(const cl_value *cfg, const cl_value *old)
{
	if (cfg->kind != CL_V_STRING || old->kind != CL_V_STRING)
		return false;
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned len = 0;
	EVP_Digest(cfg->u.str.s, cfg->u.str.len, md, &len, EVP_sha1(), NULL);
	char hex[2 * EVP_MAX_MD_SIZE + 1];
	for (unsigned i = 0; i < len; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	return strcmp(hex, old->u.str.s) == 0 || strcmp(cfg->u.str.s, old->u.str.s) == 0;
}

/* Does the configured value differ from the recorded one?  Unknown counts
 * as a change; null in the configuration of a computed attribute does not
 * (AWS keeps what it chose), nor does a computed block left out. */
static bool differs(const cl_value *cfg, const cl_value *old, const cl_schema_attr *sa, bool block)
{
	if (!old)
		return true;
	if (cl_value_is_null(cfg) && (sa->flags & CL_SA_COMPUTED))
		return false;
	if (block && (sa->flags & CL_SA_COMPUTED) && cl_value_is_known(cfg) && cfg->n == 0)
		return false;
	if ((sa->flags & CL_SA_HASHED) && cl_value_is_known(cfg) && !cl_value_is_null(cfg))
		return !same_hash(cfg, old);
	return cl_value_equal(cfg, old) != 1;
}

/* The planned object: the configuration, with what AWS computes taken from
 * the prior state when there is one (and not replaced) or left unknown. */
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
		if ((flags & CL_SA_HASHED) && was && cl_value_is_known(vals[i]) && !cl_value_is_null(vals[i]) &&
		    same_hash(vals[i], was)) {
			vals[i] = was;   /* the same text: show the hash state has, unchanged */
			continue;
		}
		bool empty = cl_value_is_null(vals[i]) || (sb && cl_value_is_known(vals[i]) && vals[i]->n == 0);
		if (!(flags & CL_SA_COMPUTED) || !empty)
			continue;
		cl_value *old = keep_prior && prior ? cl_value_get(prior, keys[i]) : NULL;
		vals[i] = old ? old : cl_value_unknown(a, sa ? cl_schema_attr_type(a, sa) : vals[i]->type);
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
		cl_schema_attr as_block = { k, CL_AT_LIST, CL_AT_STRING, sb ? sb->flags : 0, NULL, NULL };
		if (!differs(cfg->u.c.v[i], cl_value_get(nd->prior, k), sa ? sa : &as_block, !sa))
			continue;
		unsigned flags = sa ? sa->flags : as_block.flags;
		if (flags & CL_SA_FORCE_NEW) {
			nd->action = CL_ACT_REPLACE;
			if (!nd->replace_reason)
				nd->replace_reason = k;
		} else if (nd->action == CL_ACT_NOOP) {
			nd->action = CL_ACT_UPDATE;
		}
	}
	nd->planned = planned_object(a, s, cfg, nd->prior, nd->action != CL_ACT_REPLACE);
}
