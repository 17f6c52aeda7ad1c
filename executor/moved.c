/* moved.c: moved and removed blocks against the state (see moved.h).  Only
 * the root module's blocks are read: a module's own refactorings name
 * addresses inside it, which its callers' instances would multiply. */
#include "executor/moved.h"

#include <string.h>

/* Is addr what prefix names: the address itself, one of its instances
 * ([...]) or something inside it (a module's "module.x.")? */
static bool under(const char *addr, const char *prefix)
{
	size_t n = strlen(prefix);
	return !strncmp(addr, prefix, n) && (!addr[n] || addr[n] == '[' || addr[n] == '.');
}

static bool any_under(char **v, size_t n, const char *prefix)
{
	for (size_t i = 0; i < n; i++)
		if (under(v[i], prefix))
			return true;
	return false;
}

/* Does the configuration still declare what addr names (a resource of
 * the root module or a module call)? */
static bool declared(const cl_module *root, const char *addr)
{
	if (!strncmp(addr, "module.", 7)) {
		const char *name = addr + 7;
		size_t n = strcspn(name, ".[");
		for (unsigned i = 0; i < root->ncalls; i++)
			if (!root->calls[i].kind && strlen(root->calls[i].name) == n && !strncmp(root->calls[i].name, name, n))
				return true;
		return false;
	}
	bool data = !strncmp(addr, "data.", 5);
	const char *t = data ? addr + 5 : addr;
	const char *dot = strchr(t, '.');
	if (!dot)
		return false;
	size_t tl = (size_t)(dot - t), nl = strcspn(dot + 1, "[");
	for (unsigned i = 0; i < root->nresources; i++) {
		const cl_resource *r = &root->resources[i];
		if (r->data == data && strlen(r->type) == tl && !strncmp(r->type, t, tl) && strlen(r->name) == nl &&
		    !strncmp(r->name, dot + 1, nl))
			return true;
	}
	return false;
}

bool cl_moved_apply(cl_state *st, const cl_module *root, FILE *progress, cl_diags *d)
{
	bool ok = true;
	for (unsigned i = 0; i < root->nmoved; i++) {
		const cl_moved *mv = &root->moved[i];
		size_t n;
		char **v = cl_state_list(st, &n);
		bool from = any_under(v, n, mv->from), to = any_under(v, n, mv->to);
		cl_state_list_free(v, n);
		if (from && to) {
			cl_diag_warning(d, cl_loc_range(mv->loc), "Moved object still exists: %s and %s are both in the state; this "
			                "moved block is ignored", mv->from, mv->to);
			continue;
		}
		if (!from)
			continue;   /* already moved, or never created: nothing to do */
		cl_diags why = { 0 };
		if (cl_state_move(st, mv->from, mv->to, &why)) {
			fprintf(progress, "  # %s has moved to %s\n", mv->from, mv->to);
		} else {
			cl_diag_error(d, cl_loc_range(mv->loc), "cannot move %s to %s: %s", mv->from, mv->to,
			              why.n ? why.v[0].msg : "the state refused it");
			ok = false;
		}
		cl_diags_free(&why);
	}
	for (unsigned i = 0; i < root->nremoved; i++) {
		const cl_moved *rm = &root->removed[i];
		if (declared(root, rm->from)) {
			cl_diag_error(d, cl_loc_range(rm->loc), "Removed resource still exists: the configuration still declares %s",
			              rm->from);
			cl_diag_hint(d, "delete its block, or this removed block");
			ok = false;
			continue;
		}
		if (!rm->keep)
			continue;   /* destroy = true: planned as the destroy of what is no longer declared */
		size_t n;
		char **v = cl_state_list(st, &n);
		for (size_t k = 0; k < n; k++)
			if (under(v[k], rm->from) && cl_state_forget(st, v[k]))
				fprintf(progress, "  # %s will no longer be managed by clicamosc (it is not destroyed)\n", v[k]);
		cl_state_list_free(v, n);
	}
	return ok;
}
