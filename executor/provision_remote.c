/* provision_remote.c: the remote-exec and file provisioners (see
 * provision_remote.h): their connection block, evaluated with self, then
 * scripts uploaded and run, or files copied, over ssh.c as Terraform does.
 * Local commands (local-exec) and the provisioner loop are provision.c's. */
#include "executor/provision_remote.h"
#include "compiler/convert.h"
#include "executor/ssh.h"
#include "util/buf.h"

#include <dirent.h>
#include <errno.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* What the connection block says, once evaluated. */
typedef struct conn {
	cl_ssh_opts ssh;
	const char *script_path;
} conn;

/* Evaluation of one provisioner's arguments; the first problem is kept. */
typedef struct ev {
	cl_scope sc;
	cl_arena *a;
	cl_diags d;
	const char *bad;
} ev;

static const cl_expr *find(const cl_body *b, const char *name)
{
	for (uint32_t i = 0; b && i < b->n; i++)
		if (b->v[i].attr && !strcmp(b->v[i].attr->name, name))
			return b->v[i].attr->expr;
	return NULL;
}

/* An argument as type t, NULL when absent or null. */
static cl_value *get(ev *e, const cl_expr *x, const char *what, const cl_type *t)
{
	if (!x || e->bad)
		return NULL;
	const char *why;
	cl_value *v = cl_scope_eval(&e->sc, e->a, &e->d, x);
	v = v ? cl_convert(e->a, cl_value_unmark(e->a, v), t, &why) : NULL;
	if (e->d.nerrors)
		e->bad = cl_arena_printf(e->a, "%s", e->d.v[0].msg);
	else if (!v || !cl_value_is_wholly_known(v))
		e->bad = cl_arena_printf(e->a, "%s must be a known %s", what, t == &cl_type_string ? "string" : "list of strings");
	else if (!cl_value_is_null(v))
		return v;
	return NULL;
}

static const char *str(ev *e, const cl_expr *x, const char *what)
{
	cl_value *v = get(e, x, what, &cl_type_string);
	return v ? v->u.str.s : NULL;
}

/* A connection argument: the provisioner's connection block first, then
 * the resource's (Terraform merges the two). */
static const char *conn_arg(ev *e, const cl_provisioner *pv, const cl_resource *r, const char *name)
{
	const cl_expr *x = find(pv->connection, name);
	if (!x)
		x = find(r->connection, name);
	return str(e, x, cl_arena_printf(e->a, "connection argument %s", name));
}

static const char *const unsupported[] = {
	"certificate", "bastion_host", "bastion_host_key", "bastion_port", "bastion_user", "bastion_password",
	"bastion_private_key", "bastion_certificate", "proxy_scheme", "proxy_host", "proxy_port", "proxy_user_name",
	"proxy_user_password", "https", "insecure", "use_ntlm", "cacert", NULL,
};

