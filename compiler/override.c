/* override.c: Terraform's override files (override.tf, *_override.tf, their
 * .cl and .json forms).  Each top-level block of one is merged into the
 * block of the module's other files with the same type and labels, as
 * Terraform documents it: argument by argument; a nested block type given
 * replaces all the original's blocks of that type whole, except lifecycle
 * (and terraform's required_providers), merged argument by argument;
 * locals merged name by name whichever block holds them.
 * Merged bodies are new arena nodes; the original blocks are made to point
 * at them, and an overridden local's item at its new attribute. */
#include "compiler/override.h"

#include <string.h>

static bool is_override_name(const char *base, size_t n)
{
	return (n == 8 && !memcmp(base, "override", 8)) || (n > 9 && !memcmp(base + n - 9, "_override", 9));
}

bool cl_override_path(const char *path)
{
	static const char *const exts[] = { ".cl", ".tf", ".cl.json", ".tf.json" };
	const char *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path;
	size_t n = strlen(base);
	for (size_t i = 0; i < sizeof exts / sizeof *exts; i++) {
		size_t e = strlen(exts[i]);
		if (n > e && !strcmp(base + n - e, exts[i]) && is_override_name(base, n - e))
			return true;
	}
	return false;
}

static const cl_attr *find_attr(const cl_body *b, const char *name)
{
	for (uint32_t i = 0; i < b->n; i++)
		if (b->v[i].attr && !strcmp(b->v[i].attr->name, name))
			return b->v[i].attr;
	return NULL;
}

static bool has_block(const cl_body *b, const char *type)
{
	for (uint32_t i = 0; i < b->n; i++)
		if (b->v[i].block && !strcmp(b->v[i].block->type, type))
			return true;
	return false;
}

typedef struct items {
	cl_item *v;
	uint32_t n;
} items;

/* Room for every item of both bodies is taken at once: no growth. */
static void push(items *out, cl_item it)
{
	out->v[out->n++] = it;
}

static bool merged_by_argument(const char *top, const char *type)
{
	return (!strcmp(top, "resource") || !strcmp(top, "data")) ? !strcmp(type, "lifecycle")
	       : !strcmp(top, "terraform") ? !strcmp(type, "required_providers") : false;
}

static cl_body *merge_body(cl_arena *a, const cl_body *base, const cl_body *over, const char *top, bool nested);

static cl_block *merge_block(cl_arena *a, const cl_block *base, const cl_block *over, const char *top)
{
	cl_block *b = CL_NEW(a, cl_block);
	*b = *base;
	b->body = merge_body(a, base->body, over->body, top, true);
	return b;
}

static cl_body *merge_body(cl_arena *a, const cl_body *base, const cl_body *over, const char *top, bool nested)
{
	items out = { CL_NEWN(a, cl_item, base->n + over->n + 1), 0 };
	for (uint32_t i = 0; i < base->n; i++) {
		const cl_item *it = &base->v[i];
		if (it->attr) {
			const cl_attr *o = find_attr(over, it->attr->name);
			push(&out, o ? (cl_item){ (cl_attr *)o, NULL } : *it);
			continue;
		}
		const char *type = it->block->type;
		if (!has_block(over, type)) {
			push(&out, *it);
			continue;
		}
		bool first = true;   /* the place of the first original block of the type */
		for (uint32_t j = 0; j < i && first; j++)
			first = !(base->v[j].block && !strcmp(base->v[j].block->type, type));
		if (!first)
			continue;
		if (!nested && merged_by_argument(top, type)) {
			cl_block *m = it->block;
			for (uint32_t j = 0; j < over->n; j++)
				if (over->v[j].block && !strcmp(over->v[j].block->type, type))
					m = merge_block(a, m, over->v[j].block, "");
			push(&out, (cl_item){ NULL, m });
			continue;
		}
		for (uint32_t j = 0; j < over->n; j++)   /* replaced whole */
			if (over->v[j].block && !strcmp(over->v[j].block->type, type))
				push(&out, over->v[j]);
	}
	for (uint32_t j = 0; j < over->n; j++) {
		const cl_item *it = &over->v[j];
		if (it->attr ? !find_attr(base, it->attr->name) : !has_block(base, it->block->type))
			push(&out, *it);
	}
	cl_body *b = CL_NEW(a, cl_body);
	*b = *base;
	b->v = out.v;
	b->n = out.n;
	return b;
}

