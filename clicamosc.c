/* clicamosc.c: the command line.  The one file that knows every stage: it
 * parses options, runs grammar -> compiler -> executor as each command
 * needs, prints diagnostics and chooses the exit status.  No stage logic
 * lives here. */
#include "compiler/expand.h"
#include "compiler/vars.h"
#include "executor/aws/provider.h"
#include "util/args.h"
#include "util/diag.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CL_VERSION "0.1.0"

typedef struct command command;
struct command {
	const char *name;
	const char *usage;          /* after "clicamosc NAME " */
	const char *summary;        /* one line */
	const cl_opt *opts;
	int (*run)(const command *c, const cl_args *a);
};

static bool use_color(const cl_args *a)
{
	const char *nc = getenv("NO_COLOR");
	return !(a && cl_args_flag(a, "no-color")) && !(nc && *nc) && isatty(2);
}

/* Prints the diagnostics; returns the exit status they call for. */
static int report(cl_diags *d, const cl_args *a)
{
	cl_diags_print(stderr, d, use_color(a));
	int rc = d->nerrors ? 1 : 0;
	cl_diags_free(d);
	return rc;
}

static const char *path_arg(const cl_args *a)
{
	return cl_args_npos(a) > 0 ? cl_args_pos(a, 0) : ".";
}

static int too_many_args(const command *c, const cl_args *a, int max)
{
	if (cl_args_npos(a) <= max)
		return 0;
	fprintf(stderr, "clicamosc %s: too many arguments (\"%s\")\nusage: clicamosc %s %s\n",
	        c->name, cl_args_pos(a, max), c->name, c->usage);
	return 1;
}

static const cl_opt no_color_opts[] = {
	{ "no-color", CL_OPT_FLAG, NULL, "do not colour the output" },
	{ NULL }
};

static const cl_opt console_opts[] = {
	{ "var", CL_OPT_REPEAT, "NAME=VALUE", "set a variable (repeatable)" },
	{ "var-file", CL_OPT_REPEAT, "FILE", "read variable values from a .tfvars file (repeatable)" },
	{ "no-color", CL_OPT_FLAG, NULL, "do not colour the output" },
	{ NULL }
};

/* The -var and -var-file options, in command-line order. */
static cl_var_arg *var_args(cl_arena *a, const cl_args *args, unsigned *n)
{
	cl_var_arg *v = CL_NEWN(a, cl_var_arg, (size_t)args->n + 1);
	*n = 0;
	for (int i = 0; i < args->n; i++) {
		const cl_opt *o = args->v[i].opt;
		if (o && (!strcmp(o->name, "var") || !strcmp(o->name, "var-file")))
			v[(*n)++] = (cl_var_arg){ o->name[3] == '-', args->v[i].value };
	}
	return v;
}

static const char *root_dir(cl_arena *a, const char *path)
{
	struct stat st;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return path;
	const char *slash = strrchr(path, '/');
	return slash ? cl_arena_strndup(a, path, (size_t)(slash - path)) : ".";
}

static int cmd_validate(const command *c, const cl_args *a)
{
	if (too_many_args(c, a, 1))
		return 1;
	cl_arena arena;
	cl_arena_init(&arena);
	cl_diags d = { 0 };
	const char *path = path_arg(a);
	cl_module *root = cl_config_load(&arena, path, &d);
	if (!d.nerrors) {
		/* Like terraform validate: no input values; every variable is unknown. */
		cl_value **inputs = CL_NEWN(&arena, cl_value *, root->nvars + 1);
		for (unsigned i = 0; i < root->nvars; i++)
			inputs[i] = cl_value_unknown(&arena, root->vars[i].type);
		cl_expand_opts o = { .root_inputs = inputs, .root_dir = root_dir(&arena, path), .validate = true };
		cl_expand(&arena, root, &o, &d);
	}
	int rc = report(&d, a);
	if (rc == 0)
		printf("Success! The configuration is valid.\n");
	cl_arena_free(&arena);
	return rc;
}

