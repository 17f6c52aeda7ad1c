/* plan_cmds.c: plan, apply, destroy and refresh: the commands that plan
 * against state and (apart from plan) change the world. */
#include "cli/diag_json.h"
#include "cli/planfile.h"
#include "view/drift.h"
#include "view/plan_render.h"
#include "executor/apply.h"
#include "plan/plan.h"
#include "view/state_cmd.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t stop_requested;
static volatile int cancel_requested;

/* First Ctrl-C: finish what is in flight, save state, stop.  Second: stop
 * waiting on AWS too (state is still saved). */
static void on_interrupt(int sig)
{
	(void)sig;
	static const char first[] = "\nInterrupt received: finishing the operations in flight, then stopping.\n";
	static const char second[] = "\nTwo interrupts: abandoning waits; state is saved as it stands.\n";
	if (stop_requested) {
		cancel_requested = 1;
		ssize_t w = write(2, second, sizeof second - 1);
		(void)w;
	} else {
		stop_requested = 1;
		ssize_t w = write(2, first, sizeof first - 1);
		(void)w;
	}
}

static void print_plan(cli_run *r, const cl_args *a)
{
	cl_buf out = CL_BUF_INIT;
	if (cl_args_flag(a, "json")) {
		cl_buf_printf(&out, "{\"@level\":\"info\",\"@message\":\"clicamosc %s\",\"@module\":\"clicamosc.ui\","
		              "\"type\":\"version\",\"clicamosc\":\"%s\",\"ui\":\"1.2\"}\n", CL_VERSION, CL_VERSION);
		cl_plan_render_json(&out, r->g);
	} else {
		cl_plan_render_opts po = { .color = cli_color(a) && isatty(1), .stream = stdout };
		cl_plan_render(&out, r->g, &po);
	}
	fputs(cl_buf_str(&out), stdout);
	cl_buf_free(&out);
	fflush(stdout);
}

static int finish(cli_run *r, const cl_args *a, int rc)
{
	/* -json: diagnostics are messages of the stream, as Terraform's */
	if (cl_args_flag(a, "json"))
		cli_diags_json_lines(stdout, &r->d);
	else if (cl_args_flag(a, "compact-warnings") && !r->d.nerrors && r->d.nwarnings)
		cli_diags_compact(stderr, &r->d);
	else
		cl_diags_print(stderr, &r->d, cli_color(a));
	if (r->d.nerrors && rc == 0)
		rc = 1;
	cli_run_finish(r);
	return rc;
}

/* -refresh-only: what it cannot be combined with (Terraform refuses the
 * first two too); false after printing why. */
static bool refresh_only_ok(const cl_args *a, bool saved)
{
	if (!cl_args_flag(a, "refresh-only"))
		return true;
	cl_diags d = { 0 };
	const char *refresh = cl_args_value(a, "refresh");
	if (refresh && !strcmp(refresh, "false"))
		cl_diag_error(&d, CL_NOWHERE, "-refresh-only with -refresh=false leaves nothing to do");
	else if (cl_args_flag(a, "destroy"))
		cl_diag_error(&d, CL_NOWHERE, "-refresh-only and -destroy are two plan modes: choose one");
	else if (cl_args_value(a, "replace") || cl_args_value(a, "target"))
		cl_diag_error(&d, CL_NOWHERE, "-%s cannot be used with -refresh-only: a refresh-only plan refreshes everything "
		              "and changes nothing", cl_args_value(a, "replace") ? "replace" : "target");
	else if (saved || cl_args_value(a, "out"))
		cl_diag_error(&d, CL_NOWHERE, "a refresh-only plan cannot be saved to a file (or applied from one) yet");
	else if (cl_args_flag(a, "json"))
		cl_diag_error(&d, CL_NOWHERE, "-refresh-only cannot print -json yet");
	if (!d.nerrors)
		return true;
	cl_diag_hint(&d, "clicamosc apply -refresh-only [PATH] refreshes and records the state in one step");
	cli_report(&d, a);
	return false;
}

