/* remote_state.c: data "terraform_remote_state" (see remote_state.h): opens
 * the backend its config names, reads that state's root outputs and merges
 * them over defaults.  Reading only: it never locks or writes the state. */
#include "executor/remote_state.h"
#include "executor/aws/resource.h"
#include "executor/backend.h"

#include <stdlib.h>
#include <string.h>

static const cl_schema_attr attrs[] = {
	A_STR("backend", REQ),
	{ "config", CL_AT_ANY, CL_AT_ANY, OPT, NULL, "the backend's settings, as in its backend block" },
	A_DEF(CL_AT_STRING, "workspace", 0, "\"default\""),
	{ "defaults", CL_AT_ANY, CL_AT_ANY, OPT, NULL, "outputs to use where the state has none" },
	{ "outputs", CL_AT_ANY, CL_AT_ANY, COMP, NULL, "the state's root outputs" },
	A_END
};
static const cl_schema schema = { attrs, NULL };

/* op->err from the first error a backend reported, with its hint. */
static bool fail_diags(aws_op *op, const cl_diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		const cl_diag *g = &d->v[i];
		if (g->sev == CL_SEV_ERROR)
			return aws_op_fail(op, "%s%s%s%s", g->msg, g->hint ? " (" : "", g->hint ? g->hint : "",
			                   g->hint ? ")" : "");
	}
	return aws_op_fail(op, "the backend failed without saying why");
}

/* The backend's config: the object given, plus the workspace for backends
 * that keep several (the local backend reads only the default one). */
static json_t *backend_config(const cl_value *cfg, const char *backend, const char *ws)
{
	const cl_value *c = cl_value_get(cfg, "config");
	json_t *j = c && !cl_value_is_null(c) ? cl_value_to_json(c) : json_object();
	if (json_is_object(j) && strcmp(backend, "local") && strcmp(ws, "default"))
		json_object_set_new(j, "workspace", json_string(ws));
	return j;
}

/* The state's root outputs (st NULL: none) over defaults: an object. */
static cl_value *outputs(aws_op *op, cl_state *st, const cl_value *defaults)
{
	uint32_t nd = defaults ? defaults->n : 0;
	size_t ns = st ? st->nouts : 0, n = nd + ns;
	const char **keys = CL_NEWN(op->arena, const char *, n + 1);
	cl_value **vals = CL_NEWN(op->arena, cl_value *, n + 1);
	for (uint32_t i = 0; i < nd; i++)
		keys[i] = defaults->u.c.keys[i], vals[i] = defaults->u.c.v[i];
	/* A repeated key keeps its last value: the state's. */
	for (size_t i = 0; i < ns; i++) {
		keys[nd + i] = cl_arena_strdup(op->arena, st->outs[i].name);
		vals[nd + i] = cl_state_output(st, op->arena, st->outs[i].name, NULL);
	}
	return cl_value_object(op->arena, keys, vals, (uint32_t)n);
}

static bool read(aws_op *op, const cl_value *cfg, cl_value **state)
{
	*state = NULL;
	const char *backend = aws_str(cfg, "backend"), *ws = aws_str(cfg, "workspace");
	ws = ws ? ws : "default";
	if (!strcmp(backend, "local") && strcmp(ws, "default"))
		return aws_op_fail(op, "workspace \"%s\": the local backend is read in the default workspace only", ws);
	json_t *jc = backend_config(cfg, backend, ws);
	if (!json_is_object(jc)) {
		json_decref(jc);
		return aws_op_fail(op, "config must be an object of the %s backend's settings", backend);
	}
	cl_diags d = { 0 };
	cl_state_backend *b = cl_backend_open(backend, jc, &d);
	json_decref(jc);
	char *text = NULL;
	cl_state *st = NULL;
	bool ok = b && cl_backend_read_text(b, &text, &d) &&
	          (!text || cl_state_parse(cl_backend_where(b), text, strlen(text), &st, &d));
	const cl_value *defaults = cl_value_get(cfg, "defaults");
	if (defaults && cl_value_is_null(defaults))
		defaults = NULL;
	if (!ok)
		fail_diags(op, &d);
	else if (!st && !defaults)
		ok = aws_op_fail(op, "no state at %s (backend \"%s\"): apply the configuration that writes it "
		                 "first, or give defaults", cl_backend_where(b), backend);
	else if (defaults && !cl_value_is_mapping(defaults))
		ok = aws_op_fail(op, "defaults must be an object of output values");
	if (ok) {
		aws_obj *o = aws_obj_new(op, &schema, cfg);
		aws_obj_set(o, "workspace", cl_value_cstr(op->arena, ws));
		aws_obj_set(o, "outputs", outputs(op, st, defaults));
		*state = aws_obj_done(o);
	}
	if (st)
		cl_state_free(st);
	free(text);
	cl_backend_close(b);
	cl_diags_free(&d);
	return ok;
}

/* Read while planning even when AWS is not asked: it needs no client. */
static const aws_ops ops = { read, read, NULL, NULL, NULL, .standalone = true };
const cl_resource_type cl_remote_state_data = {
	"terraform_remote_state", true, &schema, 500, false, &ops
};
