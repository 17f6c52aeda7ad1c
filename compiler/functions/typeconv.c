/* typeconv.c: tostring, tonumber, tobool, tolist, toset, tomap, type, the
 * error catchers try and can (which get their arguments unevaluated), and
 * sensitive, nonsensitive, issensitive (which see marks themselves). */
#include "compiler/functions/fn.h"

static const char *constraint(cl_fn_call *c, const cl_type *t)
{
	if (t->kind >= CL_T_LIST && t->kind <= CL_T_MAP && t->elem->kind == CL_T_ANY)
		return t->kind == CL_T_LIST ? "list of any single type"
		     : t->kind == CL_T_SET ? "set of any single type" : "map of any single type";
	return cl_type_friendly(c->a, t);
}

static cl_value *to(cl_fn_call *c, cl_value *v, const cl_type *want)
{
	const char *err;
	cl_value *r = cl_convert(c->a, v, want, &err);
	if (r)
		return r;
	if (v->kind == CL_V_STRING && want->kind == CL_T_BOOL)
		return fn_arg_error(c, 0, "cannot convert \"%s\" to bool; only the strings \"true\" or \"false\" are allowed",
		                    v->u.str.s);
	if (v->kind == CL_V_STRING && want->kind == CL_T_NUMBER)
		return fn_arg_error(c, 0, "cannot convert \"%s\" to number; given string must be a decimal "
		                    "representation of a number", v->u.str.s);
	return fn_arg_error(c, 0, "cannot convert %s to %s", cl_type_friendly(c->a, cl_value_type(c->a, v)),
	                    constraint(c, want));
}

cl_value *fn_tostring(cl_fn_call *c, cl_value **args, uint32_t n) { return to(c, args[0], &cl_type_string); }
cl_value *fn_tonumber(cl_fn_call *c, cl_value **args, uint32_t n) { return to(c, args[0], &cl_type_number); }
cl_value *fn_tobool(cl_fn_call *c, cl_value **args, uint32_t n) { return to(c, args[0], &cl_type_bool); }
cl_value *fn_tolist(cl_fn_call *c, cl_value **args, uint32_t n) { return to(c, args[0], &fn_list_any); }
cl_value *fn_toset(cl_fn_call *c, cl_value **args, uint32_t n) { return to(c, args[0], &fn_set_any); }
cl_value *fn_tomap(cl_fn_call *c, cl_value **args, uint32_t n) { return to(c, args[0], &fn_map_any); }

cl_value *fn_type(cl_fn_call *c, cl_value **args, uint32_t n)
{
	cl_buf b = CL_BUF_INIT;
	cl_type_print(&b, cl_value_type(c->a, args[0]));
	return fn_buf(c, &b);
}

/* Evaluates argument i with its errors kept aside in *d; *fatal when it
 * made an error try() does not catch (already reported). */
static cl_value *attempt(cl_fn_call *c, uint32_t i, cl_diags *d, bool *fatal)
{
	cl_eval_ctx sub = *c->ctx;
	sub.static_diags = cl_eval_static_diags(c->ctx);
	sub.diags = d;
	size_t before = sub.static_diags->nerrors;
	cl_value *v = cl_eval(&sub, c->call->u.call.v[i]);
	*fatal = sub.static_diags->nerrors > before;
	return v;
}

cl_value *fn_try(cl_fn_call *c, cl_value **args, uint32_t n)
{
	if (n == 0)
		return fn_error(c, "at least one argument is required");
	cl_diags why = { 0 };
	for (uint32_t i = 0; i < n; i++) {
		cl_diags d = { 0 };
		bool fatal;
		cl_value *v = attempt(c, i, &d, &fatal);
		if (fatal) {
			cl_diags_free(&d);
			cl_diags_free(&why);
			return NULL;
		}
		if (v && !d.nerrors) {
			cl_diags_free(&d);
			cl_diags_free(&why);
			/* An unknown might still fail once known: the choice waits. */
			return cl_value_is_wholly_known(v) ? v : cl_value_unknown(c->a, NULL);
		}
		cl_diags_move(&why, &d);
	}
	/* Each expression's failure becomes a note under the one error. */
	fn_error(c, "no expression succeeded");
	for (size_t k = 0; k < why.n; k++)
		if (why.v[k].sev == CL_SEV_ERROR)
			cl_diag_note(c->ctx->diags, why.v[k].range, "%s", why.v[k].msg);
	cl_diags_free(&why);
	return NULL;
}

cl_value *fn_can(cl_fn_call *c, cl_value **args, uint32_t n)
{
	cl_diags d = { 0 };
	bool fatal;
	cl_value *v = attempt(c, 0, &d, &fatal);
	bool ok = v && !d.nerrors;
	cl_diags_free(&d);
	if (fatal)
		return NULL;
	if (ok && !cl_value_is_wholly_known(v))
		return cl_value_unknown(c->a, &cl_type_bool);
	return cl_value_bool(c->a, ok);
}

cl_value *fn_sensitive(cl_fn_call *c, cl_value **args, uint32_t n)
{
	return cl_value_mark(c->a, args[0], CL_MARK_SENSITIVE);
}

cl_value *fn_nonsensitive(cl_fn_call *c, cl_value **args, uint32_t n)
{
	return cl_value_unmark(c->a, args[0]);
}

cl_value *fn_issensitive(cl_fn_call *c, cl_value **args, uint32_t n)
{
	return cl_value_bool(c->a, (args[0]->marks & CL_MARK_SENSITIVE) != 0);
}

/* ephemeralasnull: clicamosc has no ephemeral values (no ephemeral
 * resources or variables), so nothing in the value is to be nulled. */
cl_value *fn_ephemeralasnull(cl_fn_call *c, cl_value **args, uint32_t n)
{
	return args[0];
}
