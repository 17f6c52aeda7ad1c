/* settings.c: evaluating the provider block into aws_settings. */
#include "executor/aws/settings.h"
#include "compiler/convert.h"
#include "executor/providers.h"

#include <string.h>

static cl_range R(cl_loc l) { return cl_loc_range(l); }

static const cl_provider *find_provider(const cl_modinst *mi, const cl_modinst **where)
{
	const cl_module *m = mi->mod;
	for (unsigned i = 0; i < m->nproviders; i++)
		if (!m->providers[i].alias) {
			*where = mi;
			return &m->providers[i];
		}
	for (unsigned c = 0; c < m->ncalls; c++)
		for (unsigned k = 0; k < mi->nchildren[c]; k++) {
			const cl_provider *p = find_provider(mi->children[c][k], where);
			if (p)
				return p;
		}
	return NULL;
}

/* A string argument of the block, or NULL when absent or null. */
static const char *string_arg(cl_scope *sc, cl_arena *a, const cl_body *b, const char *name, cl_diags *d)
{
	for (uint32_t i = 0; i < b->n; i++) {
		const cl_attr *at = b->v[i].attr;
		if (!at || strcmp(at->name, name))
			continue;
		cl_value *v = cl_scope_eval(sc, a, d, at->expr);
		const char *err;
		cl_value *s = v ? cl_convert(a, cl_value_unmark(a, v), &cl_type_string, &err) : NULL;
		if (v && (!s || !cl_value_is_known(s))) {
			cl_diag_error(d, R(at->expr->loc), "provider argument \"%s\" must be a string known before apply", name);
			return NULL;
		}
		return s && !cl_value_is_null(s) ? s->u.str.s : NULL;
	}
	return NULL;
}

bool aws_settings_from_config(cl_dag *g, cl_arena *a, const char *key, aws_settings *s, cl_value **default_tags,
                              cl_diags *d)
{
	static const char *const endpoint_names[AWS_NSERVICES][3] = {
		[AWS_EC2] = { "ec2" }, [AWS_ELB] = { "elb", "elasticloadbalancing" },
		[AWS_ASG] = { "autoscaling" }, [AWS_S3] = { "s3" }, [AWS_DYNAMODB] = { "dynamodb" },
		[AWS_ELBV2] = { "elbv2", "elasticloadbalancingv2" },
	};
	memset(s, 0, sizeof *s);
	*default_tags = NULL;
	const cl_modinst *mi = g->root;
	const cl_provider *p = key && strcmp(key, "aws") ? cl_provider_block(g->root->mod, key) : find_provider(g->root, &mi);
	if (!p)
		return true;
	size_t before = d->nerrors;
	cl_scope sc = { .mi = (cl_modinst *)mi, .root_dir = g->root_dir };
	s->at = R(p->loc);
	s->region = string_arg(&sc, a, p->body, "region", d);
	s->profile = string_arg(&sc, a, p->body, "profile", d);
	s->access_key = string_arg(&sc, a, p->body, "access_key", d);
	s->secret_key = string_arg(&sc, a, p->body, "secret_key", d);
	s->token = string_arg(&sc, a, p->body, "token", d);
	const char *retries = string_arg(&sc, a, p->body, "max_retries", d);
	if (retries)
		s->max_attempts = 1 + (int)strtol(retries, NULL, 10);
	for (uint32_t i = 0; i < p->body->n; i++) {
		const cl_block *bl = p->body->v[i].block;
		if (!bl)
			continue;
		if (!strcmp(bl->type, "endpoints")) {
			for (int k = 0; k < AWS_NSERVICES; k++)
				for (int j = 0; j < 3 && endpoint_names[k][j]; j++) {
					const char *url = string_arg(&sc, a, bl->body, endpoint_names[k][j], d);
					if (url)
						s->endpoints[k] = url;
				}
		} else if (!strcmp(bl->type, "default_tags")) {
			for (uint32_t j = 0; j < bl->body->n; j++) {
				const cl_attr *at = bl->body->v[j].attr;
				if (!at || strcmp(at->name, "tags"))
					continue;
				const char *err;
				cl_value *v = cl_scope_eval(&sc, a, d, at->expr);
				cl_value *m = v ? cl_convert(a, v, cl_type_collection(a, CL_T_MAP, &cl_type_string), &err) : NULL;
				if (v && !m)
					cl_diag_error(d, R(at->expr->loc), "default_tags: tags must be a map of strings: %s", err);
				*default_tags = m;
			}
		}
	}
	return d->nerrors == before;
}
