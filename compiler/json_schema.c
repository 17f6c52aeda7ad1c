/* json_schema.c: the schema grammar/json.c asks while reading a JSON
 * configuration (see json_schema.h).  Terraform decodes JSON against the
 * same schemas; where a key is neither argument nor block of the schema it
 * is read as an argument, so that the decoder names it as unsupported. */
#include "compiler/json_schema.h"
#include "compiler/config.h"

#include <string.h>

static const cl_json_key ATTR = { CL_JSON_ATTR, 0 }, EXPR = { CL_JSON_EXPR, 0 }, BLOCK0 = { CL_JSON_BLOCK, 0 },
                         BLOCK1 = { CL_JSON_BLOCK, 1 }, BLOCK2 = { CL_JSON_BLOCK, 2 };

static bool is(const char *a, const char *b) { return strcmp(a, b) == 0; }

static bool any_of(const char *key, const char *const *names)
{
	for (; *names; names++)
		if (is(key, *names))
			return true;
	return false;
}

static cl_json_key top_level(const char *key)
{
	static const char *const two[] = { "resource", "data", NULL };
	static const char *const one[] = { "variable", "output", "module", "provider", "check", NULL };
	if (any_of(key, two))
		return BLOCK2;
	if (any_of(key, one) || cl_config_is_kind(key))
		return BLOCK1;
	return BLOCK0;   /* terraform, locals, moved, ...; an unknown one is named by the decoder */
}

/* Inside a resource or data block: chain[0] is it, chain[1..n-1] nested. */
static cl_json_key resource_key(const cl_block *const *chain, unsigned n, const char *key)
{
	const cl_resource_type *rt = chain[0]->nlabels ? cl_schema_find(chain[0]->labels[0].s, chain[0]->type[0] == 'd')
	                                               : NULL;
	const cl_schema *s = rt ? rt->schema : NULL;
	for (unsigned i = 1; i < n; i++) {
		const cl_block *b = chain[i];
		if (is(b->type, "lifecycle")) {
			static const char *const exprs[] = { "ignore_changes", "replace_triggered_by", NULL };
			if (i + 1 < n)
				return ATTR;   /* precondition, postcondition */
			if (any_of(key, exprs))
				return EXPR;
			return is(key, "precondition") || is(key, "postcondition") ? BLOCK0 : ATTR;
		}
		if (is(b->type, "provisioner") || is(b->type, "connection"))
			return is(key, "connection") && i + 1 == n ? BLOCK0 : ATTR;
		if (is(b->type, "dynamic")) {
			const cl_schema_block *sb = s && b->nlabels ? cl_schema_block_find(s, b->labels[0].s) : NULL;
			s = sb ? sb->body : NULL;
			if (i + 1 == n)
				return is(key, "content") ? BLOCK0 : is(key, "iterator") ? EXPR : ATTR;
			i++;   /* the content block: the dynamic block's schema */
			continue;
		}
		const cl_schema_block *sb = s ? cl_schema_block_find(s, b->type) : NULL;
		s = sb ? sb->body : NULL;
	}
	if (n == 1) {
		if (is(key, "depends_on") || is(key, "provider"))
			return EXPR;
		if (is(key, "lifecycle") || is(key, "connection"))
			return BLOCK0;
		if (is(key, "provisioner"))
			return BLOCK1;
	}
	if (is(key, "dynamic"))
		return BLOCK1;
	return s && cl_schema_block_find(s, key) ? BLOCK0 : ATTR;
}

cl_json_key cl_config_json_key(const cl_block *const *chain, unsigned n, const char *key)
{
	if (n == 0)
		return top_level(key);
	const char *t = chain[0]->type;
	if (is(t, "resource") || is(t, "data"))
		return resource_key(chain, n, key);
	if (n > 1)
		return ATTR;   /* validation, backend, required_providers, provider sub-blocks, ... */
	if (is(t, "variable"))
		return is(key, "type") ? EXPR : is(key, "validation") ? BLOCK0 : ATTR;
	if (is(t, "output"))
		return is(key, "depends_on") ? EXPR : is(key, "precondition") ? BLOCK0 : ATTR;
	if (is(t, "module") || cl_config_is_kind(t))
		return is(key, "depends_on") || is(key, "providers") ? EXPR : ATTR;
	if (is(t, "provider")) {
		static const char *const blocks[] = { "endpoints", "default_tags", "assume_role", "ignore_tags", NULL };
		return any_of(key, blocks) ? BLOCK0 : ATTR;
	}
	if (is(t, "terraform")) {
		if (is(key, "backend") || is(key, "provider_meta"))
			return BLOCK1;
		return is(key, "required_providers") || is(key, "cloud") ? BLOCK0 : ATTR;
	}
	if (is(t, "moved") || is(t, "import") || is(t, "removed"))
		return is(key, "from") || is(key, "to") ? EXPR : ATTR;
	return ATTR;   /* locals, check */
}
