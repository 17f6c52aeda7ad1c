/* expand.c: evaluating a configuration in dependency order into the DAG.
 *
 * Within one module instance the objects (variables, locals, resources,
 * calls, outputs) are ordered by their references with a small graph of
 * their own (so a cycle among locals is reported like any other), then
 * evaluated one by one.  A call evaluates its arguments and walks the called
 * module's instance before anything reads its outputs. */
#include "compiler/expand.h"
#include "compiler/convert.h"
#include "compiler/instance.h"
#include "compiler/plan.h"
#include "compiler/refs.h"

#include <string.h>

enum { O_VAR, O_LOCAL, O_RES, O_CALL, O_OUT };

/* What the walk knows of one module instance besides its values. */
typedef struct mstate mstate;
struct mstate {
	cl_modinst *mi;
	cl_node **var_nodes, **local_nodes, **out_nodes;
	cl_node ***res_nodes;      /* per resource: its instance (or data) nodes */
	unsigned *nres;
	mstate ***kids;            /* per call: the called instances */
	unsigned *nkids;
};

typedef struct walker {
	cl_arena *a;
	cl_diags *d;
	cl_dag *g;
	const cl_expand_opts *o;
} walker;

static mstate *mstate_new(walker *w, cl_modinst *mi)
{
	const cl_module *m = mi->mod;
	mstate *s = CL_NEW(w->a, mstate);
	s->mi = mi;
	s->var_nodes = CL_NEWN(w->a, cl_node *, m->nvars + 1);
	s->local_nodes = CL_NEWN(w->a, cl_node *, m->nlocals + 1);
	s->out_nodes = CL_NEWN(w->a, cl_node *, m->noutputs + 1);
	s->res_nodes = CL_NEWN(w->a, cl_node **, m->nresources + 1);
	s->nres = CL_NEWN(w->a, unsigned, m->nresources + 1);
	s->kids = CL_NEWN(w->a, mstate **, m->ncalls + 1);
	s->nkids = CL_NEWN(w->a, unsigned, m->ncalls + 1);
	return s;
}

/* --- which object a reference names ---------------------------------- */

typedef struct target {
	int kind;                  /* O_*, or -1: nothing in this module */
	unsigned idx;
	const char *output;        /* module.x.OUTPUT, when given */
} target;

static target ref_target(const cl_module *m, const cl_ref *r)
{
	target t = { -1, 0, NULL };
	const cl_traversal *tv = &r->t;
	const char *root = tv->root;
	const char *n0 = tv->n > 0 ? tv->steps[0].name : NULL;
	const char *n1 = tv->n > 1 ? tv->steps[1].name : NULL;
	if (!n0)
		return t;
	if (!strcmp(root, "var")) {
		for (unsigned i = 0; i < m->nvars; i++)
			if (!strcmp(m->vars[i].name, n0))
				return (target){ O_VAR, i, NULL };
	} else if (!strcmp(root, "local")) {
		for (unsigned i = 0; i < m->nlocals; i++)
			if (!strcmp(m->locals[i].name, n0))
				return (target){ O_LOCAL, i, NULL };
	} else if (!strcmp(root, "module") || cl_config_is_kind(root)) {
		int i = cl_module_call_at(m, strcmp(root, "module") ? root : NULL, n0);
		if (i >= 0)
			return (target){ O_CALL, (unsigned)i, n1 };
	} else if (!strcmp(root, "data")) {
		int i = n1 ? cl_module_resource_at(m, true, n0, n1) : -1;
		if (i >= 0)
			return (target){ O_RES, (unsigned)i, NULL };
	} else if (strcmp(root, "count") && strcmp(root, "each") && strcmp(root, "path") && strcmp(root, "terraform") &&
	           strcmp(root, "self")) {
		int i = cl_module_resource_at(m, false, root, n0);
		if (i >= 0)
			return (target){ O_RES, (unsigned)i, NULL };
	}
	return t;
}

/* Edges from nd to every node that the references in refs name in s. */
/* Does n wait, directly or through values (locals, variables, outputs),
 * for a managed resource that the plan changes?  Terraform then reads a
 * data source at apply time, after the change: a data "aws_vpc" that picks
 * the VPC this configuration creates finds it. */
static bool after_changes(const cl_node *n, unsigned depth)
{
	for (unsigned i = 0; i < n->ndeps && depth < 64; i++) {
		const cl_node *d = n->deps[i].to;
		if (d->kind == CL_N_RESOURCE ? d->action != CL_ACT_NOOP
		                             : d->kind != CL_N_DATA && after_changes(d, depth + 1))
			return true;
	}
	return false;
}