/* The refresh-only plan: what changed outside clicamosc; true when something did. */
static bool print_drift(cli_run *r, const cl_args *a)
{
	cl_buf out = CL_BUF_INIT;
	bool drift = cl_drift_render(&out, &r->before, &r->prior, cli_color(a) && isatty(1));
	fputs(cl_buf_str(&out), stdout);
	cl_buf_free(&out);
	fflush(stdout);
	return drift;
}

int cmd_plan(const command *c, const cl_args *a)
{
	if (cli_too_many(c, a, 1))
		return 1;
	cli_run r;
	cli_run_opts o = { .lock_op = CL_LOCK_PLAN, .refresh = !cl_args_value(a, "refresh") ||
	                   strcmp(cl_args_value(a, "refresh"), "false"), .json = cl_args_flag(a, "json") };
	o.destroy = o.values_optional = cl_args_flag(a, "destroy");
	o.generate_out = cl_args_value(a, "generate-config-out");
	o.refresh_only = cl_args_flag(a, "refresh-only");
	if (!refresh_only_ok(a, false))
		return 1;
	if (!cli_run_prepare(&r, a, &o))
		return finish(&r, a, 1);
	if (o.refresh_only) {
		bool drift = print_drift(&r, a);
		return finish(&r, a, cl_args_flag(a, "detailed-exitcode") && drift ? 2 : 0);
	}
	print_plan(&r, a);
	if (r.generated_to && !o.json)
		printf("\nclicamosc has generated configuration and written it to %s. Please review the\n"
		       "configuration and edit it as necessary before adding it to version control.\n", r.generated_to);
	const char *out = cl_args_value(a, "out");
	if (out && !cli_planfile_write(&r, a, out, o.destroy, &r.d))
		return finish(&r, a, 1);
	if (out)
		printf("\nSaved the plan to: %s\n\nTo perform exactly these actions, run:\n  clicamosc apply \"%s\"\n", out, out);
	int rc = cl_args_flag(a, "detailed-exitcode") && cl_plan_has_changes(r.g) ? 2 : 0;
	return finish(&r, a, rc);
}

/* Terraform's questions; only "yes" goes on. */
enum { ASK_APPLY, ASK_DESTROY, ASK_REFRESH };

static bool approved(const cl_args *a, int what)
{
	static const char *const text[] = {
		[ASK_APPLY] = "Do you want to perform these actions?\n  clicamosc will perform the actions described "
		              "above.\n  Only 'yes' will be accepted to approve.",
		[ASK_DESTROY] = "Do you really want to destroy all resources?\n  clicamosc will destroy all your managed "
		                "infrastructure, as shown above.\n  There is no undo.\n  Only 'yes' will be accepted to approve.",
		[ASK_REFRESH] = "Would you like to update the clicamosc state to reflect these detected changes?\n  clicamosc "
		                "will write these changes to the state without modifying any real infrastructure.\n  There "
		                "is no undo. Only 'yes' will be accepted to confirm.",
	};
	if (cl_args_flag(a, "auto-approve"))
		return true;
	printf("\n%s\n\n  Enter a value: ", text[what]);
	fflush(stdout);
	char line[64];
	bool yes = fgets(line, sizeof line, stdin) && !strcmp(line, "yes\n");
	printf("\n");
	return yes;
}

static void print_outputs(cl_state *st)
{
	if (!st->nouts)
		return;
	printf("\nOutputs:\n\n");
	fflush(stdout);
	cl_state_cmd_opts so = { .no_lock = true };
	cl_state_cmd_output_of(st, &so, stdout, stderr);
}

/* apply -refresh-only: the refreshed state recorded once approved (no
 * question when nothing changed); no AWS object changes. */
static int apply_refresh(cli_run *r, const cl_args *a)
{
	if (print_drift(r, a) && !approved(a, ASK_REFRESH)) {
		printf("Apply cancelled.\n");
		return finish(r, a, 1);
	}
	if (!cli_run_save(r))
		return finish(r, a, 1);
	printf("\nApply complete! Resources: 0 added, 0 changed, 0 destroyed.\n");
	print_outputs(r->state);
	return finish(r, a, 0);
}

