/* config_resource.c: resource and data blocks decoded (see
 * config_decode.h): labels, meta-arguments, lifecycle and provisioners, and
 * every argument and nested block checked against the resource type's
 * schema (read-only, required, counts, dynamic blocks), with suggestions. */
#include "compiler/config_decode.h"
#include "util/buf.h"

#include <string.h>

static const char *const lifecycle_attrs[] = { "create_before_destroy", "prevent_destroy", "ignore_changes",
                                                "replace_triggered_by", NULL };
static const char *const meta_attrs[] = { "count", "for_each", "depends_on", "provider", NULL };

bool cl_config_is_meta(const char *name)
{
	return cl_dec_in_list(name, meta_attrs);
}

static void schema_names(const cl_schema *s, bool blocks, const char **out, size_t *n)
{
	*n = 0;
	if (blocks) {
		for (const cl_schema_block *b = s->blocks; b && b->name; b++)
			out[(*n)++] = b->name;
	} else {
		for (const cl_schema_attr *at = s->attrs; at->name; at++)
			if (at->flags & (CL_SA_REQUIRED | CL_SA_OPTIONAL))
				out[(*n)++] = at->name;
	}
}

/* Check a resource body (or a nested block's) against its schema. */
static void check_schema(cl_dec *x, const cl_body *b, const cl_schema *s, const char *what, cl_loc where, bool top)
{
	const char *names[128];
	size_t nn;
	cl_dec_suggested sg = { .n = 0 };
	for (uint32_t i = 0; i < b->n; i++) {
		const cl_item *it = &b->v[i];
		if (it->attr) {
			const char *name = it->attr->name;
			if (top && cl_dec_in_list(name, meta_attrs))
				continue;
			const cl_schema_attr *sa = cl_schema_attr_find(s, name);
			if (sa && (sa->flags & (CL_SA_REQUIRED | CL_SA_OPTIONAL)))
				continue;
			if (sa) {
				cl_diag_error(x->d, cl_loc_range(it->attr->name_loc), "\"%s\" is read-only in %s: AWS sets it", name, what);
				cl_diag_hint(x->d, "remove it; read it as %s.%s elsewhere", what, name);
			} else if (cl_schema_block_find(s, name)) {
				/* Terraform 0.11 assigned a list of maps to a block type. */
				cl_diag_warning(x->d, cl_loc_range(it->attr->name_loc), "\"%s\" is a block in %s: assigning it a "
				                "list of maps is deprecated (Terraform 0.11)", name, what);
				cl_diag_hint(x->d, "write a %s { ... } block for each, or dynamic \"%s\" { for_each = ... } "
				             "(fmt -upgrade does)", name, name);
			} else {
				cl_diag_error(x->d, cl_loc_range(it->attr->name_loc), "unsupported argument \"%s\" in %s", name, what);
				schema_names(s, false, names, &nn);
				cl_dec_note_suggested(&sg, cl_dec_suggest(x, name, names, nn));
			}
			continue;
		}
		const cl_block *bl = it->block;
		const char *type = bl->type;
		if (top && (strcmp(type, "lifecycle") == 0 || strcmp(type, "provisioner") == 0 ||
		            strcmp(type, "connection") == 0))
			continue;
		if (strcmp(type, "dynamic") == 0) {
			if (!cl_dec_want_labels(x, bl, 1, "\"block_name\""))
				continue;
			type = bl->labels[0].s;
		}
		const cl_schema_block *sb = cl_schema_block_find(s, type);
		if (sb) {
			if (strcmp(bl->type, "dynamic") != 0) {
				check_schema(x, bl->body, sb->body, type, bl->type_loc, false);
			} else {
				const cl_block *content = NULL;
				for (uint32_t j = 0; j < bl->body->n; j++)
					if (bl->body->v[j].block && strcmp(bl->body->v[j].block->type, "content") == 0)
						content = bl->body->v[j].block;
				static const char *const dyn_attrs[] = { "for_each", "iterator", "labels", NULL };
				static const char *const dyn_blocks[] = { "content", NULL };
				cl_dec_check_shape(x, bl->body, "a dynamic block", dyn_attrs, dyn_blocks);
				if (!content || !cl_dec_find_attr(bl->body, "for_each"))
					cl_diag_error(x->d, cl_loc_range(bl->type_loc), "a dynamic block needs for_each and a content block");
				else
					check_schema(x, content->body, sb->body, type, bl->type_loc, false);
			}
			continue;
		}
		const cl_schema_attr *sa = cl_schema_attr_find(s, type);
		if (sa && (sa->type == CL_AT_MAP || sa->type == CL_AT_ANY) && strcmp(bl->type, "dynamic") != 0) {
			/* Terraform 0.11 wrote map arguments as blocks: tags { Name = "x" },
			 * terraform_remote_state's config { bucket = "b" }. */
			cl_diag_warning(x->d, cl_loc_range(bl->type_loc), "\"%s\" written as a block is deprecated", type);
			cl_diag_hint(x->d, "write it as an argument: %s = { ... }", type);
			continue;
		}
		cl_diag_error(x->d, cl_loc_range(bl->type_loc), "unsupported block \"%s\" in %s", type, what);
		schema_names(s, true, names, &nn);
		cl_dec_suggest(x, type, names, nn);
	}
	/* Required arguments and block counts. */
	for (const cl_schema_attr *sa = s->attrs; sa->name; sa++)
		if ((sa->flags & CL_SA_REQUIRED) && !cl_dec_find_attr(b, sa->name) && !cl_dec_was_suggested(&sg, sa->name)) {
			cl_diag_error(x->d, cl_loc_range(where), "%s needs the argument \"%s\"", what, sa->name);
			cl_diag_hint(x->d, "add %s = ... to the block", sa->name);
		}
	for (const cl_schema_block *sb = s->blocks; sb && sb->name; sb++) {
		int count = 0;
		bool dynamic = false;
		for (uint32_t i = 0; i < b->n; i++) {
			const cl_block *bl = b->v[i].block;
			if (!bl)
				continue;
			if (strcmp(bl->type, sb->name) == 0)
				count++;
			else if (strcmp(bl->type, "dynamic") == 0 && bl->nlabels == 1 && strcmp(bl->labels[0].s, sb->name) == 0)
				dynamic = true;
		}
		if (cl_dec_find_attr(b, sb->name))
			dynamic = true;   /* listener = [...] (0.11): counted when evaluated */
		if (!dynamic && count < sb->min) {
			cl_diag_error(x->d, cl_loc_range(where), "%s needs at least %d \"%s\" block%s", what, sb->min, sb->name,
			              sb->min == 1 ? "" : "s");
		} else if (sb->max && count > sb->max) {
			cl_diag_error(x->d, cl_loc_range(where), "%s takes at most %d \"%s\" block%s, not %d", what, sb->max, sb->name,
			              sb->max == 1 ? "" : "s", count);
		}
	}
}

