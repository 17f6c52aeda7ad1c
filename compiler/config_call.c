/* config_call.c: module and kind calls decoded (see config_decode.h): the
 * source (local, installed, or a built-in kind), providers = { ... },
 * the nesting limit, loading the called module, and its arguments checked
 * against its variables. */
#include "compiler/config_decode.h"
#include "compiler/modmanifest.h"
#include "util/path.h"

#include <stdio.h>
#include <string.h>

/* A call's key in the module's call index: "module.NAME" or "KIND.NAME";
 * false when it does not fit (no call has such a name). */
bool cl_dec_call_key(char *key, size_t size, const char *kind, const char *name)
{
	int n = snprintf(key, size, "%s.%s", kind ? kind : "module", name);
	return n >= 0 && (size_t)n < size;
}

/* A provider reference: aws, aws.west, or the 0.11 string "aws.west";
 * NULL (error given) when it is none. */
const char *cl_dec_provider_ref(cl_dec *x, const cl_expr *e)
{
	const char *lit = cl_dec_literal_string(e);
	const char *name = NULL, *alias = NULL;
	if (lit) {
		const char *dot = strchr(lit, '.');
		name = dot ? cl_arena_strndup(x->a, lit, (size_t)(dot - lit)) : lit;
		alias = dot ? dot + 1 : NULL;
	} else if (e->kind == CL_E_VAR) {
		name = e->u.name;
	} else if (e->kind == CL_E_GETATTR && e->u.attr.obj->kind == CL_E_VAR) {
		name = e->u.attr.obj->u.name;
		alias = e->u.attr.name;
	}
	if (!name || (alias && (!*alias || strchr(alias, '.')))) {
		cl_diag_error(x->d, cl_loc_range(e->loc), "a provider reference is a provider name and an optional alias");
		cl_diag_hint(x->d, "for example: provider = aws.west");
		return NULL;
	}
	if (strcmp(name, "aws")) {
		cl_diag_error(x->d, cl_loc_range(e->loc), "no provider \"%s\": clicamosc implements \"aws\" only", name);
		return NULL;
	}
	return alias ? cl_arena_printf(x->a, "aws.%s", alias) : "aws";
}

/* providers = { aws = aws.west, aws.east = aws } in a module call. */
static void decode_call_providers(cl_dec *x, cl_call *c)
{
	const cl_expr *e = cl_dec_attr_expr(c->body, "providers");
	if (!e)
		return;
	if (e->kind != CL_E_OBJECT) {
		cl_diag_error(x->d, cl_loc_range(e->loc), "providers must be a map from the module's provider to this one's");
		cl_diag_hint(x->d, "for example: providers = { aws = aws.west }");
		return;
	}
	unsigned n = e->u.object.n;
	c->prov_from = CL_NEWN(x->a, const char *, n + 1);
	c->prov_to = CL_NEWN(x->a, const char *, n + 1);
	c->prov_locs = CL_NEWN(x->a, cl_loc, n + 1);
	for (unsigned i = 0; i < n; i++) {
		const cl_objitem *it = &e->u.object.v[i];
		const cl_expr *k = it->key;
		while (k->kind == CL_E_PAREN)
			k = k->u.op.a;
		const char *from = cl_dec_provider_ref(x, k), *to = cl_dec_provider_ref(x, it->value);
		if (!from || !to)
			continue;
		c->prov_from[c->nprov] = from;
		c->prov_to[c->nprov] = to;
		c->prov_locs[c->nprov++] = it->value->loc;
	}
}

static const char *const call_meta[] = { "source", "version", "count", "for_each", "depends_on", "providers", NULL };

const cl_stdlib_file *cl_dec_find_kind(const char *name)
{
	for (unsigned i = 0; i < cl_stdlib_nfiles; i++)
		if (strcmp(cl_stdlib_files[i].kind, name) == 0)
			return &cl_stdlib_files[i];
	return NULL;
}

bool cl_config_is_kind(const char *name)
{
	return cl_dec_find_kind(name) != NULL;
}

static char *join_path(cl_arena *a, const char *dir, const char *rel)
{
	while (rel[0] == '.' && rel[1] == '/')
		rel += 2;
	if (rel[0] == '/' || strcmp(dir, ".") == 0)
		return cl_arena_strdup(a, rel);
	return cl_arena_printf(a, "%s/%s", dir, rel);
}

/* Check a call's arguments against the called module's variables. */
static void check_inputs(cl_dec *x, const cl_call *c)
{
	const cl_module *m = c->child;
	const char *what = c->kind ? c->kind : "module";
	const char **names = CL_NEWN(x->a, const char *, m->nvars + 1);
	for (unsigned i = 0; i < m->nvars; i++)
		names[i] = m->vars[i].name;
	cl_dec_suggested sg = { .n = 0 };
	for (uint32_t i = 0; i < c->body->n; i++) {
		const cl_item *it = &c->body->v[i];
		const char *name = it->attr ? it->attr->name : it->block->type;
		cl_loc loc = it->attr ? it->attr->name_loc : it->block->type_loc;
		if (cl_dec_in_list(name, call_meta)) {
			if (c->kind && it->attr && strcmp(name, "source") == 0)
				cl_diag_error(x->d, cl_loc_range(loc), "a %s block takes no source: it is a built-in kind", what);
			continue;
		}
		if (!c->kind && it->block) {
			cl_diag_error(x->d, cl_loc_range(loc), "unsupported block \"%s\" in a module call", name);
			cl_diag_hint(x->d, "module inputs are arguments: %s = ...", name);
			continue;
		}
		if (cl_module_var(m, name))
			continue;
		cl_diag_error(x->d, cl_loc_range(loc), "unsupported argument \"%s\" for %s \"%s\"", name,
		              c->kind ? "kind" : "module", c->kind ? c->kind : c->name);
		cl_dec_note_suggested(&sg, cl_dec_suggest(x, name, names, m->nvars));
	}
	for (unsigned i = 0; i < m->nvars; i++) {
		const cl_variable *v = &m->vars[i];
		if (v->def || (c->kind && strcmp(v->name, "name") == 0) || cl_dec_was_suggested(&sg, v->name))
			continue;
		bool given = cl_dec_find_attr(c->body, v->name) != NULL;
		for (uint32_t j = 0; !given && j < c->body->n; j++)
			given = c->body->v[j].block && strcmp(c->body->v[j].block->type, v->name) == 0;
		if (!given) {
			cl_diag_error(x->d, cl_loc_range(c->name_loc), "%s \"%s\" needs the argument \"%s\"", what, c->name, v->name);
			cl_diag_hint(x->d, "add %s = ... to the block", v->name);
		}
	}
}

