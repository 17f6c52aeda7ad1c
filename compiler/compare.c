/* compare.c: configured value against remote value by the schema's rule
 * (compare.h says the rule).  Pure functions over values; the arena only
 * holds the defaults parsed from the schema tables. */
#include "compiler/compare.h"
#include "compiler/instance.h"
#include "compiler/policy.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

bool cl_compare_hashed(const cl_value *cfg, const cl_value *old)
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

/* Null or the zero value of its type: what the provider's SDK cannot tell
 * apart, so neither may we. */
static bool empty(const cl_value *v)
{
	switch (v->kind) {
	case CL_V_NULL:
		return true;
	case CL_V_BOOL:
		return !v->u.b;
	case CL_V_NUMBER:
		return v->u.num.d == 0;
	case CL_V_STRING:
		return v->u.str.len == 0;
	case CL_V_LIST: case CL_V_SET: case CL_V_MAP: case CL_V_TUPLE:
		return v->n == 0;
	default:
		return false;
	}
}

bool cl_compare_attr(cl_arena *a, const cl_schema_attr *sa, const cl_value *cfg, const cl_value *old)
{
	static const cl_value null = { .kind = CL_V_NULL };
	if (!old)
		old = &null;
	if (!cl_value_is_known(cfg))
		return false;
	if (cl_value_is_null(cfg)) {
		if (sa->flags & CL_SA_COMPUTED)
			return true;
		cfg = cl_schema_default(a, sa);
	}
	if (empty(cfg) && empty(old))
		return true;
	if (cfg->kind != CL_V_STRING || old->kind != CL_V_STRING)
		return cl_value_equal(cfg, old) == 1;
	if (sa->flags & CL_SA_HASHED)
		return cl_compare_hashed(cfg, old);
	if (sa->flags & CL_SA_NOCASE)
		return cfg->u.str.len == old->u.str.len && strcasecmp(cfg->u.str.s, old->u.str.s) == 0;
	if (sa->flags & CL_SA_POLICY)
		return cl_policy_equal(cfg->u.str.s, old->u.str.s);
	return cl_value_equal(cfg, old) == 1;
}

static uint32_t count(const cl_value *v)
{
	return v && !cl_value_is_null(v) ? v->n : 0;
}

/* Set blocks: every configured element pairs with its own recorded one. */
static bool same_set(cl_arena *a, const cl_schema *s, const cl_value *cfg, const cl_value *old)
{
	bool used[old->n];
	memset(used, 0, sizeof used);
	for (uint32_t i = 0; i < cfg->n; i++) {
		uint32_t j = 0;
		while (j < old->n && (used[j] || !cl_compare_object(a, s, cfg->u.c.v[i], old->u.c.v[j])))
			j++;
		if (j == old->n)
			return false;
		used[j] = true;
	}
	return true;
}

bool cl_compare_block(cl_arena *a, const cl_schema_block *sb, const cl_value *cfg, const cl_value *old)
{
	if (!cl_value_is_known(cfg))
		return false;
	uint32_t n = count(cfg);
	if (n == 0 && (sb->flags & CL_SA_COMPUTED))
		return true;
	if (n != count(old))
		return false;
	if (n == 0)
		return true;
	if (sb->nesting == CL_NEST_SET)
		return same_set(a, sb->body, cfg, old);
	for (uint32_t i = 0; i < n; i++)
		if (!cl_compare_object(a, sb->body, cfg->u.c.v[i], old->u.c.v[i]))
			return false;
	return true;
}

bool cl_compare_object(cl_arena *a, const cl_schema *s, const cl_value *cfg, const cl_value *old)
{
	if (!cl_value_is_known(cfg) || !old || old->kind != CL_V_OBJECT)
		return false;
	for (const cl_schema_attr *sa = s->attrs; sa->name; sa++) {
		const cl_value *c = cl_value_get(cfg, sa->name);
		if (c && !cl_compare_attr(a, sa, c, cl_value_get(old, sa->name)))
			return false;
	}
	for (const cl_schema_block *sb = s->blocks; sb && sb->name; sb++) {
		const cl_value *c = cl_value_get(cfg, sb->name);
		if (c && !cl_compare_block(a, sb, c, cl_value_get(old, sb->name)))
			return false;
	}
	return true;
}