/* The alias of a provider block as written, "" when it has none. */
static const char *alias_of(const cl_block *b)
{
	const cl_attr *a = find_attr(b->body, "alias");
	const cl_expr *e = a ? a->expr : NULL;
	if (e && e->kind == CL_E_TEMPLATE && e->u.list.n == 1 && e->u.list.v[0]->kind == CL_E_STRING)
		return e->u.list.v[0]->u.str.s;
	return a ? "?" : "";
}

/* Type and labels, and for a provider its alias (Terraform tells provider
 * blocks apart by both). */
static bool same_header(const cl_block *a, const cl_block *b)
{
	if (strcmp(a->type, b->type) || a->nlabels != b->nlabels)
		return false;
	for (uint32_t i = 0; i < a->nlabels; i++)
		if (a->labels[i].len != b->labels[i].len || memcmp(a->labels[i].s, b->labels[i].s, a->labels[i].len))
			return false;
	return strcmp(a->type, "provider") || !strcmp(alias_of(a), alias_of(b));
}

static const char *header(cl_arena *a, const cl_block *b)
{
	char *s = cl_arena_strdup(a, b->type);
	for (uint32_t i = 0; i < b->nlabels; i++)
		s = cl_arena_printf(a, "%s \"%s\"", s, b->labels[i].s);
	if (!strcmp(b->type, "provider") && *alias_of(b))
		s = cl_arena_printf(a, "%s (alias \"%s\")", s, alias_of(b));
	return s;
}

/* Locals are overridden name by name, wherever the original is. */
static void override_locals(cl_module_src *m, unsigned nprimary, const cl_block *over, cl_diags *d)
{
	for (uint32_t k = 0; k < over->body->n; k++) {
		const cl_attr *o = over->body->v[k].attr;
		if (!o)
			continue;   /* the decoder reports blocks in locals */
		bool found = false;
		for (unsigned f = 0; f < nprimary && !found; f++)
			for (uint32_t i = 0; i < m->files[f]->body->n && !found; i++) {
				cl_block *bl = m->files[f]->body->v[i].block;
				if (!bl || strcmp(bl->type, "locals"))
					continue;
				for (uint32_t j = 0; j < bl->body->n && !found; j++)
					if (bl->body->v[j].attr && !strcmp(bl->body->v[j].attr->name, o->name)) {
						bl->body->v[j].attr = (cl_attr *)o;
						found = true;
					}
			}
		if (!found) {
			cl_diag_error(d, cl_loc_range(o->name_loc), "there is no local value \"%s\" to override", o->name);
			cl_diag_hint(d, "an override file changes what the module's other files declare; declare local.%s "
			             "in a locals block of one of them", o->name);
		}
	}
}

void cl_override_apply(cl_arena *a, cl_module_src *m, unsigned nprimary, const cl_file *ovr, cl_diags *d)
{
	for (uint32_t k = 0; k < ovr->body->n; k++) {
		const cl_block *o = ovr->body->v[k].block;
		if (!o) {
			const cl_attr *at = ovr->body->v[k].attr;
			cl_diag_error(d, cl_loc_range(at->name_loc), "argument \"%s\" outside any block", at->name);
			continue;
		}
		if (!strcmp(o->type, "locals")) {
			override_locals(m, nprimary, o, d);
			continue;
		}
		const cl_attr *dep = find_attr(o->body, "depends_on");
		if (dep && (!strcmp(o->type, "resource") || !strcmp(o->type, "data") || !strcmp(o->type, "output"))) {
			cl_diag_error(d, cl_loc_range(dep->name_loc), "depends_on cannot be overridden");
			cl_diag_hint(d, "as in Terraform, set depends_on in the original %s block", header(a, o));
			continue;
		}
		cl_block *base = NULL;
		for (unsigned f = 0; f < nprimary && !base; f++)
			for (uint32_t i = 0; i < m->files[f]->body->n && !base; i++) {
				cl_block *bl = m->files[f]->body->v[i].block;
				if (bl && same_header(bl, o))
					base = bl;
			}
		if (!base) {
			cl_diag_error(d, cl_loc_range(o->type_loc), "there is no %s block to override", header(a, o));
			cl_diag_hint(d, "an override file changes blocks the module's other files declare (the same type and "
			             "labels); declare it there, or name this file without \"override\"");
			continue;
		}
		base->body = merge_body(a, base->body, o->body, o->type, false);
	}
}
