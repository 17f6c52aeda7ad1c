/* args.c: option parsing for the command line (see args.h). */
#include "util/args.h"
#include "util/buf.h"
#include "util/fatal.h"

#include <stdlib.h>
#include <string.h>

static const cl_opt *find(const cl_opt *opts, const char *name, size_t len)
{
	for (const cl_opt *o = opts; o->name; o++)
		if (strlen(o->name) == len && memcmp(o->name, name, len) == 0)
			return o;
	return NULL;
}

static void push(cl_args *a, const cl_opt *o, const char *v)
{
	a->v = cl_xrealloc(a->v, (size_t)(a->n + 1) * sizeof *a->v);
	a->v[a->n].opt = o;
	a->v[a->n].value = v;
	a->n++;
}

static char *msg(const char *fmt, const char *s, size_t len)
{
	cl_buf b = CL_BUF_INIT;
	cl_buf_printf(&b, fmt, (int)len, s);
	return cl_buf_steal(&b);
}

bool cl_args_parse(const cl_opt *opts, int argc, char **argv, cl_args *out, char **err)
{
	out->v = NULL;
	out->n = 0;
	*err = NULL;
	bool only_pos = false;
	for (int i = 0; i < argc; i++) {
		const char *s = argv[i];
		if (only_pos || s[0] != '-' || s[1] == 0) {
			push(out, NULL, s);
			continue;
		}
		if (strcmp(s, "--") == 0) {
			only_pos = true;
			continue;
		}
		const char *name = s + (s[1] == '-' ? 2 : 1);
		const char *eq = strchr(name, '=');
		size_t len = eq ? (size_t)(eq - name) : strlen(name);
		const cl_opt *o = find(opts, name, len);
		if (!o) {
			*err = msg("unknown option \"-%.*s\"", name, len);
			return false;
		}
		if (o->kind == CL_OPT_FLAG) {
			const char *v = eq ? eq + 1 : "true";
			if (strcmp(v, "true") && strcmp(v, "false")) {
				*err = msg("option \"-%.*s\" takes true or false", name, len);
				return false;
			}
			push(out, o, v);
		} else if (eq) {
			push(out, o, eq + 1);
		} else if (i + 1 < argc) {
			push(out, o, argv[++i]);
		} else {
			*err = msg("option \"-%.*s\" needs a value", name, len);
			return false;
		}
	}
	return true;
}

static const cl_arg *last(const cl_args *a, const char *name)
{
	for (int i = a->n - 1; i >= 0; i--)
		if (a->v[i].opt && strcmp(a->v[i].opt->name, name) == 0)
			return &a->v[i];
	return NULL;
}

bool cl_args_flag(const cl_args *a, const char *name)
{
	const cl_arg *g = last(a, name);
	return g && strcmp(g->value, "true") == 0;
}

const char *cl_args_value(const cl_args *a, const char *name)
{
	const cl_arg *g = last(a, name);
	return g ? g->value : NULL;
}

int cl_args_npos(const cl_args *a)
{
	int n = 0;
	for (int i = 0; i < a->n; i++)
		n += !a->v[i].opt;
	return n;
}

const char *cl_args_pos(const cl_args *a, int k)
{
	for (int i = 0; i < a->n; i++)
		if (!a->v[i].opt && k-- == 0)
			return a->v[i].value;
	return NULL;
}

void cl_args_help(const cl_opt *opts, FILE *f)
{
	for (const cl_opt *o = opts; o->name; o++) {
		char left[64];
		snprintf(left, sizeof left, "-%s%s%s", o->name, o->metavar ? "=" : "", o->metavar ? o->metavar : "");
		fprintf(f, "  %-26s %s\n", left, o->help);
	}
}

void cl_args_free(cl_args *a)
{
	free(a->v);
	a->v = NULL;
	a->n = 0;
}
