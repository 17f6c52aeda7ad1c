/* workspace.c: Terraform's workspaces.  The current one is TF_WORKSPACE, else
 * what `workspace select` wrote to .clicamosc/environment, else "default".
 * Its state is where Terraform keeps it: locally clicamosc.tfstate for
 * "default" and terraform.tfstate.d/NAME/clicamosc.tfstate for the others;
 * in S3 the key for "default" and env:/NAME/key (workspace_key_prefix) for
 * the others (executor/backend.c, given the name). */
#include "cli/cli.h"
#include "executor/backend.h"
#include "executor/state.h"
#include "view/state_cmd.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define ENV_FILE ".clicamosc/environment"
#define WS_DIR "terraform.tfstate.d"

const char *cli_workspace(void)
{
	static char name[256];
	const char *env = getenv("TF_WORKSPACE");
	if (env && *env)
		return env;
	FILE *f = fopen(ENV_FILE, "r");
	if (!f)
		return "default";
	size_t n = fread(name, 1, sizeof name - 1, f);
	fclose(f);
	name[n] = 0;
	name[strcspn(name, "\r\n")] = 0;
	return *name ? name : "default";
}

const char *cli_local_state_path(void)
{
	static char path[512];
	const char *ws = cli_workspace();
	if (!strcmp(ws, "default"))
		return CL_STATE_DEFAULT_PATH;
	snprintf(path, sizeof path, WS_DIR "/%s/" CL_STATE_DEFAULT_PATH, ws);
	return path;
}

/* Terraform's rule: a name that is a path segment, nothing else. */
static bool valid_name(const char *s)
{
	if (!*s || strlen(s) > 90)
		return false;
	for (; *s; s++)
		if (!(*s >= 'a' && *s <= 'z') && !(*s >= 'A' && *s <= 'Z') && !(*s >= '0' && *s <= '9') && !strchr("-_.", *s))
			return false;
	return true;
}

static bool select_name(const char *name, cl_diags *d)
{
	mkdir(".clicamosc", 0700);
	FILE *f = fopen(ENV_FILE, "w");
	if (!f || fprintf(f, "%s", name) < 0 || fclose(f) != 0) {
		cl_diag_error(d, CL_NOWHERE, "cannot write %s: %s", ENV_FILE, strerror(errno));
		return false;
	}
	return true;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The local workspaces other than default, sorted; *n of them. */
static char **local_names(size_t *n)
{
	char **v = NULL;
	*n = 0;
	DIR *dp = opendir(WS_DIR);
	for (struct dirent *e; dp && (e = readdir(dp)); ) {
		struct stat st;
		char p[512];
		snprintf(p, sizeof p, WS_DIR "/%s", e->d_name);
		if (e->d_name[0] == '.' || stat(p, &st) != 0 || !S_ISDIR(st.st_mode))
			continue;
		v = realloc(v, (*n + 1) * sizeof *v);
		v[(*n)++] = strdup(e->d_name);
	}
	if (dp)
		closedir(dp);
	qsort(v, *n, sizeof *v, by_name);
	return v;
}

/* Does workspace name exist?  Locally its directory; in S3 its state object. */
static bool exists(const char *name, bool remote, cl_diags *d)
{
	if (!strcmp(name, "default"))
		return true;
	if (!remote) {
		char p[512];
		struct stat st;
		snprintf(p, sizeof p, WS_DIR "/%s", name);
		return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
	}
	/* The backend as every command opens it, for that workspace (this
	 * process runs one command: the variable is not read again after). */
	setenv("TF_WORKSPACE", name, 1);
	cl_state_backend *b = cli_backend_open(NULL, NULL, d);
	char *text = NULL;
	bool there = b && cl_backend_read_text(b, &text, d) && text;
	free(text);
	cl_backend_close(b);
	return there;
}

static bool is_remote(void)
{
	json_t *rec = json_load_file(".clicamosc/backend.json", 0, NULL);
	const char *type = json_string_value(json_object_get(json_object_get(rec, "backend"), "type"));
	bool remote = type && strcmp(type, "local");
	json_decref(rec);
	return remote;
}

/* new NAME: its (empty) state made, then selected. */
static bool create(const char *name, bool remote, cl_diags *d)
{
	if (!remote) {
		char p[512];
		mkdir(WS_DIR, 0755);
		snprintf(p, sizeof p, WS_DIR "/%s", name);
		if (mkdir(p, 0755) != 0) {
			cl_diag_error(d, CL_NOWHERE, "cannot create %s: %s", p, strerror(errno));
			return false;
		}
		return select_name(name, d);
	}
	setenv("TF_WORKSPACE", name, 1);
	cl_state_backend *b = cli_backend_open(NULL, NULL, d);
	cl_state *st = cl_state_new();
	bool ok = b && cl_backend_write(b, st, d);
	cl_state_free(st);
	cl_backend_close(b);
	return ok && select_name(name, d);
}

/* delete NAME: only an empty state goes, unless -force. */
static bool drop(const char *name, bool remote, bool force, cl_diags *d)
{
	if (remote) {
		cl_diag_error(d, CL_NOWHERE, "workspace delete works on the local backend only for now");
		cl_diag_hint(d, "empty it with clicamosc destroy, then remove env:/%s/ from the bucket", name);
		return false;
	}
	char path[600], dir[512];
	snprintf(dir, sizeof dir, WS_DIR "/%s", name);
	snprintf(path, sizeof path, "%s/" CL_STATE_DEFAULT_PATH, dir);
	cl_state *st = NULL;
	if (access(path, F_OK) == 0 && !cl_state_read(path, &st, d))
		return false;
	bool busy = st && st->nres > 0;
	if (st)
		cl_state_free(st);
	if (busy && !force) {
		cl_diag_error(d, CL_NOWHERE, "workspace \"%s\" still manages resources (%s)", name, path);
		cl_diag_hint(d, "destroy them first (clicamosc workspace select %s, then clicamosc destroy), or pass -force "
		                "to forget them", name);
		return false;
	}
	static const char *const files[] = { "", ".backup", ".lock.info", ".journal" };
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		char f[600];
		snprintf(f, sizeof f, "%s%s", path, files[i]);
		unlink(f);
	}
	if (rmdir(dir) != 0) {
		cl_diag_error(d, CL_NOWHERE, "cannot remove %s: %s", dir, strerror(errno));
		cl_diag_hint(d, "it holds files clicamosc did not write; remove them first");
		return false;
	}
	return true;
}