static void connection(ev *e, const cl_provisioner *pv, const cl_resource *r, conn *c)
{
	memset(c, 0, sizeof *c);
	const char *type = conn_arg(e, pv, r, "type");
	if (type && strcmp(type, "ssh"))
		e->bad = e->bad ? e->bad : cl_arena_printf(e->a, "connection type \"%s\" is not supported: clicamosc connects "
		                                           "over ssh only", type);
	const char *platform = conn_arg(e, pv, r, "target_platform");
	if (platform && strcmp(platform, "unix"))
		e->bad = e->bad ? e->bad : cl_arena_printf(e->a, "target_platform \"%s\" is not supported: clicamosc "
		                                           "provisions unix hosts only", platform);
	for (unsigned i = 0; unsupported[i]; i++)
		if (conn_arg(e, pv, r, unsupported[i]) && !e->bad)
			e->bad = cl_arena_printf(e->a, "connection argument %s is not supported by clicamosc (no bastion, proxy, "
			                         "certificate or winrm connections)", unsupported[i]);
	c->ssh.host = conn_arg(e, pv, r, "host");
	if (!c->ssh.host && !e->bad)
		e->bad = "the connection's host is null: a remote host needs an address (such as self.public_ip)";
	c->ssh.user = conn_arg(e, pv, r, "user");
	if (!c->ssh.user)
		c->ssh.user = "root";
	c->ssh.password = conn_arg(e, pv, r, "password");
	c->ssh.private_key = conn_arg(e, pv, r, "private_key");
	c->ssh.host_key = conn_arg(e, pv, r, "host_key");
	c->ssh.agent_identity = conn_arg(e, pv, r, "agent_identity");
	const char *port = conn_arg(e, pv, r, "port"), *agent = conn_arg(e, pv, r, "agent");
	const char *timeout = conn_arg(e, pv, r, "timeout");
	c->script_path = conn_arg(e, pv, r, "script_path");
	if (!c->script_path)
		c->script_path = "/tmp/terraform_%RAND%.sh";
	char *end = NULL;
	long p = port ? strtol(port, &end, 10) : 22;
	if (port && (*end || p < 1 || p > 65535) && !e->bad)
		e->bad = cl_arena_printf(e->a, "connection port \"%s\" is not a TCP port (1-65535)", port);
	c->ssh.port = (int)p;
	/* As Terraform: the agent is tried unless agent = false, when there is one. */
	c->ssh.agent = agent ? !strcmp(agent, "true") : getenv("SSH_AUTH_SOCK") != NULL;
	c->ssh.timeout = 300;
	if (timeout && !cl_ssh_duration(timeout, &c->ssh.timeout) && !e->bad)
		e->bad = cl_arena_printf(e->a, "connection timeout \"%s\" is not a duration (such as \"30s\" or \"5m\")",
		                         timeout);
}

/* What the provisioner does, read while apply's values are locked. */
typedef struct job {
	conn c;
	const char **scripts;     /* remote-exec: the text of each script */
	unsigned nscripts;
	const char *source, *content, *destination;   /* file */
	const char *addr, *type;
	const cl_provision *p;
} job;

/* A local file's bytes (NUL-terminated; the caller frees); NULL, errno. */
static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	cl_buf b = CL_BUF_INIT;
	bool ok = cl_buf_read(&b, f);
	int e = errno;
	fclose(f);
	if (!ok) {
		cl_buf_free(&b);
		errno = e;
		return NULL;
	}
	*n = b.len;
	cl_buf_putc(&b, 0);   /* an empty file has data too */
	return cl_buf_steal(&b);
}

static const char *read_script(ev *e, const char *path)
{
	size_t n;
	char *text = slurp(path, &n);
	if (!text) {
		e->bad = e->bad ? e->bad : cl_arena_printf(e->a, "Failed to open script '%s': %s", path, strerror(errno));
		return NULL;
	}
	const char *copy = cl_arena_printf(e->a, "%s", text);
	free(text);
	return copy;
}

