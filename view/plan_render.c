/* plan_render.c: the plan in words as Terraform 1.x prints it, built on the
 * one value printer (diff.c); the -json messages; the counts; the downtime
 * lint.  Which action each node takes was decided before (plan.c,
 * destroy.c): nothing here decides. */
#include "view/plan_render.h"
#include "view/diff.h"
#include "compiler/config.h"
#include "compiler/rollout.h"
#include "util/fatal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>


/* ---- addresses ---- */

/* A step's address, printed in the pieces the plan shows. */
typedef struct parts {
	const char *addr;           /* the instance, without its phase */
	const char *res;            /* ... without its key */
	const char *module;         /* "" at the root */
	const char *resource;       /* data.aws_ami.x[0]: the address less its module */
	const char *type, *name;
	const char *key;            /* "[0]", "[\"a\"]" or "" */
	const cl_key *typed_key;
	const char *deposed;        /* a deposed object's key, or NULL */
	bool data;
} parts;

static void split(cl_arena *a, const cl_node *nd, parts *p)
{
	const cl_addr *x = &nd->at;
	memset(p, 0, sizeof *p);
	p->addr = cl_addr_str(a, x);
	p->res = cl_addr_resource_str(a, x);
	p->module = x->module;
	p->resource = p->addr + (*x->module ? strlen(x->module) + 1 : 0);
	p->type = x->type ? x->type : "";
	p->name = x->name ? x->name : "";
	cl_buf k = CL_BUF_INIT;
	cl_key_print_addr(&k, &x->key);
	p->key = cl_arena_strdup(a, cl_buf_str(&k));
	cl_buf_free(&k);
	p->typed_key = &x->key;
	p->deposed = x->phase == CL_PHASE_DEPOSED ? x->deposed : NULL;
	p->data = x->data;
}

/* ---- actions and counts ---- */
/* The old half of a replacement is shown with its new half, once. */
static bool replaced_half(const cl_node *nd)
{
	return nd->kind == CL_N_DESTROY && nd->pair && nd->pair->action == CL_ACT_REPLACE;
}

static bool root_output(const cl_node *nd)
{
	return nd->kind == CL_N_OUTPUT && !strncmp(nd->addr, "output.", 7);
}

cl_action cl_plan_action(const cl_node *nd)
{
	switch (nd->kind) {
	case CL_N_RESOURCE: return nd->action;
	case CL_N_DESTROY: return CL_ACT_DELETE;
	case CL_N_DATA:
		return nd->config && !cl_value_is_wholly_known(nd->config) ? CL_ACT_READ : CL_ACT_NOOP;
	case CL_N_OUTPUT: return cl_diff_change(nd->prior, nd->planned);
	default: return CL_ACT_NOOP;
	}
}

void cl_plan_counts(const cl_dag *g, unsigned *add, unsigned *change, unsigned *destroy)
{
	*add = *change = *destroy = 0;
	for (unsigned i = 0; i < g->n; i++) {
		const cl_node *nd = g->v[i];
		if ((nd->kind != CL_N_RESOURCE && nd->kind != CL_N_DESTROY) || replaced_half(nd))
			continue;
		switch (cl_plan_action(nd)) {
		case CL_ACT_CREATE: ++*add; break;
		case CL_ACT_UPDATE: ++*change; break;
		case CL_ACT_REPLACE: ++*add, ++*destroy; break;
		case CL_ACT_DELETE: ++*destroy; break;
		default: break;
		}
	}
}

unsigned cl_plan_imports_count(const cl_dag *g)
{
	unsigned n = 0;
	for (unsigned i = 0; i < g->n; i++)
		n += g->v[i]->kind == CL_N_RESOURCE && g->v[i]->import_id;
	return n;
}