/* Reads one expression: lines are joined while brackets are still open. */
static bool read_expression(FILE *in, cl_buf *b, bool prompt)
{
	cl_buf_reset(b);
	int depth = 0;
	char line[65536];
	for (;;) {
		if (prompt)
			fputs(depth ? "... " : "> ", stdout), fflush(stdout);
		if (!fgets(line, sizeof line, in))
			return b->len > 0;
		cl_buf_puts(b, line);
		bool in_str = false;
		for (const char *p = line; *p; p++) {
			if (*p == '"' && (p == line || p[-1] != '\\'))
				in_str = !in_str;
			else if (!in_str && strchr("([{", *p))
				depth++;
			else if (!in_str && strchr(")]}", *p))
				depth--;
		}
		if (depth <= 0)
			return true;
	}
}

static int cmd_console(const command *c, const cl_args *a)
{
	if (too_many_args(c, a, 1))
		return 1;
	cl_arena arena;
	cl_arena_init(&arena);
	cl_diags d = { 0 };
	const char *path = path_arg(a);
	const char *dir = root_dir(&arena, path);
	cl_module *root = cl_config_load(&arena, path, &d);
	unsigned nargs;
	cl_var_arg *vargs = var_args(&arena, a, &nargs);
	cl_value **inputs = NULL;
	cl_loc *locs = NULL;
	cl_dag *g = NULL;
	if (!d.nerrors && cl_vars_collect(&arena, root, dir, vargs, nargs, &inputs, &locs, &d)) {
		/* Variables nobody set are unknown here rather than an error. */
		for (unsigned i = 0; i < root->nvars; i++)
			if (!inputs[i] && !root->vars[i].def)
				inputs[i] = cl_value_unknown(&arena, root->vars[i].type);
		cl_expand_opts o = { .root_inputs = inputs, .root_input_locs = locs, .root_dir = dir };
		g = cl_expand(&arena, root, &o, &d);
	}
	bool color = use_color(a);
	cl_diags_print(stderr, &d, color);
	if (d.nerrors) {
		cl_diags_free(&d);
		cl_arena_free(&arena);
		return 1;
	}
	cl_diags_free(&d);
	bool tty = isatty(0);
	cl_buf in = CL_BUF_INIT;
	int rc = 0;
	for (unsigned n = 1; read_expression(stdin, &in, tty); n++) {
		size_t i = 0;
		while (i < in.len && strchr(" \t\r\n", in.data[i]))
			i++;
		if (i == in.len)
			continue;
		if (!strncmp(in.data + i, "exit", 4) && !in.data[i + 4 + strspn(in.data + i + 4, " \t\r\n")])
			break;
		cl_source *src = cl_source_new(cl_arena_printf(&arena, "<console:%u>", n), in.data, in.len);
		cl_source_register(src);
		cl_diags ed = { 0 };
		cl_expr *e = cl_parse_expr(&arena, src, &ed);
		cl_scope sc = { .mi = g->root, .root_dir = dir };
		cl_value *v = e ? cl_scope_eval(&sc, &arena, &ed, e) : NULL;
		if (v) {
			cl_buf out = CL_BUF_INIT;
			cl_value_format(&out, v, 0);
			printf("%s\n", cl_buf_str(&out));
			cl_buf_free(&out);
		} else {
			rc = 1;
		}
		cl_diags_print(stderr, &ed, color);
		cl_diags_free(&ed);
		fflush(stdout);
	}
	cl_buf_free(&in);
	cl_arena_free(&arena);
	return tty ? 0 : rc;
}

static int cmd_version(const command *c, const cl_args *a)
{
	printf("clicamosc v%s\n", CL_VERSION);
	return 0;
}

static int cmd_help(const command *c, const cl_args *a);