static void arguments(ev *e, const cl_provisioner *pv, job *j)
{
	if (!strcmp(pv->type, "file")) {
		j->source = str(e, find(pv->body, "source"), "source");
		j->content = str(e, find(pv->body, "content"), "content");
		j->destination = str(e, find(pv->body, "destination"), "destination");
		if (!e->bad && !j->destination)
			e->bad = "destination is null: the file provisioner needs a path on the remote host";
		else if (!e->bad && !j->source == !j->content)
			e->bad = "exactly one of source and content must be set (not null)";
		return;
	}
	const cl_type *list = cl_type_collection(e->a, CL_T_LIST, &cl_type_string);
	cl_value *inl = get(e, find(pv->body, "inline"), "inline", list);
	const char *script = str(e, find(pv->body, "script"), "script");
	cl_value *scripts = get(e, find(pv->body, "scripts"), "scripts", list);
	if (e->bad)
		return;
	if (inl) {
		/* One script: the commands, one a line, as Terraform joins them. */
		cl_buf b = CL_BUF_INIT;
		for (uint32_t i = 0; i < inl->n; i++)
			cl_buf_printf(&b, "%s\n", inl->u.c.v[i]->u.str.s);
		j->scripts = CL_NEWN(e->a, const char *, 1);
		j->scripts[j->nscripts++] = cl_arena_printf(e->a, "%s", b.data ? b.data : "");
		cl_buf_free(&b);
	} else if (script) {
		j->scripts = CL_NEWN(e->a, const char *, 1);
		const char *t = read_script(e, script);
		if (t)
			j->scripts[j->nscripts++] = t;
	} else if (scripts) {
		j->scripts = CL_NEWN(e->a, const char *, scripts->n + 1);
		for (uint32_t i = 0; i < scripts->n; i++) {
			const char *t = read_script(e, scripts->u.c.v[i]->u.str.s);
			if (t)
				j->scripts[j->nscripts++] = t;
		}
	} else {
		e->bad = "inline, script and scripts are all null: remote-exec needs one";
	}
}

/* Output lines of the remote side, "ADDR (remote-exec): ...". */
static void say(void *ud, const char *text)
{
	const job *j = ud;
	const char *s = text;
	for (;;) {   /* Terraform prefixes every line of a multi-line message */
		size_t n = strcspn(s, "\n");
		char *line = NULL;
		if (asprintf(&line, "%s (%s): %.*s", j->addr, j->type, (int)n, s) >= 0)
			j->p->line(j->p->ud, line);
		free(line);
		if (!s[n])
			break;
		s += n + 1;
	}
}

static const char *script_path(const char *pattern, cl_arena *a)
{
	uint32_t r = 0;
	RAND_bytes((unsigned char *)&r, sizeof r);
	const char *at = strstr(pattern, "%RAND%");
	if (!at)
		return pattern;
	return cl_arena_printf(a, "%.*s%u%s", (int)(at - pattern), pattern, r & 0x7fffffff, at + 6);
}

static bool run_command(cl_ssh *s, const char *cmd, char *err, size_t len)
{
	int rc = cl_ssh_run(s, cmd, NULL, NULL, err, len);
	if (rc > 0)
		snprintf(err, len, "error executing \"%s\": Process exited with status %d", cmd, rc);
	return rc == 0;
}

static bool run_scripts(cl_ssh *s, const job *j, cl_arena *a, char *err, size_t len)
{
	for (unsigned i = 0; i < j->nscripts; i++) {
		const char *path = script_path(j->c.script_path, a);
		const char *text = j->scripts[i];
		if (strncmp(text, "#!", 2))   /* Terraform's default shebang */
			text = cl_arena_printf(a, "#!/bin/sh\n%s", text);
		char why[1024];
		if (!cl_ssh_upload(s, path, text, strlen(text), 0644, why, sizeof why)) {
			snprintf(err, len, "Failed to upload script: %s", why);
			return false;
		}
		char *q = cl_ssh_quote(path);
		const char *chmod = cl_arena_printf(a, "chmod 0777 %s", q ? q : path);
		free(q);
		if (!run_command(s, chmod, why, sizeof why)) {
			snprintf(err, len, "Error chmodding script file to 0777 in remote machine: %s", why);
			return false;
		}
		int rc = cl_ssh_run(s, path, say, (void *)j, err, len);
		if (rc != 0) {
			if (rc > 0)
				snprintf(err, len, "error executing \"%s\": Process exited with status %d", path, rc);
			return false;
		}
		/* As Terraform: an empty file over the script, so that its text
		 * (secrets, often) does not stay on the host; best effort. */
		cl_ssh_upload(s, path, "", 0, 0644, why, sizeof why);
	}
	return true;
}