static int run_apply(const command *c, const cl_args *a, bool destroy)
{
	if (cli_too_many(c, a, 1))
		return 1;
	cli_run r;
	const char *refresh = cl_args_value(a, "refresh");
	cli_run_opts o = { .lock_op = CL_LOCK_APPLY, .refresh = !refresh || strcmp(refresh, "false"),
	                   .need_client = true, .destroy = destroy, .json = cl_args_flag(a, "json"),
	                   .values_optional = destroy };
	cli_planfile pf = { 0 };
	bool saved = !destroy && cl_args_npos(a) == 1 && cli_planfile_is(cl_args_pos(a, 0));
	o.refresh_only = !destroy && cl_args_flag(a, "refresh-only");
	if (!destroy && !refresh_only_ok(a, saved))
		return 1;
	if (saved && (cl_args_value(a, "var") || cl_args_value(a, "var-file"))) {
		fprintf(stderr, "clicamosc apply: -var and -var-file cannot be used with a saved plan: its inputs are "
		                "the ones it was planned with\n  plan again with the new values, then apply that plan\n");
		return 1;
	}
	if (saved) {
		cl_diags pd = { 0 };
		if (!cli_planfile_read(cl_args_pos(a, 0), &pf, &pd))
			return cli_report(&pd, a);
		o.path = pf.path;
		o.saved_vars = json_object_get(pf.root, "variables");
		o.destroy = json_is_true(json_object_get(json_object_get(pf.root, "options"), "destroy"));
		o.values_optional = o.destroy;
		o.refresh = false;   /* the plan is applied as it was made */
	}
	bool ready = cli_run_prepare(&r, a, &o) && (!saved || cli_planfile_matches(&pf, &r, &r.d));
	cli_planfile_free(&pf);
	if (!ready)
		return finish(&r, a, 1);
	if (o.refresh_only)
		return apply_refresh(&r, a);
	if (!saved)
		print_plan(&r, a);
	if (!cl_plan_has_changes(r.g)) {
		if (saved)
			print_plan(&r, a);   /* "No changes.", not silence */
		cli_run_save(&r);
		return finish(&r, a, 0);
	}
	if (!cl_state_serial_room(r.state, &r.d))
		return finish(&r, a, 1);   /* before AWS is asked for anything it could not record */
	if (cl_args_flag(a, "json") && !cl_args_flag(a, "auto-approve") && !saved) {
		cl_diag_error(&r.d, CL_NOWHERE, "-json needs -auto-approve (or a saved plan): there is no one to answer a prompt");
		return finish(&r, a, 1);
	}
	if (!saved && !approved(a, destroy ? ASK_DESTROY : ASK_APPLY)) {
		printf("%s cancelled.\n", destroy ? "Destroy" : "Apply");
		return finish(&r, a, 1);
	}
	struct sigaction sa = { .sa_handler = on_interrupt };
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if (r.client)
		aws_client_set_cancel(r.client, &cancel_requested);   /* a hung call stops too */
	const char *p = cl_args_value(a, "parallelism");
	cl_apply_opts ao = { .client = r.client, .clients = &r.clients, .state = r.state, .state_path = r.state_path,
	                     .backend = cli_run_remote(&r), .journal = r.journal, .prior = &r.prior,
	                     .default_tags = r.default_tags, .parallelism = p ? (unsigned)atoi(p) : 10,
	                     .stop = &stop_requested, .cancel = &cancel_requested, .progress = stdout,
	                     .keep_failed = cl_args_flag(a, "keep-failed"), .destroy = o.destroy,
	                     .json = cl_args_flag(a, "json") };
	/* The import blocks' objects were read while planning; the state
	 * saved by apply records them. */
	unsigned imported = cl_plan_imports_count(r.g);
	for (unsigned i = 0; i < r.g->n && !ao.json; i++)
		if (r.g->v[i]->kind == CL_N_RESOURCE && r.g->v[i]->import_id)
			printf("%s: Importing... [id=%s]\n%s: Import complete [id=%s]\n", r.g->v[i]->addr,
			       r.g->v[i]->import_id, r.g->v[i]->addr, r.g->v[i]->import_id);
	cl_apply_result res;
	bool ok = cl_apply(r.g, &ao, &res, &r.d);
	free(res.walk.status);
	if (ao.json) {
		char msg[200], imp[40] = "";
		if (imported)
			snprintf(imp, sizeof imp, "%u imported, ", imported);
		snprintf(msg, sizeof msg, "%s%s: %s%u added, %u changed, %u destroyed", destroy ? "Destroy" : "Apply",
		         ok ? " complete" : " stopped", imp, res.added, res.changed, res.destroyed);
		json_t *sum = json_pack("{s:i, s:i, s:i, s:s}", "add", res.added, "change", res.changed, "remove",
		                        res.destroyed, "operation", destroy ? "destroy" : "apply");
		if (imported)
			json_object_set_new(sum, "import", json_integer(imported));
		cl_apply_json_line(stdout, ok ? "info" : "error", "change_summary", msg, json_pack("{s:o}", "changes", sum));
	} else if (ok) {
		if (destroy)
			printf("\nDestroy complete! Resources: %u destroyed.\n", res.destroyed);
		else if (imported)
			printf("\nApply complete! Resources: %u imported, %u added, %u changed, %u destroyed.\n", imported,
			       res.added, res.changed, res.destroyed);
		else
			printf("\nApply complete! Resources: %u added, %u changed, %u destroyed.\n", res.added, res.changed,
			       res.destroyed);
		if (!destroy && !ao.json)
			print_outputs(r.state);
	} else if (stop_requested) {
		printf("\nStopped: %u added, %u changed, %u destroyed before the interrupt; state is saved.\n",
		       res.added, res.changed, res.destroyed);
	}
	return finish(&r, a, ok ? 0 : 1);
}

