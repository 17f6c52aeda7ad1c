/* providers.c: from a resource's provider reference, through the module
 * calls' providers maps, to the root module's provider configuration. */
#include "executor/providers.h"
#include "executor/state.h"

#include <string.h>

const cl_provider *cl_provider_block(const cl_module *root, const char *key)
{
	const char *alias = strchr(key, '.');
	for (unsigned i = 0; i < root->nproviders; i++) {
		const cl_provider *p = &root->providers[i];
		if (alias ? p->alias && !strcmp(p->alias, alias + 1) : !p->alias)
			return p;
	}
	return NULL;
}

const char *cl_provider_of(cl_arena *a, const cl_modinst *mi, const cl_resource *r, cl_diags *d)
{
	const char *key = r->provider ? r->provider : "aws";
	cl_loc at = r->provider ? r->provider_loc : r->loc;
	for (; mi->parent; mi = mi->parent) {
		const cl_call *c = mi->call;
		unsigned i = 0;
		while (i < c->nprov && strcmp(c->prov_from[i], key))
			i++;
		if (i < c->nprov) {
			key = c->prov_to[i];
			at = c->prov_locs[i];
		} else if (strcmp(key, "aws")) {
			/* Only the default configuration passes down by itself. */
			if (d) {
				cl_diag_error(d, cl_loc_range(at), "provider %s is not passed to %s", key, mi->path);
				cl_diag_hint(d, "pass it in the module call: providers = { %s = %s }", key, key);
			}
			return NULL;
		}
	}
	if (strcmp(key, "aws") && !cl_provider_block(mi->mod, key)) {
		if (d) {
			cl_diag_error(d, cl_loc_range(at), "no provider configuration %s: no provider \"aws\" block has alias = \"%s\"", key,
			              key + 4);
			cl_diag_hint(d, "declare it in the root module: provider \"aws\" { alias = \"%s\" ... }", key + 4);
		}
		return NULL;
	}
	return key;
}

const char *cl_provider_state_name(cl_arena *a, const char *key)
{
	const char *alias = key ? strchr(key, '.') : NULL;
	return alias ? cl_arena_printf(a, "%s%s", CL_STATE_PROVIDER, alias) : CL_STATE_PROVIDER;
}

const char *cl_provider_key(cl_arena *a, const char *state_name)
{
	const char *close = state_name ? strrchr(state_name, ']') : NULL;
	if (close && close[1] == '.' && close[2])
		return cl_arena_printf(a, "aws%s", close + 1);
	return "aws";
}

aws_client *cl_clients_get(const cl_clients *cs, const char *key)
{
	if (!cs || !key || !strcmp(key, "aws"))
		return cs ? cs->dflt : NULL;
	for (unsigned i = 0; i < cs->n; i++)
		if (!strcmp(cs->keys[i], key))
			return cs->v[i];
	return NULL;
}