static void add_edges(walker *w, mstate *s, cl_node *nd, const cl_refs *refs)
{
	for (unsigned i = 0; i < refs->n; i++) {
		target t = ref_target(s->mi->mod, &refs->v[i]);
		cl_loc loc = refs->v[i].loc;
		switch (t.kind) {
		case O_VAR:
			cl_dag_edge(w->g, nd, s->var_nodes[t.idx], loc);
			break;
		case O_LOCAL:
			cl_dag_edge(w->g, nd, s->local_nodes[t.idx], loc);
			break;
		case O_RES:
			for (unsigned k = 0; k < s->nres[t.idx]; k++)
				cl_dag_edge(w->g, nd, s->res_nodes[t.idx][k], loc);
			break;
		case O_CALL:
			for (unsigned k = 0; k < s->nkids[t.idx]; k++) {
				mstate *kid = s->kids[t.idx][k];
				const cl_module *cm = kid->mi->mod;
				for (unsigned o = 0; o < cm->noutputs; o++)
					if (!t.output || !strcmp(cm->outputs[o].name, t.output))
						cl_dag_edge(w->g, nd, kid->out_nodes[o], loc);
			}
			break;
		}
	}
}

static void add_dependson_edges(walker *w, cl_arena *tmp, mstate *s, cl_node *nd, const cl_dependson *dep)
{
	cl_refs refs = { 0 };
	for (unsigned i = 0; i < dep->n; i++)
		cl_refs_expr(tmp, dep->v[i], &refs);
	for (unsigned i = 0; i < refs.n; i++)
		if (ref_target(s->mi->mod, &refs.v[i]).kind < 0) {
			cl_diag_error(w->d, cl_loc_range(refs.v[i].loc), "depends_on names nothing in this module");
			cl_diag_hint(w->d, "name a resource (aws_instance.nat), data source or module (module.net)");
		}
	add_edges(w, s, nd, &refs);
}

/* --- ordering the objects of a module -------------------------------- */

typedef struct objects {
	unsigned n;
	int *kind;
	unsigned *idx;
	cl_refs *refs;
} objects;

static void object_refs(walker *w, const cl_module *m, int kind, unsigned i, cl_refs *r)
{
	static const char *const no_lifecycle[] = { "lifecycle", "provisioner", "connection", NULL };
	switch (kind) {
	case O_VAR:
		for (unsigned k = 0; k < m->vars[i].nvalidations; k++) {
			cl_refs_expr(w->a, m->vars[i].validations[k].condition, r);
			cl_refs_expr(w->a, m->vars[i].validations[k].error_message, r);
		}
		break;
	case O_LOCAL:
		cl_refs_expr(w->a, m->locals[i].expr, r);
		break;
	case O_RES:
		cl_refs_body(w->a, m->resources[i].body, no_lifecycle, r);
		cl_refs_provisioners(w->a, m->resources[i].body, r);
		break;
	case O_CALL:
		cl_refs_body(w->a, m->calls[i].body, NULL, r);
		break;
	case O_OUT:
		cl_refs_expr(w->a, m->outputs[i].value, r);
		for (unsigned k = 0; k < m->outputs[i].depends_on.n; k++)
			cl_refs_expr(w->a, m->outputs[i].depends_on.v[k], r);
		break;
	}
}

static const char *object_name(walker *w, const cl_module *m, int kind, unsigned i)
{
	switch (kind) {
	case O_VAR: return cl_arena_printf(w->a, "var.%s", m->vars[i].name);
	case O_LOCAL: return cl_arena_printf(w->a, "local.%s", m->locals[i].name);
	case O_RES:
		return cl_arena_printf(w->a, "%s%s.%s", m->resources[i].data ? "data." : "", m->resources[i].type,
		                       m->resources[i].name);
	case O_CALL:
		return cl_arena_printf(w->a, "%s.%s", m->calls[i].kind ? m->calls[i].kind : "module", m->calls[i].name);
	default: return cl_arena_printf(w->a, "output.%s", m->outputs[i].name);
	}
}

/* The module's objects in an order where each comes after what it refers
 * to; NULL (with the cycle reported) when there is none. */
static cl_node **order_objects(walker *w, const cl_module *m, objects *ob)
{
	unsigned counts[] = { m->nvars, m->nlocals, m->nresources, m->ncalls, m->noutputs };
	ob->n = 0;
	for (int k = 0; k < 5; k++)
		ob->n += counts[k];
	ob->kind = CL_NEWN(w->a, int, ob->n + 1);
	ob->idx = CL_NEWN(w->a, unsigned, ob->n + 1);
	ob->refs = CL_NEWN(w->a, cl_refs, ob->n + 1);
	cl_dag og = { .arena = w->a };
	unsigned base[5], at = 0;
	for (int k = 0; k < 5; k++) {
		base[k] = at;
		for (unsigned i = 0; i < counts[k]; i++, at++) {
			ob->kind[at] = k;
			ob->idx[at] = i;
			object_refs(w, m, k, i, &ob->refs[at]);
			cl_dag_add(&og, CL_N_LOCAL, object_name(w, m, k, i), NULL, at, NULL);
		}
	}
	for (unsigned i = 0; i < ob->n; i++) {
		for (unsigned r = 0; r < ob->refs[i].n; r++) {
			target t = ref_target(m, &ob->refs[i].v[r]);
			if (t.kind >= 0)
				cl_dag_edge(&og, og.v[i], og.v[base[t.kind] + t.idx], ob->refs[i].v[r].loc);
		}
	}
	if (m->ncalls || m->nresources) {
		/* depends_on orders too (a cycle through it is still a cycle). */
		for (unsigned i = 0; i < m->nresources; i++) {
			cl_refs dr = { 0 };
			for (unsigned k = 0; k < m->resources[i].depends_on.n; k++)
				cl_refs_expr(w->a, m->resources[i].depends_on.v[k], &dr);
			for (unsigned r = 0; r < dr.n; r++) {
				target t = ref_target(m, &dr.v[r]);
				if (t.kind >= 0)
					cl_dag_edge(&og, og.v[base[O_RES] + i], og.v[base[t.kind] + t.idx], dr.v[r].loc);
			}
		}
	}
	if (!cl_dag_order(&og, w->d))
		return NULL;
	return og.order;
}