int cmd_apply(const command *c, const cl_args *a)
{
	return run_apply(c, a, false);
}

int cmd_destroy(const command *c, const cl_args *a)
{
	return run_apply(c, a, true);
}

int cmd_refresh(const command *c, const cl_args *a)
{
	if (cli_too_many(c, a, 1))
		return 1;
	cli_run r;
	cli_run_opts o = { .lock_op = CL_LOCK_REFRESH, .refresh = true, .values_optional = true };
	if (!cli_run_prepare(&r, a, &o))
		return finish(&r, a, 1);
	cli_run_save(&r);
	print_outputs(r.state);
	return finish(&r, a, 0);
}

/* import ADDR ID: adopt an existing AWS object as the instance at ADDR,
 * which the configuration must declare.  Nothing in AWS changes. */
int cmd_import(const command *c, const cl_args *a)
{
	if (cl_args_npos(a) != 2 && cl_args_npos(a) != 3) {
		fprintf(stderr, "usage: clicamosc %s %s\n", c->name, c->usage);
		return 1;
	}
	const char *addr = cl_args_pos(a, 0), *id = cl_args_pos(a, 1);
	cli_run r;
	cli_run_opts o = { .lock_op = CL_LOCK_APPLY, .need_client = true, .values_optional = true,
	                   .path = cl_args_npos(a) == 3 ? cl_args_pos(a, 2) : "." };
	if (!cli_run_prepare(&r, a, &o))
		return finish(&r, a, 1);
	const char *type = cl_plan_import(r.g, r.client, r.state, addr, id, CL_NOWHERE, &r.d);
	bool ok = type && cli_run_save(&r);
	if (ok)
		printf("%s: Import prepared!\n  Prepared %s for import\n\nImport successful!\n\n"
		       "The resources that were imported are shown above. These resources are now in\n"
		       "your clicamosc state and will henceforth be managed by clicamosc.\n", addr, type);
	return finish(&r, a, ok ? 0 : 1);
}