static const char *const lifecycle_blocks[] = { "precondition", "postcondition", NULL };

/* A bare keyword argument (when = destroy): its name, or NULL. */
static const char *keyword(const cl_expr *e)
{
	return e && e->kind == CL_E_VAR ? e->u.name : NULL;
}

/* Every argument of Terraform's connection block (ssh and winrm), so that
 * a configuration Terraform accepts is read; the ones clicamosc cannot
 * honour (bastions, proxies, certificates, winrm) are refused when set. */
static const char *const connection_attrs[] = {
	"type", "user", "password", "host", "port", "timeout", "script_path", "private_key", "certificate", "host_key",
	"agent", "agent_identity", "target_platform", "bastion_host", "bastion_host_key", "bastion_port", "bastion_user",
	"bastion_password", "bastion_private_key", "bastion_certificate", "proxy_scheme", "proxy_host", "proxy_port",
	"proxy_user_name", "proxy_user_password", "https", "insecure", "use_ntlm", "cacert", NULL,
};

/* The one connection block of a body (a resource's or a provisioner's). */
static const cl_body *decode_connection(cl_dec *x, const cl_body *b)
{
	const cl_block *found = NULL;
	for (uint32_t i = 0; i < b->n; i++) {
		const cl_block *bl = b->v[i].block;
		if (!bl || strcmp(bl->type, "connection"))
			continue;
		if (found) {
			cl_diag_error(x->d, cl_loc_range(bl->type_loc), "only one connection block is allowed here");
			cl_diag_note(x->d, cl_loc_range(found->type_loc), "the first one is here");
			continue;
		}
		found = bl;
		cl_dec_want_labels(x, bl, 0, "no labels");
		cl_dec_check_shape(x, bl->body, "a connection block", connection_attrs, NULL);
	}
	return found ? found->body : NULL;
}