int cmd_workspace(const command *c, const cl_args *a)
{
	const char *sub = cl_args_npos(a) ? cl_args_pos(a, 0) : "", *name = cl_args_npos(a) > 1 ? cl_args_pos(a, 1) : NULL;
	bool named = !strcmp(sub, "new") || !strcmp(sub, "select") || !strcmp(sub, "delete");
	if ((named && (!name || cl_args_npos(a) > 2)) || (!named && cl_args_npos(a) != 1) ||
	    (!named && strcmp(sub, "list") && strcmp(sub, "show"))) {
		fprintf(stderr, "usage: clicamosc %s %s\n", c->name, c->usage);
		return 1;
	}
	cl_diags d = { 0 };
	const char *cur = cli_workspace();
	char *current = strdup(cur);
	bool remote = is_remote();
	if (named && !valid_name(name)) {
		cl_diag_error(&d, CL_NOWHERE, "\"%s\" is not a workspace name", name);
		cl_diag_hint(&d, "use letters, digits, '-', '_' and '.'");
	} else if (!strcmp(sub, "show")) {
		printf("%s\n", current);
	} else if (!strcmp(sub, "list")) {
		if (remote) {
			cl_diag_error(&d, CL_NOWHERE, "workspace list works on the local backend only for now");
			cl_diag_hint(&d, "the current one is \"%s\" (clicamosc workspace show)", current);
		} else {
			size_t n;
			char **v = local_names(&n);
			printf("%s default\n", strcmp(current, "default") ? " " : "*");
			for (size_t i = 0; i < n; i++) {
				printf("%s %s\n", strcmp(current, v[i]) ? " " : "*", v[i]);
				free(v[i]);
			}
			free(v);
			printf("\n");
		}
	} else if (!strcmp(sub, "new")) {
		if (exists(name, remote, &d)) {
			cl_diag_error(&d, CL_NOWHERE, "workspace \"%s\" already exists", name);
			cl_diag_hint(&d, "clicamosc workspace select %s", name);
		} else if (!d.nerrors && create(name, remote, &d)) {
			printf("Created and switched to workspace \"%s\"!\n\nYou're now on a new, empty workspace. "
			       "Workspaces isolate their state,\nso if you run \"clicamosc plan\" clicamosc will not see "
			       "any existing state\nfor this configuration.\n", name);
		}
	} else if (!strcmp(sub, "select")) {
		if (!exists(name, remote, &d)) {
			if (!d.nerrors) {
				cl_diag_error(&d, CL_NOWHERE, "workspace \"%s\" doesn't exist", name);
				cl_diag_hint(&d, "create it with clicamosc workspace new %s", name);
			}
		} else if (select_name(name, &d)) {
			printf("Switched to workspace \"%s\".\n", name);
		}
	} else if (!strcmp(name, "default")) {
		cl_diag_error(&d, CL_NOWHERE, "the default workspace cannot be deleted");
	} else if (!strcmp(name, current)) {
		cl_diag_error(&d, CL_NOWHERE, "workspace \"%s\" is the current one and cannot be deleted", name);
		cl_diag_hint(&d, "clicamosc workspace select default first");
	} else if (!exists(name, remote, &d)) {
		if (!d.nerrors)
			cl_diag_error(&d, CL_NOWHERE, "workspace \"%s\" doesn't exist", name);
	} else if (drop(name, remote, cl_args_flag(a, "force"), &d)) {
		printf("Deleted workspace \"%s\"!\n", name);
	}
	free(current);
	return cli_report(&d, a);
}