void cl_dec_call(cl_dec *x, const cl_block *bl, const char *kind)
{
	if (!cl_dec_want_labels(x, bl, 1, "\"name\"") || !cl_dec_want_name(x, &bl->labels[0], kind ? kind : "module"))
		return;
	const char *name = bl->labels[0].s;
	const cl_call *prev = cl_module_call(x->m, kind, name);
	if (prev) {
		cl_diag_error(x->d, cl_loc_range(bl->labels[0].loc), "%s \"%s\" is declared twice", kind ? kind : "module", name);
		cl_diag_note(x->d, cl_loc_range(prev->name_loc), "first declared here");
		return;
	}
	cl_call c = { 0 };
	c.name = name;
	c.kind = kind;
	c.loc = bl->loc;
	c.name_loc = bl->labels[0].loc;
	c.body = bl->body;
	c.count = cl_dec_attr_expr(bl->body, "count");
	c.for_each = cl_dec_attr_expr(bl->body, "for_each");
	cl_dec_dependson(x, bl->body, &c.depends_on);
	decode_call_providers(x, &c);
	if (x->depth >= CL_DEC_MAX_DEPTH) {
		cl_diag_error(x->d, cl_loc_range(c.name_loc), "modules nested more than %d deep (does a module call itself?)",
		              CL_DEC_MAX_DEPTH);
		return;
	}
	cl_module_src src;
	size_t errors_before = x->d->nerrors;
	if (kind) {
		const cl_stdlib_file *f = cl_dec_find_kind(kind);
		cl_load_text(x->a, f->path, f->text, f->len, &src, x->d);
	} else {
		const cl_expr *se = cl_dec_attr_expr(bl->body, "source");
		c.source = cl_dec_literal_string(se);
		if (!se || !c.source) {
			cl_diag_error(x->d, cl_loc_range(se ? se->loc : c.name_loc), "module \"%s\" needs source = \"./path\" (a literal string)", name);
			return;
		}
		const char *key = kind ? "" : *x->key ? cl_arena_printf(x->a, "%s.%s", x->key, name) : name;
		cl_modsrc ms = cl_modsrc_parse(x->a, c.source);
		const char *dir;
		if (ms.kind == CL_MODSRC_BAD) {
			cl_diag_error(x->d, cl_loc_range(se->loc), "module source \"%s\" is not one clicamosc can install", c.source);
			cl_diag_hint(x->d, "%s", ms.why);
			return;
		} else if (ms.kind != CL_MODSRC_LOCAL) {
			const char *constraint = cl_dec_literal_string(cl_dec_attr_expr(bl->body, "version"));
			if (!(dir = cl_modmanifest_dir(x->a, key, &ms, c.source, constraint, cl_loc_range(se->loc), x->d)))
				return;
		} else {
			if (cl_dec_attr_expr(bl->body, "version"))
				cl_diag_warning(x->d, cl_loc_range(cl_dec_find_attr(bl->body, "version")->name_loc), "version is ignored for a local module");
			dir = join_path(x->a, x->m->dir, c.source);
		}
		if (!cl_load_module(x->a, dir, &src, x->d)) {
			cl_diag_note(x->d, cl_loc_range(se->loc), "module \"%s\" is sourced from here", name);
			return;
		}
		/* Installed modules live outside the configuration, and so do
		 * the local modules they call. */
		bool installed = strstr(dir, CL_MODULES_DIR "/") || strstr(dir, ".terraform/modules/");
		const char *to = ms.kind == CL_MODSRC_LOCAL && !installed ? cl_path_escape(x->a, x->root, dir) : NULL;
		if (to) {
			cl_diag_warning(x->d, cl_loc_range(se->loc), "module source \"%s\" leads outside the configuration, to \"%s\"",
			                c.source, to);
			cl_diag_hint(x->d, "a symbolic link on the way points there; if that module is meant, name it by "
			             "that path");
		}
		c.key = key;
	}
	if (x->d->nerrors > errors_before)
		return;   /* syntax errors: what the module means is not worth guessing */
	c.child = cl_dec_module(x->a, &src, kind, x->depth + 1, x->root, kind ? x->key : c.key, x->d);
	cl_call *slot = CL_DEC_PUSH(x->a, x->m->calls, x->m->ncalls);
	*slot = c;
	char key[512];
	unsigned first;
	if (cl_dec_call_key(key, sizeof key, kind, name) && !cl_index_get(&x->m->call_index, key, &first))
		cl_index_put(x->a, &x->m->call_index, cl_arena_strdup(x->a, key), x->m->ncalls - 1);
	check_inputs(x, slot);
}