/* --- evaluating ------------------------------------------------------ */

static cl_value *eval_known(walker *w, cl_scope *sc, const cl_expr *e, const char *what)
{
	cl_value *v = cl_scope_eval(sc, w->a, w->d, e);
	if (v && !cl_value_is_wholly_known(v)) {
		cl_diag_error(w->d, cl_loc_range(e->loc), "the %s value depends on values known only after apply", what);
		cl_diag_hint(w->d, "%s must be known when planning: use variables and locals, not resource attributes",
		             what);
		return NULL;
	}
	return v;
}

static bool eval_bool(walker *w, cl_scope *sc, const cl_expr *e, const char *what, bool def)
{
	if (!e)
		return def;
	cl_value *v = eval_known(w, sc, e, what);
	const char *err;
	cl_value *b = v ? cl_convert(w->a, v, &cl_type_bool, &err) : NULL;
	if (v && (!b || cl_value_is_null(b))) {
		cl_diag_error(w->d, cl_loc_range(e->loc), "%s must be true or false", what);
		return def;
	}
	return b ? b->u.b : def;
}

static cl_value *check_validations(walker *w, cl_modinst *mi, const cl_variable *v, cl_value *val, cl_loc at)
{
	/* The conditions read var.<this one>: it has its value from here on
	 * (the caller stores the same value in the slot again). */
	if (v->nvalidations)
		mi->vars[v - mi->mod->vars] = val;
	for (unsigned k = 0; k < v->nvalidations; k++) {
		const cl_validation *vd = &v->validations[k];
		cl_scope sc = { .mi = mi };
		cl_value *c = cl_scope_eval(&sc, w->a, w->d, vd->condition);
		if (!c || !cl_value_is_known(c))
			continue;
		const char *err;
		cl_value *b = cl_convert(w->a, c, &cl_type_bool, &err);
		if (!b || cl_value_is_null(b)) {
			cl_diag_error(w->d, cl_loc_range(vd->condition->loc), "a validation condition must be true or false");
			continue;
		}
		if (b->u.b)
			continue;
		cl_value *msg = cl_scope_eval(&sc, w->a, w->d, vd->error_message);
		const char *text = msg && msg->kind == CL_V_STRING ? msg->u.str.s : "the value is not valid";
		cl_diag_error(w->d, at.file ? cl_loc_range(at) : cl_loc_range(v->loc), "invalid value for variable \"%s\": %s", v->name, text);
		cl_diag_note(w->d, cl_loc_range(vd->condition->loc), "the condition that failed");
	}
	return val;
}

/* optional(T, default) defaults, evaluated once per type (they are
 * constants: no references allowed). */
static void type_defaults(walker *w, const cl_type *t)
{
	if (!t)
		return;
	if (t->elem)
		type_defaults(w, t->elem);
	for (uint32_t i = 0; t->elems && i < t->n; i++)
		type_defaults(w, t->elems[i]);
	if (!t->default_exprs || t->defaults)
		return;
	cl_value **vals = CL_NEWN(w->a, cl_value *, t->n + 1);
	for (uint32_t i = 0; i < t->n; i++) {
		if (!t->default_exprs[i])
			continue;
		cl_eval_ctx ctx = { .arena = w->a, .diags = w->d };
		vals[i] = cl_eval(&ctx, t->default_exprs[i]);
	}
	((cl_type *)t)->defaults = vals;
}