bool cl_plan_has_changes(const cl_dag *g)
{
	if (cl_plan_imports_count(g))
		return true;   /* apply records them */
	for (unsigned i = 0; i < g->n; i++) {
		const cl_node *nd = g->v[i];
		if ((nd->kind == CL_N_OUTPUT && !root_output(nd)) || replaced_half(nd))
			continue;
		if (cl_plan_action(nd) != CL_ACT_NOOP)
			return true;
	}
	return false;
}

/* ---- the downtime lint ---- */

/* Does from wait for to, directly or through variables, locals and outputs? */
static bool waits_for(const cl_node *from, const cl_node *to, unsigned char *seen)
{
	for (unsigned i = 0; i < from->ndeps; i++) {
		const cl_node *d = from->deps[i].to;
		if (d == to)
			return true;
		if (seen[d->id] || (d->kind != CL_N_VAR && d->kind != CL_N_LOCAL && d->kind != CL_N_OUTPUT))
			continue;
		seen[d->id] = 1;
		if (waits_for(d, to, seen))
			return true;
	}
	return false;
}

static bool set_has(const cl_value *set, const cl_value *v)
{
	if (!cl_diff_present(set) || !cl_value_is_known(set) || !cl_value_is_seq(set) || !cl_diff_present(v))
		return false;
	for (uint32_t i = 0; i < set->n; i++)
		if (cl_diff_same(set->u.c.v[i], v))
			return true;
	return false;
}

/* The type of resource node nd, or NULL. */
static const cl_resource_type *type_of(const cl_node *nd)
{
	return nd->at.type ? cl_schema_find(nd->at.type, nd->at.data) : NULL;
}

/* Is nd a member of a load balancer: listed in a balancer's members as
 * recorded, or in one that is configured from it? */
static bool in_balancer(const cl_dag *g, const cl_node *nd, cl_arena *a)
{
	const cl_value *id = nd->prior ? cl_value_get(nd->prior, "id") : NULL;
	unsigned char *seen = CL_NEWN(a, unsigned char, g->n);
	for (unsigned i = 0; i < g->n; i++) {
		const cl_node *e = g->v[i];
		const cl_resource_type *rt = e->kind == CL_N_RESOURCE ? type_of(e) : NULL;
		if (!rt || !rt->balancer_members)
			continue;
		const char *members = rt->balancer_members;
		const cl_value *cfg = e->config ? cl_value_get(e->config, members) : NULL;
		if (set_has(cfg, id) || (e->prior && set_has(cl_value_get(e->prior, members), id)))
			return true;
		memset(seen, 0, g->n);
		if (cl_diff_present(cfg) && waits_for(e, nd, seen))
			return true;
	}
	return false;
}

/* A replacement that destroys first takes a serving resource out of
 * service; some (an instance) serve only while a load balancer sends them
 * traffic. */
static bool drops_traffic(const cl_dag *g, const cl_node *nd, cl_arena *a)
{
	if (nd->kind != CL_N_RESOURCE || nd->action != CL_ACT_REPLACE || nd->cbd)
		return false;
	const cl_resource_type *rt = type_of(nd);
	if (!rt || !rt->serves_traffic)
		return false;
	return !rt->serves_when_balanced || in_balancer(g, nd, a);
}

/* The warning's two halves; the text output joins them with ": ". */
static void downtime_text(cl_buf *summary, cl_buf *detail, const char *addr)
{
	cl_buf_printf(summary, "%s is replaced without create_before_destroy", addr);
	cl_buf_puts(detail, "it stops serving traffic until its replacement is up. Add lifecycle "
	                    "{ create_before_destroy = true } to replace it with zero downtime.");
}

/* ---- the plan ---- */

typedef struct item {
	const cl_node *nd;
	parts p;
} item;

static int item_cmp(const void *x, const void *y)
{
	const item *a = x, *b = y;
	int c = cl_addr_order(a->p.addr, b->p.addr);
	return c ? c : cl_addr_order(a->nd->addr, b->nd->addr);
}