static void decode_provisioners(cl_dec *x, const cl_body *b, cl_resource *r)
{
	static const char *const local_attrs[] = { "command", "working_dir", "interpreter", "environment", "quiet",
		                                       "when", "on_failure", NULL };
	static const char *const remote_attrs[] = { "inline", "script", "scripts", "when", "on_failure", NULL };
	static const char *const file_attrs[] = { "source", "content", "destination", "when", "on_failure", NULL };
	static const char *const blocks[] = { "connection", NULL };
	r->provisioners = NULL;
	r->nprovisioners = 0;
	r->connection = decode_connection(x, b);
	for (uint32_t i = 0; i < b->n; i++) {
		const cl_block *bl = b->v[i].block;
		if (!bl || strcmp(bl->type, "provisioner"))
			continue;
		if (!cl_dec_want_labels(x, bl, 1, "\"local-exec\", \"remote-exec\" or \"file\""))
			continue;
		const char *type = bl->labels[0].s;
		const char *const *attrs = !strcmp(type, "local-exec")    ? local_attrs
		                           : !strcmp(type, "remote-exec") ? remote_attrs
		                           : !strcmp(type, "file")        ? file_attrs
		                                                          : NULL;
		if (!attrs) {
			cl_diag_error(x->d, cl_loc_range(bl->labels[0].loc), "provisioner \"%s\" is not supported", type);
			cl_diag_hint(x->d, "clicamosc runs the \"local-exec\", \"remote-exec\" and \"file\" provisioners "
			             "(Terraform's built-in ones)");
			continue;
		}
		const char *what = cl_arena_printf(x->a, "a %s provisioner", type);
		cl_dec_check_shape(x, bl->body, what, attrs, blocks);
		cl_provisioner pv = { type, bl->body, decode_connection(x, bl->body), false, false, bl->type_loc };
		if (attrs == local_attrs && !cl_dec_attr_expr(bl->body, "command")) {
			cl_diag_error(x->d, cl_loc_range(bl->type_loc), "a local-exec provisioner needs command = \"...\"");
			continue;
		}
		if (attrs == remote_attrs && !!cl_dec_attr_expr(bl->body, "inline") + !!cl_dec_attr_expr(bl->body, "script") +
		                                     !!cl_dec_attr_expr(bl->body, "scripts") != 1) {
			cl_diag_error(x->d, cl_loc_range(bl->type_loc), "a remote-exec provisioner needs exactly one of inline, "
			              "script and scripts");
			cl_diag_hint(x->d, "inline = [\"command\", ...] runs commands; script = \"file.sh\" uploads and runs a "
			             "local script");
			continue;
		}
		if (attrs == file_attrs && (!cl_dec_attr_expr(bl->body, "destination") ||
		                            !!cl_dec_attr_expr(bl->body, "source") + !!cl_dec_attr_expr(bl->body, "content") != 1)) {
			cl_diag_error(x->d, cl_loc_range(bl->type_loc), "a file provisioner needs destination and exactly one of "
			              "source and content");
			cl_diag_hint(x->d, "source = \"local/path\" or content = \"text\", and destination = \"/remote/path\"");
			continue;
		}
		if (attrs != local_attrs && !cl_dec_attr_expr(pv.connection, "host") && !cl_dec_attr_expr(r->connection, "host")) {
			cl_diag_error(x->d, cl_loc_range(bl->type_loc), "a %s provisioner needs a connection block with host",
			              type);
			cl_diag_hint(x->d, "add connection { host = self.public_ip  user = \"...\"  private_key = file(\"...\") } "
			             "to the resource or the provisioner");
			continue;
		}
		const cl_expr *w = cl_dec_attr_expr(bl->body, "when"), *f = cl_dec_attr_expr(bl->body, "on_failure");
		const char *wk = keyword(w), *fk = keyword(f);
		if (w && (!wk || (strcmp(wk, "destroy") && strcmp(wk, "create"))))
			cl_diag_error(x->d, cl_loc_range(w->loc), "when must be create or destroy (a keyword, unquoted)");
		if (f && (!fk || (strcmp(fk, "continue") && strcmp(fk, "fail"))))
			cl_diag_error(x->d, cl_loc_range(f->loc), "on_failure must be continue or fail (a keyword, unquoted)");
		pv.at_destroy = wk && !strcmp(wk, "destroy");
		pv.keep_going = fk && !strcmp(fk, "continue");
		*CL_DEC_PUSH(x->a, r->provisioners, r->nprovisioners) = pv;
	}
}