/* A variable's final value from what was given (or not). */
static cl_value *finish_var(walker *w, cl_modinst *mi, const cl_variable *v, cl_value *given, cl_loc at)
{
	cl_scope sc = { .mi = mi, .root_dir = w->o->root_dir };
	type_defaults(w, v->type);
	bool nullable = eval_bool(w, &sc, v->nullable, "nullable", true);
	cl_value *val = given;
	if (!val || (!nullable && cl_value_is_null(val))) {
		if (v->def) {
			val = cl_scope_eval(&sc, w->a, w->d, v->def);
		} else if (!given) {
			cl_diag_error(w->d, cl_loc_range(v->loc), "no value for the required variable \"%s\"", v->name);
			if (!mi->parent)
				cl_diag_hint(w->d, "set it with -var '%s=...', -var-file, TF_VAR_%s, or a terraform.tfvars file",
				             v->name, v->name);
			return cl_value_unknown(w->a, v->type);
		} else {
			cl_diag_error(w->d, at.file ? cl_loc_range(at) : cl_loc_range(v->loc), "variable \"%s\" is not nullable: it needs a value", v->name);
			return cl_value_unknown(w->a, v->type);
		}
		if (!val)
			return cl_value_unknown(w->a, v->type);
	}
	const char *err;
	cl_value *c = cl_convert(w->a, val, v->type, &err);
	if (!c) {
		cl_buf b = CL_BUF_INIT;
		cl_type_print(&b, v->type);
		cl_diag_error(w->d, at.file ? cl_loc_range(at) : cl_loc_range(v->loc), "invalid value for variable \"%s\": %s", v->name, err);
		cl_diag_hint(w->d, "the variable takes a %s", cl_buf_str(&b));
		cl_buf_free(&b);
		return cl_value_unknown(w->a, v->type);
	}
	if (eval_bool(w, &sc, v->sensitive, "sensitive", false)) {
		c = cl_value_mark(w->a, c, CL_MARK_SENSITIVE);
		cl_value_redact_everywhere(c);
	}
	return check_validations(w, mi, v, c, at);
}

/* count or for_each: the instance keys (NULL entries: no key at all). */
typedef struct keys {
	unsigned n;
	cl_value **key, **each;
	bool single;
} keys;

static bool eval_keys(walker *w, cl_scope *sc, const cl_expr *count, const cl_expr *for_each, keys *k)
{
	memset(k, 0, sizeof *k);
	if ((count || for_each) && w->o->validate) {
		/* validate knows no input values: check one instance of unknown key. */
		cl_diags quiet = { 0 };
		cl_value *v = cl_scope_eval(sc, w->a, &quiet, count ? count : for_each);
		bool unknown = !v || !cl_value_is_wholly_known(v);
		cl_diags_free(&quiet);
		if (unknown) {
			k->n = 1;
			k->key = CL_NEWN(w->a, cl_value *, 1);
			k->each = CL_NEWN(w->a, cl_value *, 1);
			k->key[0] = cl_value_unknown(w->a, count ? &cl_type_number : &cl_type_string);
			k->each[0] = cl_value_unknown(w->a, NULL);
			return true;
		}
	}
	if (!count && !for_each) {
		k->single = true;
		k->n = 1;
		k->key = CL_NEWN(w->a, cl_value *, 1);
		k->each = CL_NEWN(w->a, cl_value *, 1);
		return true;
	}
	if (w->o->provisional) {
		cl_diags quiet = { 0 };
		cl_value *pv = cl_scope_eval(sc, w->a, &quiet, count ? count : for_each);
		bool later = quiet.nerrors == 0 && pv && !cl_value_is_wholly_known(pv);
		cl_diags_free(&quiet);
		if (later)
			return true;   /* no instances this time: the final expansion decides */
	}
	cl_value *v = eval_known(w, sc, count ? count : for_each, count ? "count" : "for_each");
	if (!v)
		return false;
	v = cl_value_unmark(w->a, v);
	if (count) {
		int64_t n;
		const char *err;
		if (v->kind == CL_V_BOOL || (v->kind == CL_V_STRING && (!strcmp(v->u.str.s, "true") ||
		                                                         !strcmp(v->u.str.s, "false")))) {
			/* Terraform 0.11: count = "${var.enabled}" with a boolean. */
			bool on = v->kind == CL_V_BOOL ? v->u.b : !strcmp(v->u.str.s, "true");
			cl_diag_warning(w->d, cl_loc_range(count->loc), "count is a boolean: read as %d, as Terraform 0.11 did", on);
			cl_diag_hint(w->d, "write count = <condition> ? 1 : 0 (Terraform 0.12 and later refuse a boolean)");
			v = cl_value_int(w->a, on);
		}
		cl_value *nv = cl_convert(w->a, v, &cl_type_number, &err);
		if (!nv || cl_value_is_null(nv) || !cl_value_as_int(nv, &n) || n < 0 || n > 100000) {
			cl_diag_error(w->d, cl_loc_range(count->loc), "count must be a whole number from 0 to 100000");
			return false;
		}
		k->n = (unsigned)n;
		k->key = CL_NEWN(w->a, cl_value *, k->n + 1);
		k->each = CL_NEWN(w->a, cl_value *, k->n + 1);
		for (unsigned i = 0; i < k->n; i++)
			k->key[i] = cl_value_int(w->a, i);
		return true;
	}
	if (v->kind == CL_V_SET || (cl_value_is_seq(v) && v->kind != CL_V_LIST && v->kind != CL_V_TUPLE)) {
		/* a set of strings: each.key == each.value */
	} else if (!cl_value_is_mapping(v)) {
		cl_diag_error(w->d, cl_loc_range(for_each->loc), "for_each must be a map, or a set of strings, not %s",
		              cl_value_is_null(v) ? "null" : cl_type_friendly(w->a, cl_value_type(w->a, v)));
		if (v->kind == CL_V_LIST || v->kind == CL_V_TUPLE)
			cl_diag_hint(w->d, "convert the list: for_each = toset(...)");
		return false;
	}
	k->n = v->n;
	k->key = CL_NEWN(w->a, cl_value *, k->n + 1);
	k->each = CL_NEWN(w->a, cl_value *, k->n + 1);
	for (unsigned i = 0; i < v->n; i++) {
		if (cl_value_is_mapping(v)) {
			k->key[i] = cl_value_cstr(w->a, v->u.c.keys[i]);
			k->each[i] = v->u.c.v[i];
		} else if (v->u.c.v[i]->kind != CL_V_STRING) {
			cl_diag_error(w->d, cl_loc_range(for_each->loc), "for_each over a set needs strings; element %u is not one", i);
			return false;
		} else {
			k->key[i] = k->each[i] = v->u.c.v[i];
		}
	}
	return true;
}