static const command commands[] = {
	{ "validate", "[options] [PATH]", "Check that the configuration is valid (no AWS calls)",
	  no_color_opts, cmd_validate },
	{ "console", "[options] [PATH]", "Evaluate expressions in the configuration's scope, one per line",
	  console_opts, cmd_console },
	{ "version", "", "Show the version", NULL, cmd_version },
	{ "help", "[COMMAND]", "Show help for clicamosc or one command", NULL, cmd_help },
};
enum { NCOMMANDS = sizeof commands / sizeof commands[0] };

static const command *find_command(const char *name)
{
	for (int i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static void command_help(const command *c, FILE *f)
{
	fprintf(f, "Usage: clicamosc %s %s\n\n  %s.\n", c->name, c->usage, c->summary);
	if (c->opts) {
		fprintf(f, "\nOptions:\n");
		cl_args_help(c->opts, f);
	}
	fprintf(f, "  %-26s %s\n", "-help", "show this help");
}

static void main_help(FILE *f)
{
	fprintf(f, "Usage: clicamosc [global options] <command> [options] [PATH]\n\n"
	           "clicamosc compiles .cl (HCL) descriptions of AWS infrastructure into a\n"
	           "dependency graph, plans the changes against recorded state, and applies them.\n\n"
	           "Commands:\n");
	for (int i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\nGlobal options:\n"
	           "  -chdir=DIR   switch to DIR before doing anything else\n"
	           "  -help        show this help\n"
	           "  -version     show the version\n");
}

static int cmd_help(const command *c, const cl_args *a)
{
	if (cl_args_npos(a) == 0) {
		main_help(stdout);
		return 0;
	}
	const command *t = find_command(cl_args_pos(a, 0));
	if (!t) {
		fprintf(stderr, "clicamosc help: no command \"%s\"\n", cl_args_pos(a, 0));
		return 1;
	}
	command_help(t, stdout);
	return 0;
}

static bool is_help(const char *s)
{
	return !strcmp(s, "-help") || !strcmp(s, "--help") || !strcmp(s, "-h");
}

static int run_command(const command *c, int argc, char **argv)
{
	for (int i = 0; i < argc; i++)
		if (is_help(argv[i])) {
			command_help(c, stdout);
			return 0;
		}
	static const cl_opt none[] = { { NULL } };
	cl_args a;
	char *err;
	if (!cl_args_parse(c->opts ? c->opts : none, argc, argv, &a, &err)) {
		fprintf(stderr, "clicamosc %s: %s\n  run \"clicamosc %s -help\" for the options\n",
		        c->name, err, c->name);
		free(err);
		return 1;
	}
	int rc = c->run(c, &a);
	cl_args_free(&a);
	return rc;
}

int main(int argc, char **argv)
{
	aws_provider_register();
	int i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *s = argv[i] + (argv[i][1] == '-' ? 2 : 1);
		if (is_help(argv[i])) {
			main_help(stdout);
			return 0;
		} else if (!strcmp(s, "version") || !strcmp(s, "v")) {
			return cmd_version(NULL, NULL);
		} else if (!strncmp(s, "chdir=", 6) || (!strcmp(s, "chdir") && i + 1 < argc)) {
			const char *dir = s[5] == '=' ? s + 6 : argv[++i];
			if (chdir(dir) != 0) {
				fprintf(stderr, "clicamosc: -chdir=%s: ", dir);
				perror(NULL);
				return 1;
			}
		} else {
			fprintf(stderr, "clicamosc: unknown global option \"%s\"\n", argv[i]);
			return 1;
		}
	}
	if (i == argc) {
		main_help(stderr);
		return 1;
	}
	const command *c = find_command(argv[i]);
	if (!c) {
		fprintf(stderr, "clicamosc: no command \"%s\"; run \"clicamosc help\" for the list\n", argv[i]);
		return 1;
	}
	return run_command(c, argc - i - 1, argv + i + 1);
}
