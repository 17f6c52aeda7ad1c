/* provision.c: a resource's provisioners in order, and local-exec (see
 * provision.h).  The command runs through /bin/sh -c (or the interpreter
 * given), in working_dir, with environment added to clicamosc's own; its
 * output, stdout and stderr together, is shown line by line as it comes.
 * remote-exec and file go over SSH: provision_remote.c. */
#include "executor/provision.h"
#include "compiler/convert.h"
#include "executor/provision_remote.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct args {
	const char *command, *dir;
	const char **argv;           /* interpreter words, then the command */
	const char **env;            /* "K=V" */
	unsigned nenv;
	bool quiet;
} args;

static const cl_expr *arg(const cl_body *b, const char *name)
{
	for (uint32_t i = 0; i < b->n; i++)
		if (b->v[i].attr && !strcmp(b->v[i].attr->name, name))
			return b->v[i].attr->expr;
	return NULL;
}

/* The arguments, evaluated with self; NULL message on success. */
static const char *evaluate(const cl_provision *p, const cl_provisioner *pv, cl_arena *a, args *out)
{
	cl_scope sc = p->scope;
	cl_binding self = { "self", p->self, sc.extra };
	sc.extra = &self;
	cl_diags d = { 0 };
	const char *err = NULL, *why;
	memset(out, 0, sizeof *out);
	cl_value *cmd = cl_scope_eval(&sc, a, &d, arg(pv->body, "command"));
	cmd = cmd ? cl_convert(a, cl_value_unmark(a, cmd), &cl_type_string, &why) : NULL;
	if (!cmd || !cl_value_is_wholly_known(cmd) || cl_value_is_null(cmd))
		err = "command must be a known string";
	else
		out->command = cmd->u.str.s;
	const cl_expr *e;
	if (!err && (e = arg(pv->body, "working_dir"))) {
		cl_value *v = cl_scope_eval(&sc, a, &d, e);
		v = v ? cl_convert(a, cl_value_unmark(a, v), &cl_type_string, &why) : NULL;
		if (!v || !cl_value_is_known(v))
			err = "working_dir must be a known string";
		else if (!cl_value_is_null(v))
			out->dir = v->u.str.s;
	}
	cl_value *interp = NULL;
	if (!err && (e = arg(pv->body, "interpreter"))) {
		cl_value *v = cl_scope_eval(&sc, a, &d, e);
		interp = v ? cl_convert(a, cl_value_unmark(a, v), cl_type_collection(a, CL_T_LIST, &cl_type_string), &why)
		           : NULL;
		if (!interp || !cl_value_is_wholly_known(interp) || cl_value_is_null(interp) || !interp->n)
			err = "interpreter must be a list of strings, the program first";
	}
	if (!err) {
		unsigned n = interp ? interp->n : 2;
		out->argv = CL_NEWN(a, const char *, n + 2);
		for (unsigned i = 0; interp && i < n; i++)
			out->argv[i] = interp->u.c.v[i]->u.str.s;
		if (!interp) {
			out->argv[0] = "/bin/sh";
			out->argv[1] = "-c";
		}
		out->argv[n] = out->command;
	}
	if (!err && (e = arg(pv->body, "environment"))) {
		cl_value *v = cl_scope_eval(&sc, a, &d, e);
		v = v ? cl_convert(a, cl_value_unmark(a, v), cl_type_collection(a, CL_T_MAP, &cl_type_string), &why) : NULL;
		if (!v || !cl_value_is_wholly_known(v))
			err = "environment must be a map of known strings";
		else if (!cl_value_is_null(v)) {
			out->env = CL_NEWN(a, const char *, v->n + 1);
			for (uint32_t i = 0; i < v->n; i++)
				out->env[out->nenv++] = cl_arena_printf(a, "%s=%s", v->u.c.keys[i], v->u.c.v[i]->u.str.s);
		}
	}
	if (!err && (e = arg(pv->body, "quiet"))) {
		cl_value *v = cl_scope_eval(&sc, a, &d, e);
		out->quiet = v && v->kind == CL_V_BOOL && v->u.b;
	}
	if (d.nerrors && !err)
		err = cl_arena_printf(a, "%s", d.v[0].msg);
	cl_diags_free(&d);
	return err;
}

/* Runs one command; its exit status (or -1 with errno's reason in err). */
static int run(const cl_provision *p, const args *x, char *err, size_t errlen)
{
	int fds[2];
	if (pipe(fds) != 0) {
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		return -1;
	}
	pid_t pid = fork();
	if (pid < 0) {
		snprintf(err, errlen, "fork: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		dup2(fds[1], 1);
		dup2(fds[1], 2);
		close(fds[0]);
		close(fds[1]);
		int null = open("/dev/null", O_RDONLY);
		if (null >= 0)
			dup2(null, 0);
		for (unsigned i = 0; i < x->nenv; i++)
			putenv((char *)x->env[i]);
		if (x->dir && chdir(x->dir) != 0) {
			fprintf(stderr, "cannot enter working_dir %s: %s\n", x->dir, strerror(errno));
			_exit(127);
		}
		execvp(x->argv[0], (char *const *)x->argv);
		fprintf(stderr, "cannot run %s: %s\n", x->argv[0], strerror(errno));
		_exit(127);
	}
	close(fds[1]);
	FILE *f = fdopen(fds[0], "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	while (f && (n = getline(&line, &cap, f)) >= 0) {
		if (n && line[n - 1] == '\n')
			line[n - 1] = 0;
		if (!x->quiet) {
			char *text = NULL;
			if (asprintf(&text, "%s (local-exec): %s", p->addr, line) >= 0)
				p->line(p->ud, text);
			free(text);
		}
	}
	free(line);
	if (f)
		fclose(f);
	int status;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

/* One local-exec provisioner; false with why. */
static bool local_exec(const cl_provision *p, const cl_provisioner *pv, cl_arena *a, char *why, size_t len)
{
	args x;
	pthread_mutex_lock(p->eval_lock);
	const char *bad = evaluate(p, pv, a, &x);
	pthread_mutex_unlock(p->eval_lock);
	if (bad) {
		snprintf(why, len, "%s", bad);
		return false;
	}
	if (!x.quiet) {
		char text[1024];
		snprintf(text, sizeof text, "%s (local-exec): Executing: [\"%s\" ...]", p->addr, x.argv[0]);
		p->line(p->ud, text);
	}
	int rc = run(p, &x, why, len);
	if (rc > 0)
		snprintf(why, len, "exit status %d", rc);
	return rc == 0;
}

bool cl_provision_run(const cl_provision *p, cl_arena *a, char *err, size_t errlen, cl_loc *where)
{
	for (unsigned i = 0; i < p->r->nprovisioners; i++) {
		const cl_provisioner *pv = &p->r->provisioners[i];
		if (pv->at_destroy != p->destroying)
			continue;
		char text[1024], why[1024] = "";
		snprintf(text, sizeof text, "%s: Provisioning with '%s'...", p->addr, pv->type);
		p->line(p->ud, text);
		bool ok = !strcmp(pv->type, "local-exec") ? local_exec(p, pv, a, why, sizeof why)
		                                          : cl_provision_remote(p, pv, a, why, sizeof why);
		if (ok)
			continue;
		if (pv->keep_going) {
			snprintf(text, sizeof text, "%s: %s provisioner failed (%s); on_failure = continue goes on", p->addr,
			         pv->type, why);
			p->line(p->ud, text);
			continue;
		}
		snprintf(err, errlen, "%s provisioner error: %s", pv->type, why);
		if (where)
			*where = pv->loc;
		return false;
	}
	return true;
}