/* The value of a counted or for_each'd thing: a tuple, an object by key,
 * or the one value. */
static cl_value *collect(walker *w, const keys *k, const cl_expr *count, cl_value **vals)
{
	if (k->single)
		return vals[0];
	if (k->n == 1 && !cl_value_is_known(k->key[0]))
		return cl_value_unknown(w->a, NULL);
	if (count)
		return cl_value_tuple(w->a, vals, k->n);
	const char **names = CL_NEWN(w->a, const char *, k->n + 1);
	for (unsigned i = 0; i < k->n; i++)
		names[i] = k->key[i]->u.str.s;
	return cl_value_object(w->a, names, vals, k->n);
}

static const char *instance_addr(walker *w, cl_arena *tmp, cl_modinst *mi, const cl_resource *r, cl_value *key)
{
	cl_buf b = CL_BUF_INIT;
	cl_buf_printf(&b, "%s%s%s.%s", cl_modinst_prefix(tmp, mi), r->data ? "data." : "", r->type, r->name);
	if (key)
		cl_key_print(&b, key);
	const char *s = cl_arena_strdup(w->a, cl_buf_str(&b));
	cl_buf_free(&b);
	return s;
}

static void walk_resource(walker *w, mstate *s, unsigned ri, const cl_refs *refs)
{
	cl_modinst *mi = s->mi;
	const cl_resource *r = &mi->mod->resources[ri];
	cl_scope sc = { .mi = mi, .root_dir = w->o->root_dir, .legacy_count = !r->count };
	keys k;
	bool cbd = eval_bool(w, &sc, r->lifecycle.create_before_destroy, "create_before_destroy", false);
	if (!eval_keys(w, &sc, r->count, r->for_each, &k) || !r->rt) {
		mi->resources[ri] = cl_value_unknown(w->a, NULL);
		return;
	}
	if (!r->count)
		for (unsigned i = 0; i < refs->n; i++)
			if (!strcmp(refs->v[i].t.root, "count")) {
				cl_diag_warning(w->d, cl_loc_range(refs->v[i].loc), "count.index in a resource without count is 0 (Terraform 0.11)");
				cl_diag_hint(w->d, "write 0, or add count to the resource");
				break;
			}
	const cl_type *ot = cl_schema_type(w->a, r->rt->schema);
	cl_value **vals = CL_NEWN(w->a, cl_value *, k.n + 1);
	s->res_nodes[ri] = CL_NEWN(w->a, cl_node *, k.n + 1);
	/* What evaluating and planning an instance makes lives in tmp, reset
	 * for each instance; only its configuration and planned value (the
	 * parts of them made then) are kept. */
	cl_arena tmp;
	cl_arena_init(&tmp);
	for (unsigned i = 0; i < k.n; i++) {
		cl_arena_reset(&tmp);
		const char *addr = instance_addr(w, &tmp, mi, r, k.key[i]);
		cl_node *nd = cl_dag_add(w->g, r->data ? CL_N_DATA : CL_N_RESOURCE, addr, mi, ri, k.key[i]);
		nd->each_value = k.each[i];
		nd->cbd = cbd;
		nd->expected_ms = r->rt->expected_ms;
		s->res_nodes[ri][s->nres[ri]++] = nd;
		add_edges(w, s, nd, refs);
		add_dependson_edges(w, &tmp, s, nd, &r->depends_on);
		sc.count_index = r->count ? k.key[i] : NULL;
		sc.each_key = r->for_each ? k.key[i] : NULL;
		sc.each_value = r->for_each ? k.each[i] : NULL;
		nd->config = cl_instance_eval(&sc, &tmp, w->d, r->body, r->rt->schema, addr);
		bool tainted = false;
		nd->prior = w->o->prior ? w->o->prior(w->o->user, addr, &tainted) : NULL;
		if (nd->config)
			cl_plan_instance(&tmp, r->rt, nd, tainted);
		cl_value **made[] = { &nd->config, &nd->planned };
		cl_value_keep(w->a, &tmp, made, 2);
		if (r->data && nd->config && w->o->read_data && cl_value_is_wholly_known(nd->config) &&
		    !after_changes(nd, 0)) {
			cl_value *v = w->o->read_data(w->o->user, nd, w->a, w->d);
			if (v) {
				nd->planned = v;
				nd->action = CL_ACT_NOOP;   /* read while planning */
			}
		}
		vals[i] = nd->planned ? nd->planned : cl_value_unknown(w->a, ot);
	}
	cl_arena_free(&tmp);
	mi->resources[ri] = collect(w, &k, r->count, vals);
}