static void decode_lifecycle(cl_dec *x, const cl_body *b, cl_lifecycle *lc)
{
	for (uint32_t i = 0; i < b->n; i++) {
		const cl_block *bl = b->v[i].block;
		if (!bl || strcmp(bl->type, "lifecycle"))
			continue;
		cl_dec_want_labels(x, bl, 0, "no labels");
		cl_dec_check_shape(x, bl->body, "a lifecycle block", lifecycle_attrs, lifecycle_blocks);
		cl_dec_conditions(x, bl->body, "precondition", &lc->pre);
		cl_dec_conditions(x, bl->body, "postcondition", &lc->post);
		lc->create_before_destroy = cl_dec_attr_expr(bl->body, "create_before_destroy");
		lc->prevent_destroy = cl_dec_attr_expr(bl->body, "prevent_destroy");
		lc->ignore_changes = cl_dec_attr_expr(bl->body, "ignore_changes");
		lc->loc = bl->type_loc;
	}
}

/* A near name from the provider table, else the first few it has: the
 * compiler names no type itself. */
static void type_suggestion(cl_dec *x, const char *type, bool data)
{
	unsigned n;
	const cl_resource_type *const *all = cl_schema_all(&n);
	const char *names[64];
	size_t k = 0;
	for (unsigned i = 0; i < n && k < 64; i++)
		if (all[i]->data == data)
			names[k++] = all[i]->name;
	if (cl_dec_suggest(x, type, names, k) || !k)
		return;
	cl_buf b = CL_BUF_INIT;
	for (size_t i = 0; i < k && i < 5; i++)
		cl_buf_printf(&b, "%s%s", i ? ", " : "", names[i]);
	cl_diag_hint(x->d, "clicamosc knows the %s types %s%s", data ? "data source" : "resource", cl_buf_str(&b),
	             k > 5 ? ", ..." : "");
	cl_buf_free(&b);
}

void cl_dec_resource(cl_dec *x, const cl_block *bl, bool data)
{
	if (!cl_dec_want_labels(x, bl, 2, "\"type\" \"name\""))
		return;
	bool named = cl_dec_want_name(x, &bl->labels[0], data ? "data source type" : "resource type");
	if (!cl_dec_want_name(x, &bl->labels[1], data ? "data source" : "resource") || !named)
		return;
	const char *type = bl->labels[0].s, *name = bl->labels[1].s;
	const cl_resource *prev = cl_module_resource(x->m, data, type, name);
	if (prev) {
		cl_diag_error(x->d, cl_loc_range(bl->labels[1].loc), "%s%s.%s is declared twice", data ? "data." : "", type, name);
		cl_diag_note(x->d, cl_loc_range(prev->loc), "first declared here");
		return;
	}
	cl_resource *r = CL_DEC_PUSH(x->a, x->m->resources, x->m->nresources);
	r->data = data;
	r->type = type;
	r->name = name;
	r->loc = bl->labels[1].loc;
	r->type_loc = bl->labels[0].loc;
	r->body = bl->body;
	cl_index_put(x->a, &x->m->resource_index, cl_arena_printf(x->a, "%s%s.%s", data ? "data." : "", type, name),
	             x->m->nresources - 1);
	r->count = cl_dec_attr_expr(bl->body, "count");
	r->for_each = cl_dec_attr_expr(bl->body, "for_each");
	if (r->count && r->for_each) {
		cl_diag_error(x->d, cl_loc_range(r->for_each->loc), "count and for_each cannot both be set");
		cl_diag_hint(x->d, "use one: count for N alike copies, for_each for one per key");
	}
	r->provider = NULL;
	const cl_expr *p = cl_dec_attr_expr(bl->body, "provider");
	if (p) {
		r->provider = cl_dec_provider_ref(x, p);
		r->provider_loc = p->loc;
	}
	cl_dec_dependson(x, bl->body, &r->depends_on);
	decode_lifecycle(x, bl->body, &r->lifecycle);
	decode_provisioners(x, bl->body, r);
	r->rt = cl_schema_find(type, data);
	if (!r->rt) {
		cl_diag_error(x->d, cl_loc_range(bl->labels[0].loc), "no %s type \"%s\"", data ? "data source" : "resource", type);
		type_suggestion(x, type, data);
		return;
	}
	if (r->rt->deprecated) {
		cl_diag_warning(x->d, cl_loc_range(bl->labels[0].loc), "the %s \"%s\" is deprecated",
		                data ? "data source" : "resource type", type);
		cl_diag_hint(x->d, "%s", r->rt->deprecated);
	}
	char *what = cl_arena_printf(x->a, "%s%s.%s", data ? "data." : "", type, name);
	check_schema(x, bl->body, r->rt->schema, what, bl->labels[1].loc, true);
}