/* A local directory to dst: its contents (src ends in "/") or itself. */
static bool upload_dir(cl_ssh *s, const char *src, const char *dst, cl_arena *a, char *err, size_t len)
{
	char why[1024];
	char *q = cl_ssh_quote(dst);
	bool ok = run_command(s, cl_arena_printf(a, "mkdir -p %s", q ? q : dst), why, sizeof why);
	free(q);
	if (!ok) {
		snprintf(err, len, "Upload failed: %s", why);
		return false;
	}
	DIR *d = opendir(src);
	if (!d) {
		snprintf(err, len, "Upload failed: open %s: %s", src, strerror(errno));
		return false;
	}
	struct dirent *de;
	while (ok && (de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		const char *from = cl_arena_printf(a, "%s/%s", src, de->d_name);
		const char *to = cl_arena_printf(a, "%s/%s", dst, de->d_name);
		struct stat st;
		if (stat(from, &st) != 0) {
			snprintf(err, len, "Upload failed: stat %s: %s", from, strerror(errno));
			ok = false;
		} else if (S_ISDIR(st.st_mode)) {
			ok = upload_dir(s, from, to, a, err, len);
		} else {
			size_t n;
			char *data = slurp(from, &n);
			if (!data) {
				snprintf(err, len, "Upload failed: open %s: %s", from, strerror(errno));
				ok = false;
			} else if (!cl_ssh_upload(s, to, data, n, st.st_mode & 0777, why, sizeof why)) {
				snprintf(err, len, "Upload failed: %s", why);
				ok = false;
			}
			free(data);
		}
	}
	closedir(d);
	return ok;
}

static bool copy_files(cl_ssh *s, const job *j, cl_arena *a, char *err, size_t len)
{
	char why[1024];
	if (j->content) {
		if (!cl_ssh_upload(s, j->destination, j->content, strlen(j->content), 0644, why, sizeof why)) {
			snprintf(err, len, "Upload failed: %s", why);
			return false;
		}
		return true;
	}
	struct stat st;
	if (stat(j->source, &st) != 0) {
		snprintf(err, len, "stat %s: %s", j->source, strerror(errno));
		return false;
	}
	if (S_ISDIR(st.st_mode)) {
		/* "dir/" uploads its contents into destination; "dir", itself. */
		size_t n = strlen(j->source);
		const char *base = strrchr(j->source, '/');
		const char *dst = j->source[n - 1] == '/' ? j->destination
		                                          : cl_arena_printf(a, "%s/%s", j->destination, base ? base + 1 : j->source);
		return upload_dir(s, j->source, dst, a, err, len);
	}
	size_t n;
	char *data = slurp(j->source, &n);
	if (!data) {
		snprintf(err, len, "open %s: %s", j->source, strerror(errno));
		return false;
	}
	bool ok = cl_ssh_upload(s, j->destination, data, n, 0644, why, sizeof why);
	free(data);
	if (!ok)
		snprintf(err, len, "Upload failed: %s", why);
	return ok;
}

bool cl_provision_remote(const cl_provision *p, const cl_provisioner *pv, cl_arena *a, char *err, size_t len)
{
	job j = { .addr = p->addr, .type = pv->type, .p = p };
	ev e = { .sc = p->scope, .a = a };
	cl_binding self = { "self", p->self, e.sc.extra };
	e.sc.extra = &self;
	pthread_mutex_lock(p->eval_lock);
	connection(&e, pv, p->r, &j.c);
	arguments(&e, pv, &j);
	pthread_mutex_unlock(p->eval_lock);
	cl_diags_free(&e.d);
	if (e.bad) {
		snprintf(err, len, "%s", e.bad);
		return false;
	}
	j.c.ssh.say = say;
	j.c.ssh.ud = &j;
	cl_ssh *s = cl_ssh_connect(&j.c.ssh, err, len);
	if (!s)
		return false;
	bool ok = !strcmp(pv->type, "file") ? copy_files(s, &j, a, err, len) : run_scripts(s, &j, a, err, len);
	cl_ssh_close(s);
	return ok;
}