static void walk_module(walker *w, mstate *s);

/* Arguments of one call instance, as the called module's inputs. */
static cl_value *call_arg(walker *w, cl_scope *sc, const cl_call *c, const cl_variable *v, cl_loc *at)
{
	for (uint32_t i = 0; i < c->body->n; i++) {
		const cl_attr *a = c->body->v[i].attr;
		if (a && !strcmp(a->name, v->name)) {
			*at = a->expr->loc;
			return cl_scope_eval(sc, w->a, w->d, a->expr);
		}
	}
	/* A kind's nested blocks: ingress { ... } is an element of var.ingress. */
	cl_value **elems = NULL;
	uint32_t n = 0;
	for (uint32_t i = 0; i < c->body->n; i++) {
		const cl_block *bl = c->body->v[i].block;
		if (!bl || strcmp(bl->type, v->name))
			continue;
		*at = bl->type_loc;
		const char **keys = CL_NEWN(w->a, const char *, bl->body->n + 1);
		cl_value **vals = CL_NEWN(w->a, cl_value *, bl->body->n + 1);
		uint32_t m = 0;
		for (uint32_t j = 0; j < bl->body->n; j++) {
			const cl_attr *a = bl->body->v[j].attr;
			if (!a) {
				cl_diag_error(w->d, cl_loc_range(bl->body->v[j].block->type_loc), "blocks inside %s blocks are not supported", v->name);
				continue;
			}
			keys[m] = a->name;
			vals[m] = cl_scope_eval(sc, w->a, w->d, a->expr);
			if (!vals[m])
				return NULL;
			m++;
		}
		elems = cl_arena_realloc(w->a, elems, n * sizeof *elems, (n + 1) * sizeof *elems);
		elems[n++] = cl_value_object(w->a, keys, vals, m);
	}
	if (!n) {
		if (c->kind && !strcmp(v->name, "name"))
			return cl_value_cstr(w->a, c->name);
		return NULL;
	}
	if (v->type->kind == CL_T_OBJECT || v->type->kind == CL_T_ANY) {
		if (n > 1) {
			cl_diag_error(w->d, cl_loc_range(*at), "%s \"%s\" takes one %s block, not %u", c->kind, c->name, v->name, n);
			return NULL;
		}
		if (v->type->kind == CL_T_OBJECT)
			return elems[0];
	}
	return cl_value_tuple(w->a, elems, n);
}

static void walk_call(walker *w, mstate *s, unsigned ci, const cl_refs *refs)
{
	cl_modinst *mi = s->mi;
	const cl_call *c = &mi->mod->calls[ci];
	cl_scope sc = { .mi = mi, .root_dir = w->o->root_dir };
	keys k;
	if (!c->child || !eval_keys(w, &sc, c->count, c->for_each, &k)) {
		mi->calls[ci] = cl_value_unknown(w->a, NULL);
		return;
	}
	const cl_module *cm = c->child;
	cl_value **vals = CL_NEWN(w->a, cl_value *, k.n + 1);
	s->kids[ci] = CL_NEWN(w->a, mstate *, k.n + 1);
	mi->children[ci] = CL_NEWN(w->a, cl_modinst *, k.n + 1);
	for (unsigned i = 0; i < k.n; i++) {
		cl_modinst *kid = cl_modinst_new(w->a, cm, mi, c, k.single ? NULL : k.key[i], k.each[i]);
		mstate *ks = mstate_new(w, kid);
		s->kids[ci][s->nkids[ci]++] = ks;
		mi->children[ci][mi->nchildren[ci]++] = kid;
		sc.count_index = c->count ? k.key[i] : NULL;
		sc.each_key = c->for_each ? k.key[i] : NULL;
		sc.each_value = c->for_each ? k.each[i] : NULL;
		/* Inputs: one node per variable, depending on what its argument reads. */
		for (unsigned v = 0; v < cm->nvars; v++) {
			const cl_variable *var = &cm->vars[v];
			cl_loc at = { 0 };
			cl_value *given = call_arg(w, &sc, c, var, &at);
			cl_node *nd = cl_dag_add(w->g, CL_N_VAR, cl_arena_printf(w->a, "%s.var.%s", kid->path, var->name), kid, v, NULL);
			ks->var_nodes[v] = nd;
			cl_refs ar = { 0 };
			for (uint32_t j = 0; j < c->body->n; j++) {
				const cl_item *it = &c->body->v[j];
				if (it->attr && !strcmp(it->attr->name, var->name))
					cl_refs_expr(w->a, it->attr->expr, &ar);
				else if (it->block && !strcmp(it->block->type, var->name))
					cl_refs_body(w->a, it->block->body, NULL, &ar);
			}
			add_edges(w, s, nd, &ar);
			add_dependson_edges(w, w->a, s, nd, &c->depends_on);
			kid->vars[v] = finish_var(w, kid, var, given, at);
		}
		walk_module(w, ks);
		const char **names = CL_NEWN(w->a, const char *, cm->noutputs + 1);
		cl_value **outs = CL_NEWN(w->a, cl_value *, cm->noutputs + 1);
		for (unsigned o = 0; o < cm->noutputs; o++) {
			names[o] = cm->outputs[o].name;
			outs[o] = kid->outputs[o] ? kid->outputs[o] : cl_value_unknown(w->a, NULL);
		}
		vals[i] = cl_value_object(w->a, names, outs, cm->noutputs);
	}
	(void)refs;
	mi->calls[ci] = collect(w, &k, c->count, vals);
}