static int str_cmp(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* What a plan shows, in address order, with every resource address of the
 * configuration at hand (sorted) to explain why an orphan goes. */
typedef struct view {
	item *v;
	unsigned n;
	const char **configured;
	unsigned nconfigured;
} view;

static bool shown(const cl_node *nd)
{
	if (replaced_half(nd))
		return false;
	if (nd->kind == CL_N_RESOURCE || nd->kind == CL_N_DESTROY || nd->kind == CL_N_DATA)
		return cl_plan_action(nd) != CL_ACT_NOOP || nd->import_id;
	return false;
}

static view collect(cl_arena *a, const cl_dag *g)
{
	view v = { CL_NEWN(a, item, g->n + 1), 0, CL_NEWN(a, const char *, g->n + 1), 0 };
	for (unsigned i = 0; i < g->n; i++) {
		const cl_node *nd = g->v[i];
		if (nd->kind == CL_N_RESOURCE)
			v.configured[v.nconfigured++] = nd->addr;
		if (shown(nd)) {
			v.v[v.n].nd = nd;
			split(a, nd, &v.v[v.n++].p);
		}
	}
	qsort(v.v, v.n, sizeof *v.v, item_cmp);
	qsort(v.configured, v.nconfigured, sizeof *v.configured, str_cmp);
	return v;
}

/* The first configured address at or after prefix, when it starts so. */
static bool configured(const view *v, const char *prefix, bool exact)
{
	unsigned lo = 0, hi = v->nconfigured;
	while (lo < hi) {
		unsigned mid = (lo + hi) / 2;
		if (strcmp(v->configured[mid], prefix) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == v->nconfigured)
		return false;
	return exact ? !strcmp(v->configured[lo], prefix) : !strncmp(v->configured[lo], prefix, strlen(prefix));
}

/* Why an object in state goes, as Terraform explains it. */
static void delete_reason(cl_diff_printer *p, const view *v, const parts *pt)
{
	if (pt->deposed) {
		cl_buf_puts(p->b, "  # (left over from a partially-failed replacement of this instance)\n");
		return;
	}
	if (configured(v, pt->addr, true))     /* clicamosc destroy */
		return;
	if (*pt->key && configured(v, cl_arena_printf(p->a, "%s[", pt->res), false))
		cl_buf_printf(p->b, pt->key[1] == '"' ? "  # (because key %s is not in for_each map)\n"
		                                      : "  # (because index %s is out of range for count)\n", pt->key);
	else if (*pt->module && !configured(v, cl_arena_printf(p->a, "%s.", pt->module), false))
		cl_buf_printf(p->b, "  # (because %s is not in configuration)\n", pt->module);
	else
		cl_buf_printf(p->b, "  # (because %s.%s is not in configuration)\n", pt->type, pt->name);
}

/* A dependent that is create_before_destroy and made nd so. */
static const cl_node *cbd_cause(const cl_dag *g, const cl_node *nd, cl_arena *a)
{
	unsigned char *seen = CL_NEWN(a, unsigned char, g->n);
	for (unsigned i = 0; i < g->n; i++) {
		const cl_node *x = g->v[i];
		if (x->kind == CL_N_RESOURCE && x->cbd && !x->cbd_implied && x != nd) {
			memset(seen, 0, g->n);
			if (waits_for(x, nd, seen))
				return x;
		}
	}
	return NULL;
}

/* A planned attribute in words: "2", "app, web", "(known after apply)"; NULL when null. */
static const char *words(cl_arena *a, const cl_value *obj, const char *key)
{
	const cl_value *v = cl_diff_get(obj, key);
	if (!v || cl_value_is_null(v))
		return NULL;
	if (!cl_value_is_wholly_known(v))
		return "(known after apply)";
	if (v->kind == CL_V_NUMBER)
		return v->u.num.isint ? cl_arena_printf(a, "%lld", (long long)v->u.num.i) : cl_arena_printf(a, "%g", v->u.num.d);
	if (v->kind == CL_V_STRING)
		return v->u.str.s;
	if (!cl_value_is_seq(v) || !v->n)
		return NULL;
	cl_buf b = CL_BUF_INIT;
	for (uint32_t i = 0; i < v->n; i++)
		if (v->u.c.v[i]->kind == CL_V_STRING)
			cl_buf_printf(&b, "%s%s", b.len ? ", " : "", v->u.c.v[i]->u.str.s);
	const char *out = cl_arena_strdup(a, cl_buf_str(&b));
	cl_buf_free(&b);
	return out;
}

/* A whole number argument, -1 when unset or unknown. */
static long long count_of(const cl_value *obj, const char *key)
{
	const cl_value *v = obj ? cl_diff_get(obj, key) : NULL;
	int64_t i;
	return v && v->kind == CL_V_NUMBER && cl_value_is_wholly_known(v) && cl_value_as_int(v, &i) ? i : -1;
}

/* An auto scaling group created before its old one is destroyed is a
 * rollout; these are the steps the provider takes (autoscaling_group.c),
 * with the sizes it will use: when the old group was scaled out beyond the
 * configured capacity (its refreshed desired_capacity says so), the new one
 * starts there and the gate counts that many (compiler/rollout.c). */
static void rollout_steps(cl_diff_printer *p, const cl_node *nd)
{
	const cl_value *v = nd->planned ? nd->planned : nd->config;
	cl_arena *a = p->a;
	const char *max = words(a, v, "max_size"), *lbs = words(a, v, "load_balancers");
	const char *settle = words(a, v, "desired_capacity");
	const char *elb = words(a, v, "wait_for_elb_capacity");
	const char *timeout = words(a, v, "wait_for_capacity_timeout");
	settle = settle ? settle : words(a, v, "min_size");
	const char *gate = lbs && elb ? elb : settle;
	long long want = count_of(v, "desired_capacity"), max_n = count_of(v, "max_size");
	want = want >= 0 ? want : count_of(v, "min_size");
	cl_rollout_size size = { 0 };
	if (want >= 0 && max_n >= 0)
		size = cl_rollout_size_of(count_of(nd->prior, "desired_capacity"), want, max_n,
		                          count_of(v, "wait_for_elb_capacity"));
	cl_buf_puts(p->b, "  # a rollout, in steps:\n");
	if (size.carried) {
		cl_buf_printf(p->b, "  #   1. the new group, at %lld instances: the old group's desired capacity now "
		              "(configured: %s, max_size %s)\n", size.start, settle, max);
		gate = cl_arena_printf(a, "%lld", lbs && elb ? size.gate : size.start);
	} else {
		cl_buf_printf(p->b, "  #   1. the new group, at the old group's desired capacity when that is higher "
		              "(at most max_size %s)\n", max ? max : "?");
	}
	cl_buf_printf(p->b, "  #   2. health gate: %s new instance%s InService%s%s (timeout %s), else the new group is "
	              "deleted\n", gate ? gate : "?", gate && !strcmp(gate, "1") ? "" : "s", lbs && elb ? " in " : "",
	              lbs && elb ? lbs : "", timeout ? timeout : "10m");
	if (lbs)
		cl_buf_printf(p->b, "  #   3. the old group leaves %s; connection draining is waited for\n", lbs);
	cl_buf_printf(p->b, "  #   %d. the old group is deleted; the new one settles to %s instance%s\n", lbs ? 4 : 3,
	              settle ? settle : "?", settle && !strcmp(settle, "1") ? "" : "s");
}

static void change(cl_diff_printer *p, const cl_dag *g, const view *v, const item *it)
{
	const cl_node *nd = it->nd;
	const parts *pt = &it->p;
	cl_action a = cl_plan_action(nd);
	const char *who = pt->deposed ? cl_arena_printf(p->a, "%s (deposed object %s)", pt->addr, pt->deposed) : pt->addr;
	cl_buf_putc(p->b, '\n');
	cl_diff_paint(p, CL_ANSI_BOLD, cl_arena_printf(p->a, "  # %s", who));
	const char *reason = NULL, *tail = NULL;
	switch (a) {
	case CL_ACT_NOOP: cl_buf_puts(p->b, nd->import_id ? " will be imported\n" : "\n"); break;
	case CL_ACT_CREATE: cl_buf_puts(p->b, " will be created\n"); break;
	case CL_ACT_UPDATE: cl_buf_puts(p->b, " will be updated in-place\n"); break;
	case CL_ACT_READ:
		cl_buf_puts(p->b, " will be read during apply\n  # (config refers to values not yet known)\n");
		break;
	case CL_ACT_DELETE:
		cl_buf_puts(p->b, " will be ");
		cl_diff_paint(p, CL_ANSI_BOLD CL_ANSI_RED, "destroyed");
		cl_buf_putc(p->b, '\n');
		delete_reason(p, v, pt);
		break;
	case CL_ACT_REPLACE:
		reason = nd->replace_reason ? nd->replace_reason : "";
		if (!strcmp(reason, "tainted"))
			cl_buf_puts(p->b, " is tainted, so must be "), tail = "";
		else if (!strcmp(reason, "-replace"))
			cl_buf_puts(p->b, " will be "), tail = ", as requested";
		else
			cl_buf_puts(p->b, " must be ");
		cl_diff_paint(p, CL_ANSI_BOLD CL_ANSI_RED, "replaced");
		cl_buf_printf(p->b, "%s\n", tail ? tail : "");
		if (nd->cbd_implied) {
			const cl_node *x = cbd_cause(g, nd, p->a);
			cl_buf_printf(p->b, "  # (create_before_destroy implied by %s, which depends on it)\n",
			              x ? x->addr : "a resource");
		}
		if (nd->cbd && type_of(nd) && type_of(nd)->group_rollout)
			rollout_steps(p, nd);
		break;
	default: break;
	}
	if (nd->import_id && a != CL_ACT_NOOP)
		cl_buf_printf(p->b, "  # (imported from \"%s\")\n", nd->import_id);
	if (a == CL_ACT_REPLACE)
		cl_diff_replace_symbol(p, nd->cbd);
	else
		cl_diff_symbol(p, a);
	cl_buf_printf(p->b, " %s \"%s\" \"%s\" ", pt->data ? "data" : "resource", pt->type, pt->name);
	const cl_resource_type *rt = cl_schema_find(pt->type, pt->data);
	const cl_value *after = nd->planned ? nd->planned : nd->config;
	const cl_value *o = a == CL_ACT_CREATE || a == CL_ACT_READ ? NULL : nd->prior;
	const cl_value *n = a == CL_ACT_DELETE ? NULL : after;
	/* An object imported is shown whole, as Terraform shows it. */
	cl_diff_block(p, rt ? rt->schema : NULL, o, n, 0, nd->import_id ? F_ALL : 0, reason);
	cl_buf_putc(p->b, '\n');
}

/* Root outputs whose value changes, keys aligned over all of them. */
static bool outputs(cl_diff_printer *p, const cl_dag *g)
{
	size_t width = 0;
	bool any = false;
	for (unsigned i = 0; i < g->n; i++)
		if (root_output(g->v[i])) {
			size_t w = cl_diff_label_width(g->v[i]->addr + 7, false);
			width = w > width ? w : width;
			any |= cl_plan_action(g->v[i]) != CL_ACT_NOOP;
		}
	if (!any)
		return false;
	const cl_node **v = CL_NEWN(p->a, const cl_node *, g->n);
	unsigned n = 0;
	for (unsigned i = 0; i < g->n; i++)
		if (root_output(g->v[i]) && cl_plan_action(g->v[i]) != CL_ACT_NOOP)
			v[n++] = g->v[i];
	for (unsigned i = 1; i < n; i++)      /* few: insertion sort */
		for (unsigned j = i; j > 0 && strcmp(v[j - 1]->addr, v[j]->addr) > 0; j--) {
			const cl_node *t = v[j];
			v[j] = v[j - 1], v[j - 1] = t;
		}
	cl_buf_puts(p->b, "\nChanges to Outputs:\n");
	for (unsigned i = 0; i < n; i++) {
		cl_diff_symbol(p, cl_plan_action(v[i]));
		cl_buf_putc(p->b, ' ');
		cl_diff_padded(p, v[i]->addr + 7, false, width);
		cl_buf_puts(p->b, " = ");
		cl_diff_value(p, v[i]->prior, v[i]->planned, 0, 0);
		cl_buf_putc(p->b, '\n');
	}
	return true;
}

static void legend(cl_diff_printer *p, const view *v)
{
	static const struct { cl_action act; bool cbd; const char *text; } rows[] = {
		{ CL_ACT_CREATE, false, " create" }, { CL_ACT_UPDATE, false, " update in-place" },
		{ CL_ACT_DELETE, false, " destroy" }, { CL_ACT_REPLACE, false, " destroy and then create replacement" },
		{ CL_ACT_REPLACE, true, " create replacement and then destroy" }, { CL_ACT_READ, false, " read (data resources)" },
	};
	bool said = false;   /* nothing to say when only imports are planned */
	for (unsigned r = 0; r < sizeof rows / sizeof *rows; r++) {
		bool used = false;
		for (unsigned i = 0; i < v->n && !used; i++)
			used = cl_plan_action(v->v[i].nd) == rows[r].act &&
			       (rows[r].act != CL_ACT_REPLACE || v->v[i].nd->cbd == rows[r].cbd);
		if (!used)
			continue;
		if (!said)
			cl_buf_puts(p->b, "\nclicamosc used the selected providers to generate the following execution\n"
			                  "plan. Resource actions are indicated with the following symbols:\n");
		said = true;
		if (rows[r].act == CL_ACT_REPLACE)
			cl_diff_replace_symbol(p, rows[r].cbd);
		else
			cl_diff_symbol(p, rows[r].act);
		cl_buf_printf(p->b, "%s\n", rows[r].text);
	}
}

void cl_plan_render(cl_buf *out, const cl_dag *g, const cl_plan_render_opts *o)
{
	cl_arena a;
	cl_arena_init(&a);
	cl_diff_printer p = { out, o && o->color, &a };
	view v = collect(&a, g);
	if (v.n) {
		legend(&p, &v);
		cl_buf_puts(out, "\nclicamosc will perform the following actions:\n");
		for (unsigned i = 0; i < v.n; i++) {
			change(&p, g, &v, &v.v[i]);
			if (o && o->stream && out->len) {   /* a plan of thousands of changes is not held whole */
				fwrite(out->data, 1, out->len, o->stream);
				cl_buf_reset(out);
			}
		}
		unsigned add, chg, del;
		cl_plan_counts(g, &add, &chg, &del);
		cl_buf_putc(out, '\n');
		cl_diff_paint(&p, CL_ANSI_BOLD, "Plan:");
		unsigned imp = cl_plan_imports_count(g);
		if (imp)
			cl_buf_printf(out, " %u to import,", imp);
		cl_buf_printf(out, " %u to add, %u to change, %u to destroy.\n", add, chg, del);
	}
	bool outs = outputs(&p, g);
	if (!v.n && outs)
		cl_buf_puts(out, "\nYou can apply this plan to save these new output values to the clicamosc\n"
		                 "state, without changing any real infrastructure.\n");
	if (!v.n && !outs) {
		cl_buf_putc(out, '\n');
		cl_diff_paint(&p, CL_ANSI_BOLD CL_ANSI_GREEN, "No changes.");
		cl_diff_paint(&p, CL_ANSI_BOLD, " Your infrastructure matches the configuration.");
		cl_buf_puts(out, "\n\nclicamosc has compared your real infrastructure against your configuration\n"
		                 "and found no differences, so no changes are needed.\n");
	}
	for (unsigned i = 0; i < v.n; i++) {
		if (!drops_traffic(g, v.v[i].nd, &a))
			continue;
		cl_buf summary = CL_BUF_INIT, detail = CL_BUF_INIT;
		downtime_text(&summary, &detail, v.v[i].p.addr);
		cl_buf_putc(out, '\n');
		cl_diff_paint(&p, CL_ANSI_BOLD CL_ANSI_YELLOW, "Warning:");
		cl_buf_printf(out, " %s: %s\n", cl_buf_str(&summary), cl_buf_str(&detail));
		cl_loc at = cl_dag_node_loc(v.v[i].nd);
		const cl_source *src = at.file ? cl_source_by_id(at.file) : NULL;
		if (src)   /* the block to change */
			cl_buf_printf(out, "  on %s line %u\n", src->name, cl_source_pos(src, at.start).line);
		cl_buf_free(&summary);
		cl_buf_free(&detail);
	}
	cl_arena_free(&a);
}

/* ---- -json ---- */

/* RFC 3339 with microseconds, as Terraform stamps its messages. */
static void timestamp(char out[40])
{
	struct timespec ts;
	struct tm tm;
	const char *fixed = getenv("SOURCE_DATE_EPOCH");
	if (fixed && *fixed) {
		ts.tv_sec = (time_t)strtoll(fixed, NULL, 10), ts.tv_nsec = 0;
		gmtime_r(&ts.tv_sec, &tm);
	} else {
		clock_gettime(CLOCK_REALTIME, &ts);
		localtime_r(&ts.tv_sec, &tm);
	}
	size_t n = strftime(out, 40, "%Y-%m-%dT%H:%M:%S", &tm);
	long off = tm.tm_gmtoff;
	n += (size_t)snprintf(out + n, 40 - n, ".%06ld", (long)(ts.tv_nsec / 1000));
	if (!off)
		snprintf(out + n, 40 - n, "Z");
	else
		snprintf(out + n, 40 - n, "%c%02ld:%02ld", off < 0 ? '-' : '+', labs(off) / 3600, labs(off) / 60 % 60);
}

/* One message line: the four "@" fields first, as Terraform's log has them. */
static void message(cl_buf *out, const char *stamp, const char *level, const char *text, const char *type,
                    const char *key, json_t *body)
{
	json_t *j = json_object();
	json_object_set_new(j, "@level", json_string(level));
	json_object_set_new(j, "@message", json_string(text));
	json_object_set_new(j, "@module", json_string("clicamosc.ui"));
	json_object_set_new(j, "@timestamp", json_string(stamp));
	if (key)
		json_object_set_new(j, key, body);
	json_object_set_new(j, "type", json_string(type));
	char *s = json_dumps(j, JSON_COMPACT);
	cl_buf_puts(out, s);
	cl_buf_putc(out, '\n');
	free(s);
	json_decref(j);
}

static json_t *resource_json(const parts *pt)
{
	json_t *key = NULL;
	if (pt->typed_key->kind == CL_KEY_INT)
		key = json_integer(pt->typed_key->i);
	else if (pt->typed_key->kind == CL_KEY_STR)
		key = json_string(pt->typed_key->s);
	json_t *r = json_object();
	json_object_set_new(r, "addr", json_string(pt->addr));
	json_object_set_new(r, "module", json_string(pt->module));
	json_object_set_new(r, "resource", json_string(pt->resource));
	json_object_set_new(r, "implied_provider", json_stringn(pt->type, strcspn(pt->type, "_")));
	json_object_set_new(r, "resource_type", json_string(pt->type));
	json_object_set_new(r, "resource_name", json_string(pt->name));
	json_object_set_new(r, "resource_key", key ? key : json_null());
	return r;
}

static const char *change_reason(const item *it, const view *v, cl_arena *a)
{
	const cl_node *nd = it->nd;
	const parts *pt = &it->p;
	if (nd->kind == CL_N_DATA)
		return "read_because_config_unknown";
	if (nd->action == CL_ACT_REPLACE && nd->replace_reason)
		return !strcmp(nd->replace_reason, "tainted") ? "tainted"
		     : !strcmp(nd->replace_reason, "-replace") ? "requested" : NULL;
	if (nd->kind != CL_N_DESTROY || pt->deposed || configured(v, pt->addr, true))
		return NULL;
	if (*pt->key && configured(v, cl_arena_printf(a, "%s[", pt->res), false))
		return pt->key[1] == '"' ? "delete_because_each_key" : "delete_because_count_index";
	if (*pt->module && !configured(v, cl_arena_printf(a, "%s.", pt->module), false))
		return "delete_because_no_module";
	return "delete_because_no_resource_config";
}

void cl_plan_render_json(cl_buf *out, const cl_dag *g)
{
	cl_arena a;
	cl_arena_init(&a);
	char stamp[40];
	timestamp(stamp);
	view v = collect(&a, g);
	for (unsigned i = 0; i < v.n; i++) {
		const item *it = &v.v[i];
		cl_action act = cl_plan_action(it->nd);
		json_t *c = json_object();
		json_object_set_new(c, "resource", resource_json(&it->p));
		json_object_set_new(c, "action", json_string(cl_action_name(act)));
		const char *why = change_reason(it, &v, &a);
		if (why)
			json_object_set_new(c, "reason", json_string(why));
		if (it->nd->import_id)   /* Terraform's "importing": {"id": ...} */
			json_object_set_new(c, "importing", json_pack("{s:s}", "id", it->nd->import_id));
		message(out, stamp, "info", cl_arena_printf(&a, "%s: Plan to %s", it->p.addr, cl_action_name(act)),
		        "planned_change", "change", c);
	}
	unsigned add, chg, del;
	cl_plan_counts(g, &add, &chg, &del);
	unsigned imp = cl_plan_imports_count(g);
	json_t *sum = json_pack("{s:I, s:I, s:I, s:I, s:s}", "add", (json_int_t)add, "change", (json_int_t)chg,
	                        "import", (json_int_t)imp, "remove", (json_int_t)del, "operation", "plan");
	message(out, stamp, "info",
	        cl_arena_printf(&a, "Plan: %s%u to add, %u to change, %u to destroy.",
	                        imp ? cl_arena_printf(&a, "%u to import, ", imp) : "", add, chg, del),
	        "change_summary", "changes", sum);
	json_t *outs = json_object();
	for (unsigned i = 0; i < g->n; i++) {
		const cl_node *nd = g->v[i];
		if (!root_output(nd))
			continue;
		bool secret = cl_diff_sensitive(nd->planned) || cl_diff_sensitive(nd->prior);
		json_object_set_new(outs, nd->addr + 7, json_pack("{s:b, s:s}", "sensitive", secret, "action",
		                                                  cl_action_name(cl_plan_action(nd))));
	}
	if (json_object_size(outs))
		message(out, stamp, "info", cl_arena_printf(&a, "Outputs: %zu", json_object_size(outs)), "outputs",
		        "outputs", outs);
	else
		json_decref(outs);
	for (unsigned i = 0; i < v.n; i++) {
		if (!drops_traffic(g, v.v[i].nd, &a))
			continue;
		cl_buf summary = CL_BUF_INIT, detail = CL_BUF_INIT;
		downtime_text(&summary, &detail, v.v[i].p.addr);
		json_t *d = json_pack("{s:s, s:s, s:s, s:s}", "severity", "warning", "summary", cl_buf_str(&summary),
		                      "detail", cl_buf_str(&detail), "address", v.v[i].p.addr);
		message(out, stamp, "warn", cl_arena_printf(&a, "Warning: %s", cl_buf_str(&summary)), "diagnostic",
		        "diagnostic", d);
		cl_buf_free(&summary);
		cl_buf_free(&detail);
	}
	cl_arena_free(&a);
}