static void walk_output(walker *w, mstate *s, unsigned oi, const cl_refs *refs)
{
	cl_modinst *mi = s->mi;
	const cl_output *o = &mi->mod->outputs[oi];
	cl_scope sc = { .mi = mi, .root_dir = w->o->root_dir };
	cl_node *nd = cl_dag_add(w->g, CL_N_OUTPUT, cl_arena_printf(w->a, "%soutput.%s", cl_modinst_prefix(w->a, mi), o->name),
	                         mi, oi, NULL);
	s->out_nodes[oi] = nd;
	add_edges(w, s, nd, refs);
	add_dependson_edges(w, w->a, s, nd, &o->depends_on);
	cl_value *v = cl_scope_eval(&sc, w->a, w->d, o->value);
	if (!v) {
		mi->outputs[oi] = cl_value_unknown(w->a, NULL);
		return;
	}
	bool sensitive = eval_bool(w, &sc, o->sensitive, "sensitive", false);
	if (!sensitive && !mi->parent && (cl_value_marks_deep(v) & CL_MARK_SENSITIVE)) {
		cl_diag_error(w->d, cl_loc_range(o->value->loc), "output \"%s\" refers to sensitive values", o->name);
		cl_diag_hint(w->d, "add sensitive = true to the output block to show it is meant to be shown as such");
	}
	mi->outputs[oi] = sensitive ? cl_value_mark(w->a, v, CL_MARK_SENSITIVE) : v;
	nd->planned = mi->outputs[oi];
	if (!mi->parent && w->o->prior_output)
		nd->prior = w->o->prior_output(w->o->user, o->name);
}

static void walk_module(walker *w, mstate *s)
{
	cl_modinst *mi = s->mi;
	const cl_module *m = mi->mod;
	objects ob;
	cl_node **order = order_objects(w, m, &ob);
	if (!order)
		return;
	for (unsigned i = 0; i < ob.n; i++) {
		unsigned at = order[i]->index;
		unsigned idx = ob.idx[at];
		const cl_refs *refs = &ob.refs[at];
		switch (ob.kind[at]) {
		case O_VAR:
			if (!mi->parent) {
				cl_loc none = { 0 };
				cl_node *nd = cl_dag_add(w->g, CL_N_VAR, cl_arena_printf(w->a, "var.%s", m->vars[idx].name), mi, idx, NULL);
				s->var_nodes[idx] = nd;
				mi->vars[idx] = finish_var(w, mi, &m->vars[idx], w->o->root_inputs ? w->o->root_inputs[idx] : NULL,
				                           w->o->root_input_locs ? w->o->root_input_locs[idx] : none);
			}
			break;
		case O_LOCAL: {
			cl_node *nd = cl_dag_add(w->g, CL_N_LOCAL,
			                         cl_arena_printf(w->a, "%slocal.%s", cl_modinst_prefix(w->a, mi), m->locals[idx].name),
			                         mi, idx, NULL);
			s->local_nodes[idx] = nd;
			add_edges(w, s, nd, refs);
			cl_scope sc = { .mi = mi, .root_dir = w->o->root_dir };
			cl_value *v = cl_scope_eval(&sc, w->a, w->d, m->locals[idx].expr);
			mi->locals[idx] = v ? v : cl_value_unknown(w->a, NULL);
			nd->planned = mi->locals[idx];
			break;
		}
		case O_RES:
			walk_resource(w, s, idx, refs);
			break;
		case O_CALL:
			walk_call(w, s, idx, refs);
			break;
		case O_OUT:
			walk_output(w, s, idx, refs);
			break;
		}
	}
}

cl_dag *cl_expand(cl_arena *a, const cl_module *root, const cl_expand_opts *o, cl_diags *d)
{
	cl_dag *g = CL_NEW(a, cl_dag);
	g->arena = a;
	g->root_dir = o->root_dir;
	walker w = { a, d, g, o };
	g->root = cl_modinst_new(a, root, NULL, NULL, NULL, NULL);
	g->root->workspace = o->workspace;
	walk_module(&w, mstate_new(&w, g->root));
	return g;
}

/* --- apply time ------------------------------------------------------ */

/* The scope a node's expressions are evaluated in. */
cl_scope cl_expand_node_scope(const cl_dag *g, const cl_node *n)
{
	cl_scope sc = { .mi = n->mi, .root_dir = g->root_dir };
	if (n->kind == CL_N_RESOURCE || n->kind == CL_N_DATA) {
		const cl_resource *r = &n->mi->mod->resources[n->index];
		sc.legacy_count = !r->count;
		sc.count_index = r->count ? n->key : NULL;
		sc.each_key = r->for_each ? n->key : NULL;
		sc.each_value = r->for_each ? n->each_value : NULL;
	}
	return sc;
}

/* The keys and values of every instance of what n is one instance of:
 * the nodes of the same resource, or the called module's instances. */
static cl_value *collect_nodes(walker *w, const cl_node *n)
{
	keys k = { 0 };
	cl_value **vals = CL_NEWN(w->a, cl_value *, w->g->n + 1);
	k.key = CL_NEWN(w->a, cl_value *, w->g->n + 1);
	for (unsigned i = 0; i < w->g->n; i++) {
		const cl_node *o = w->g->v[i];
		if (o->mi != n->mi || o->index != n->index || o->kind != n->kind)
			continue;
		k.key[k.n] = o->key;
		vals[k.n++] = o->planned ? o->planned : cl_value_unknown(w->a, NULL);
	}
	const cl_resource *r = &n->mi->mod->resources[n->index];
	k.single = !r->count && !r->for_each;
	return collect(w, &k, r->count, vals);
}

static void rebuild_call(walker *w, cl_modinst *kid)
{
	cl_modinst *parent = kid->parent;
	unsigned ci = (unsigned)(kid->call - parent->mod->calls);
	const cl_module *cm = kid->mod;
	keys k = { 0 };
	unsigned nk = parent->nchildren[ci];
	cl_value **vals = CL_NEWN(w->a, cl_value *, nk + 1);
	k.key = CL_NEWN(w->a, cl_value *, nk + 1);
	k.single = !kid->call->count && !kid->call->for_each;
	for (unsigned i = 0; i < nk; i++) {
		cl_modinst *c = parent->children[ci][i];
		const char **names = CL_NEWN(w->a, const char *, cm->noutputs + 1);
		cl_value **outs = CL_NEWN(w->a, cl_value *, cm->noutputs + 1);
		for (unsigned o = 0; o < cm->noutputs; o++) {
			names[o] = cm->outputs[o].name;
			outs[o] = c->outputs[o] ? c->outputs[o] : cl_value_unknown(w->a, NULL);
		}
		k.key[k.n] = c->key;
		vals[k.n++] = cl_value_object(w->a, names, outs, cm->noutputs);
	}
	parent->calls[ci] = collect(w, &k, kid->call->count, vals);
}

bool cl_expand_reevaluate(cl_dag *g, cl_arena *a, cl_node *n, cl_diags *d)
{
	cl_expand_opts o = { .root_dir = g->root_dir };
	walker w = { a, d, g, &o };
	cl_modinst *mi = n->mi;
	size_t before = d->nerrors;
	if (n->kind == CL_N_LOCAL) {
		cl_scope sc = { .mi = mi, .root_dir = g->root_dir };
		cl_value *v = cl_scope_eval(&sc, a, d, mi->mod->locals[n->index].expr);
		if (v)
			mi->locals[n->index] = n->planned = v;
	} else if (n->kind == CL_N_OUTPUT) {
		const cl_output *out = &mi->mod->outputs[n->index];
		cl_scope sc = { .mi = mi, .root_dir = g->root_dir };
		cl_value *v = cl_scope_eval(&sc, a, d, out->value);
		if (v) {
			if (eval_bool(&w, &sc, out->sensitive, "sensitive", false))
				v = cl_value_mark(a, v, CL_MARK_SENSITIVE);
			mi->outputs[n->index] = n->planned = v;
			if (mi->parent)
				rebuild_call(&w, mi);
		}
	} else if (n->kind == CL_N_VAR && mi->parent) {
		const cl_call *c = mi->call;
		cl_scope sc = { .mi = mi->parent, .root_dir = g->root_dir };
		sc.count_index = c->count ? mi->key : NULL;
		sc.each_key = c->for_each ? mi->key : NULL;
		sc.each_value = c->for_each ? mi->each_value : NULL;
		cl_loc at = { 0 };
		const cl_variable *var = &mi->mod->vars[n->index];
		cl_value *given = call_arg(&w, &sc, c, var, &at);
		mi->vars[n->index] = n->planned = finish_var(&w, mi, var, given, at);
	}
	return d->nerrors == before;
}

cl_value *cl_expand_config(cl_dag *g, cl_arena *a, cl_node *n, cl_diags *d)
{
	const cl_resource *r = &n->mi->mod->resources[n->index];
	cl_scope sc = cl_expand_node_scope(g, n);
	return cl_instance_eval(&sc, a, d, r->body, r->rt->schema, n->addr);
}

void cl_expand_set_value(cl_dag *g, cl_arena *a, cl_node *n, cl_value *v)
{
	cl_expand_opts o = { .root_dir = g->root_dir };
	cl_diags none = { 0 };
	walker w = { a, &none, g, &o };
	n->planned = v;
	n->mi->resources[n->index] = collect_nodes(&w, n);
}
