/* test_state: the state file (round trip of a Terraform-written file,
 * serial and lineage, backup, modes, atomic replacement), the tree's
 * operations and their thread safety, and addresses. */
#include "tap.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <dirent.h>

#include "compiler/schema.h"
#include "compiler/address.h"
#include "executor/state.h"
#include "view/state_cmd.h"

static char dir[] = "/tmp/test_state.XXXXXX";

/* File contents; freed all at once at the end (by forget_slurps). */
static char *slurped[32];
static int nslurped;

static void forget_slurps(void)
{
	while (nslurped)
		free(slurped[--nslurped]);
}

static char *slurp(const char *path)
{
	char *s = tap_slurp(path, NULL);
	if (s && nslurped < 32)
		slurped[nslurped++] = s;
	return s;
}

static const char *tmp(const char *name)
{
	static char p[8][256];
	static int i;
	char *s = p[i++ % 8];
	snprintf(s, 256, "%s/%s", dir, name);
	return s;
}

static void drop_line(char *s, const char *prefix)
{
	char *p = strstr(s, prefix);
	if (p) {
		char *e = strchr(p, '\n');
		memmove(p, e + 1, strlen(e + 1) + 1);
	}
}

static int mode_of(const char *path)
{
	struct stat s;
	return stat(path, &s) == 0 ? (int)(s.st_mode & 0777) : -1;
}

static void test_round_trip(void)
{
	const char *in = "tests/unit/data/state/realistic.tfstate";
	cl_diags d = { 0 };
	cl_state *st;
	ok(cl_state_read(in, &st, &d) && st, "a Terraform-written v4 file reads");
	cl_diags_print(stdout, &d, false);
	is_int(st->serial, 17, "serial as read");
	is_str(st->lineage, "6a0b7f3c-2f4e-4d7a-9a51-1c2d3e4f5a6b", "lineage as read");
	is_int(st->nres, 8, "8 resources");
	ok(cl_state_write(st, tmp("rt.tfstate"), &d), "written");
	char *a = slurp(in), *b = slurp(tmp("rt.tfstate"));
	drop_line(a, "  \"terraform_version\"");
	drop_line(b, "  \"terraform_version\"");
	is_str(b, a, "written back byte for byte (but terraform_version)");
	ok(strstr(slurp(tmp("rt.tfstate")), "\"terraform_version\": \"" CL_STATE_TF_VERSION "\"") != NULL,
	   "terraform_version is ours");
	is_int(st->serial, 17, "an unchanged state keeps its serial");

	size_t n;
	char **v = cl_state_list(st, &n);
	const char *want[] = { "data.aws_ami.ubuntu", "aws_instance.nat", "aws_launch_configuration.app",
	                       "aws_subnet.public[0]", "aws_subnet.public[1]", "aws_vpc.main",
	                       "module.db[\"eu\"].aws_key_pair.deployer", "module.net.aws_security_group.web[\"http\"]",
	                       "module.net.aws_vpc.this" };
	is_int(n, 9, "9 instances listed (the deposed object under its instance)");
	for (size_t i = 0; i < n && i < 9; i++)
		is_str(v[i], want[i], "list order");
	cl_state_list_free(v, n);

	bool tainted = false;
	json_t *attrs = cl_state_get(st, "aws_instance.nat", NULL, &tainted);
	ok(attrs && tainted, "tainted instance found, marked");
	is_str(json_string_value(json_object_get(json_object_get(attrs, "tags"), "Name")), "nat <primary> & vpn",
	       "\\u003c escapes read");
	json_decref(attrs);
	attrs = cl_state_get(st, "aws_launch_configuration.app", "5c2b8a1f", NULL);
	is_str(json_string_value(json_object_get(attrs, "image_id")), "ami-0fedcba9876543210", "deposed object by key");
	json_decref(attrs);

	cl_arena ar;
	cl_arena_init(&ar);
	cl_value *kp = cl_state_value(st, &ar, "module.db[\"eu\"].aws_key_pair.deployer", NULL, NULL, &d);
	ok(kp && (cl_value_get(kp, "secret")->marks & CL_MARK_SENSITIVE), "sensitive_attributes mark the value");
	ok(kp && !(cl_value_get(kp, "key_name")->marks & CL_MARK_SENSITIVE), "only that path");
	bool sens = false;
	cl_value *pw = cl_state_output(st, &ar, "admin_password", &sens);
	ok(pw && sens && (pw->marks & CL_MARK_SENSITIVE), "sensitive output marked");
	cl_value *ids = cl_state_output(st, &ar, "subnet_ids", NULL);
	ok(ids && ids->kind == CL_V_LIST && ids->n == 2, "list(string) output typed");
	cl_arena_free(&ar);
	cl_diags_free(&d);
	cl_state_free(st);
}

static void test_serial_backup_modes(void)
{
	cl_diags d = { 0 };
	const char *p = tmp("s.tfstate"), *bk = tmp("s.tfstate.backup");
	cl_state *st;
	ok(cl_state_read(p, &st, &d) && st->nres == 0, "a missing file is an empty state");
	ok(strlen(st->lineage) == 36 && st->lineage[14] == '4' && strchr("89ab", st->lineage[19]),
	   "new lineage is a UUID v4");
	char lineage[37];
	strcpy(lineage, st->lineage);
	cl_arena a;
	cl_arena_init(&a);
	ok(cl_state_put(st, "aws_vpc.main", NULL, json_pack("{s:s}", "id", "vpc-1"), NULL, &d), "put");
	ok(cl_state_write(st, p, &d), "first write");
	is_int(st->serial, 1, "serial 1 on the first write");
	is_int(mode_of(p), 0600, "state file is 0600");
	ok(access(bk, F_OK) != 0, "no backup when there was no file");
	cl_state_free(st);

	ok(cl_state_read(p, &st, &d), "read back");
	is_str(st->lineage, lineage, "lineage kept");
	char *before = slurp(p);
	ok(cl_state_write(st, p, &d), "unchanged write");
	is_int(st->serial, 1, "serial kept when nothing changed");
	is_str(slurp(bk), before, "backup holds the previous file");
	is_int(mode_of(bk), 0600, "backup is 0600");
	cl_state_put(st, "aws_vpc.main", NULL, json_pack("{s:s}", "id", "vpc-2"), NULL, &d);
	ok(cl_state_write(st, p, &d), "changed write");
	is_int(st->serial, 2, "serial 2 after a change");
	cl_state_put(st, "aws_vpc.other", NULL, json_pack("{s:s}", "id", "vpc-3"), NULL, &d);
	ok(cl_state_write(st, p, &d), "another write");
	is_int(st->serial, 3, "serial 3");
	is_str(slurp(bk), before, "the backup is the state from before this run, not the last write");
	cl_state_free(st);
	cl_arena_free(&a);
	cl_diags_free(&d);
}

static void test_atomic(void)
{
	cl_diags d = { 0 };
	const char *p = tmp("a.tfstate");
	cl_state *st = cl_state_new();
	cl_state_put(st, "aws_vpc.main", NULL, json_pack("{s:s}", "id", "vpc-1"), NULL, &d);
	cl_state_write(st, p, &d);
	char *before = slurp(p);
	/* A big change whose write fails half way (file size limit). */
	for (int i = 0; i < 200; i++) {
		char addr[64];
		snprintf(addr, sizeof addr, "aws_subnet.s[%d]", i);
		cl_state_put(st, addr, NULL, json_pack("{s:s,s:s}", "id", "subnet-x", "pad", "................................"),
		             NULL, &d);
	}
	signal(SIGXFSZ, SIG_IGN);
	struct rlimit old, lim = { 4096, 4096 };
	getrlimit(RLIMIT_FSIZE, &old);
	lim.rlim_max = old.rlim_max;
	setrlimit(RLIMIT_FSIZE, &lim);
	cl_diags d2 = { 0 };
	bool wrote = cl_state_write(st, p, &d2);
	setrlimit(RLIMIT_FSIZE, &old);
	ok(!wrote && d2.nerrors, "a failing write reports an error");
	if (d2.n)
		printf("# %s\n", d2.v[0].msg);
	is_str(slurp(p), before, "the old file is intact");
	DIR *dd = opendir(dir);
	struct dirent *e;
	int temps = 0;
	while ((e = readdir(dd)))
		temps += strstr(e->d_name, ".tmp.") != NULL;
	closedir(dd);
	is_int(temps, 0, "no temporary file left behind");
	cl_diags_free(&d2);
	cl_diags_free(&d);
	cl_state_free(st);
}

typedef struct worker {
	cl_state *st;
	int id;
	int fails;
} worker;

enum { THREADS = 8, PUTS = 40 };

static char cpath[300];    /* tmp() is not for threads */

static void *work(void *arg)
{
	worker *w = arg;
	for (int i = 0; i < PUTS; i++) {
		cl_diags d = { 0 };
		char addr[64];
		snprintf(addr, sizeof addr, "module.m%d.aws_instance.x[%d]", w->id, i);
		cl_state_meta m = { .cbd = i % 2 };
		if (!cl_state_put(w->st, addr, NULL, json_pack("{s:s,s:i}", "id", addr, "n", i), &m, &d) ||
		    !cl_state_write(w->st, cpath, &d))
			w->fails++;
		json_decref(cl_state_get(w->st, addr, NULL, NULL));
		if (i % 5 == 4 && !cl_state_remove(w->st, addr, NULL))
			w->fails++;
		cl_diags_free(&d);
	}
	return NULL;
}

static void test_threads(void)
{
	cl_state *st = cl_state_new();
	snprintf(cpath, sizeof cpath, "%s", tmp("c.tfstate"));
	pthread_t t[THREADS];
	worker w[THREADS];
	for (int i = 0; i < THREADS; i++) {
		w[i] = (worker){ st, i, 0 };
		pthread_create(&t[i], NULL, work, &w[i]);
	}
	int fails = 0;
	for (int i = 0; i < THREADS; i++) {
		pthread_join(t[i], NULL);
		fails += w[i].fails;
	}
	is_int(fails, 0, "concurrent puts, removes and writes all succeed");
	cl_diags d = { 0 };
	cl_state_write(st, tmp("c.tfstate"), &d);
	cl_state *back;
	ok(cl_state_read(tmp("c.tfstate"), &back, &d), "the last write reads back");
	size_t n, m;
	char **v = cl_state_list(back, &n);
	is_int(n, THREADS * (PUTS - PUTS / 5), "every surviving instance is in the file");
	cl_state_list_free(v, n);
	v = cl_state_list(st, &m);
	is_int(m, n, "as in memory");
	cl_state_list_free(v, m);
	is_int(back->serial, st->serial, "file serial = memory serial");
	cl_state_free(back);
	cl_state_free(st);
	cl_diags_free(&d);
}

static void test_objects(void)
{
	cl_diags d = { 0 };
	cl_state *st = cl_state_new();
	char key[9];
	cl_state_meta m = { .cbd = true };
	cl_state_put(st, "aws_launch_configuration.app", NULL, json_pack("{s:s}", "id", "lc-1"), &m, &d);
	ok(cl_state_depose(st, "aws_launch_configuration.app", key) && strlen(key) == 8, "depose gives an 8-char key");
	ok(!cl_state_get(st, "aws_launch_configuration.app", NULL, NULL), "no current object after depose");
	size_t n;
	char **v = cl_state_list(st, &n);
	is_int(n, 1, "a deposed-only instance is still listed");
	cl_state_list_free(v, n);
	ok(cl_state_undepose(st, "aws_launch_configuration.app", key), "undepose brings it back");
	json_t *a = cl_state_get(st, "aws_launch_configuration.app", NULL, NULL);
	is_str(json_string_value(json_object_get(a, "id")), "lc-1", "as current");
	json_decref(a);
	cl_state_depose(st, "aws_launch_configuration.app", key);
	cl_state_put(st, "aws_launch_configuration.app", NULL, json_pack("{s:s}", "id", "lc-2"), &m, &d);
	ok(!cl_state_undepose(st, "aws_launch_configuration.app", key), "no undepose over a new current object");
	ok(cl_state_remove(st, "aws_launch_configuration.app", key), "deposed object removed");
	ok(cl_state_taint(st, "aws_launch_configuration.app", true), "taint");
	bool t = false;
	json_decref(cl_state_get(st, "aws_launch_configuration.app", NULL, &t));
	ok(t, "tainted");
	ok(!cl_state_taint(st, "aws_vpc.nope", true), "taint of nothing fails");

	cl_arena ar;
	cl_arena_init(&ar);
	const char *ks[] = { "id", "password", "tags" };
	const char *tk[] = { "Name" };
	cl_value *tv[] = { cl_value_mark(&ar, cl_value_cstr(&ar, "secret-name"), CL_MARK_SENSITIVE) };
	cl_value *vs[] = { cl_value_cstr(&ar, "db-1"), cl_value_mark(&ar, cl_value_cstr(&ar, "pw"), CL_MARK_SENSITIVE),
	                   cl_value_map(&ar, &cl_type_string, tk, tv, 1) };
	cl_value *obj = cl_value_object(&ar, ks, vs, 3);
	ok(cl_state_put_value(st, "aws_db.x", NULL, obj, NULL, &d), "put_value");
	cl_value *back = cl_state_value(st, &ar, "aws_db.x", NULL, NULL, &d);
	ok(back && (cl_value_get(back, "password")->marks & CL_MARK_SENSITIVE), "sensitive attribute round trip");
	ok(back && (cl_value_get(cl_value_get(back, "tags"), "Name")->marks & CL_MARK_SENSITIVE),
	   "sensitive map element round trip");
	ok(back && !(cl_value_get(back, "id")->marks & CL_MARK_SENSITIVE), "others unmarked");
	char *text = cl_state_text(st);
	ok(strstr(text, "\"type\": \"get_attr\",\n                \"value\": \"password\"") != NULL,
	   "sensitive_attributes in Terraform's path form");
	free(text);

	cl_state_set_output(st, "b", cl_value_int(&ar, 3), false);
	cl_state_set_output(st, "a", cl_value_cstr(&ar, "x"), true);
	is_str(st->outs[0].name, "a", "outputs sorted");
	text = cl_state_text(st);
	ok(strstr(text, "\"a\": {\n      \"value\": \"x\",\n      \"type\": \"string\",\n      \"sensitive\": true\n")
	   != NULL, "output layout");
	free(text);
	cl_state_remove_output(st, "a");
	is_int(st->nouts, 1, "output removed");

	/* state mv */
	cl_state_put(st, "aws_subnet.s[0]", NULL, json_pack("{s:s}", "id", "s0"), NULL, &d);
	cl_state_put(st, "aws_subnet.s[1]", NULL, json_pack("{s:s}", "id", "s1"), NULL, &d);
	cl_state_put(st, "module.net.aws_vpc.v", NULL, json_pack("{s:s}", "id", "v"), NULL, &d);
	ok(cl_state_move(st, "aws_subnet.s[1]", "aws_subnet.t[\"b\"]", &d), "mv instance");
	ok(cl_state_move(st, "aws_subnet.s", "module.net.aws_subnet.s", &d), "mv resource into a module");
	ok(cl_state_move(st, "module.net", "module.network[0]", &d), "mv module");
	ok(d.nerrors == 0, "no errors so far");
	ok(!cl_state_move(st, "aws_subnet.t[\"b\"]", "aws_vpc.t", &d), "mv across types refused");
	ok(!cl_state_move(st, "aws_subnet.zz", "aws_subnet.yy", &d), "mv of nothing refused");
	v = cl_state_list(st, &n);
	cl_buf all = CL_BUF_INIT;
	for (size_t i = 0; i < n; i++)
		cl_buf_printf(&all, "%s ", v[i]);
	is_str(cl_buf_str(&all), "aws_db.x aws_launch_configuration.app aws_subnet.t[\"b\"] "
	       "module.network[0].aws_subnet.s[0] module.network[0].aws_vpc.v ", "after the moves");
	cl_buf_free(&all);
	cl_state_list_free(v, n);
	ok(cl_state_forget(st, "aws_subnet.t[\"b\"]"), "forget");
	ok(!cl_state_forget(st, "aws_subnet.t[\"b\"]"), "forget twice: nothing");
	cl_arena_free(&ar);
	cl_diags_free(&d);
	cl_state_free(st);
}

static void test_versions(void)
{
	cl_diags d = { 0 };
	cl_state *st;
	ok(!cl_state_read("tests/unit/data/state/v3.tfstate", &st, &d), "version 3 refused");
	ok(d.n && strstr(d.v[0].msg, "version 3") && d.v[0].hint && strstr(d.v[0].hint, "terraform 0.12+"),
	   "with the upgrade hint");
	cl_diags_print(stdout, &d, false);
	cl_diags_free(&d);
	ok(!cl_state_read("tests/unit/data/state/v5.tfstate", &st, &d) && d.n && strstr(d.v[0].msg, "newer"),
	   "version 5 refused as newer");
	cl_diags_free(&d);
	ok(!cl_state_read("tests/unit/data/state/broken.tfstate", &st, &d) && d.n && d.v[0].range.src,
	   "truncated JSON: an error with a position");
	cl_diags_print(stdout, &d, false);
	cl_diags_free(&d);
	FILE *f = fopen(tmp("empty.tfstate"), "w");
	fclose(f);
	ok(cl_state_read(tmp("empty.tfstate"), &st, &d) && st->nres == 0, "an empty file is an empty state");
	cl_state_free(st);
}

static void test_addresses(void)
{
	const char *rt[] = {
		"aws_vpc.main", "aws_subnet.public[1]", "module.net.aws_vpc.this", "data.aws_ami.x",
		"module.a[\"x\"].aws_b.c[2]", "module.a[0].module.b.data.aws_ami.y[\"k\\\"q\"]", "module.net",
		"network.main.aws_vpc.this", "aws_x.y[-1]",
	};
	cl_arena a;
	cl_arena_init(&a);
	for (size_t i = 0; i < sizeof rt / sizeof *rt; i++) {
		cl_addr x;
		const char *err = NULL;
		bool p = cl_addr_parse(&a, rt[i], &x, &err);
		cl_buf b = CL_BUF_INIT;
		if (p)
			cl_addr_print(&b, &x);
		is_str(p ? cl_buf_str(&b) : err, rt[i], "address round trip");
		cl_buf_free(&b);
	}
	cl_addr x;
	const char *err;
	ok(cl_addr_parse(&a, "module.a[\"x\"].aws_b.c[2]", &x, &err) && !strcmp(x.module, "module.a[\"x\"]") &&
	   !strcmp(x.type, "aws_b") && !strcmp(x.name, "c") && x.key.kind == CL_KEY_INT && x.key.i == 2, "parts");
	const char *badv[] = { "", "aws_vpc", "aws_vpc.", "aws_vpc.main[", "aws_vpc.main[x]", "aws_vpc[0].main",
	                       "module.a.b", "aws_vpc.main extra" };
	for (size_t i = 0; i < sizeof badv / sizeof *badv; i++)
		ok(!cl_addr_parse(&a, badv[i], &x, &err) && strstr(err, "invalid address"), badv[i][0] ? badv[i] : "(empty)");
	struct { const char *f, *x; bool m; } mt[] = {
		{ "aws_subnet.public", "aws_subnet.public[1]", true },
		{ "aws_subnet.public[0]", "aws_subnet.public[1]", false },
		{ "aws_subnet.public", "module.net.aws_subnet.public[1]", false },
		{ "module.net", "module.net.aws_subnet.public[1]", true },
		{ "module.net", "module.network.aws_vpc.x", false },
		{ "module.a", "module.a[\"x\"].aws_b.c", true },
		{ "network.main", "network.main.aws_vpc.this", true },
		{ "data.aws_ami.x", "aws_ami.x", false },
	};
	for (size_t i = 0; i < sizeof mt / sizeof *mt; i++) {
		cl_addr f;
		cl_addr_parse(&a, mt[i].f, &f, &err);
		cl_addr_parse(&a, mt[i].x, &x, &err);
		char name[128];
		snprintf(name, sizeof name, "%s %s %s", mt[i].f, mt[i].m ? "selects" : "does not select", mt[i].x);
		ok(cl_addr_match(&f, &x) == mt[i].m, name);
	}
	cl_arena_free(&a);
}

/* state show with a registered schema: its sensitive flag and blocks. */
static const cl_schema_attr listener_attrs[] = {
	{ "port", CL_AT_NUMBER, CL_AT_NUMBER, CL_SA_REQUIRED, NULL, NULL },
	{ NULL },
};
static const cl_schema listener_schema = { listener_attrs, NULL };
static const cl_schema_attr fake_attrs[] = {
	{ "id", CL_AT_STRING, CL_AT_STRING, CL_SA_COMPUTED, NULL, NULL },
	{ "password", CL_AT_STRING, CL_AT_STRING, CL_SA_OPTIONAL | CL_SA_SENSITIVE, NULL, NULL },
	{ NULL },
};
static const cl_schema_block fake_blocks[] = {
	{ "listener", CL_NEST_LIST, 0, 0, 0, &listener_schema },
	{ "health_check", CL_NEST_LIST, 0, 1, 0, &listener_schema },
	{ NULL },
};
static const cl_schema fake_schema = { fake_attrs, fake_blocks };
static const cl_resource_type fake_type = { "aws_fake", false, &fake_schema, 0, false, NULL };

static void test_show_schema(void)
{
	cl_schema_register(&fake_type);
	cl_diags d = { 0 };
	cl_state *st = cl_state_new();
	cl_state_put(st, "aws_fake.x", NULL,
	             json_pack("{s:s,s:s,s:[{s:i},{s:i}],s:[]}", "id", "f-1", "password", "pw", "listener", "port", 80,
	                       "port", 443, "health_check"), NULL, &d);
	cl_state_write(st, tmp("show.tfstate"), &d);
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	const char *args[] = { "aws_fake.x" };
	cl_state_cmd_opts o = { .state_path = tmp("show.tfstate"), .args = args, .nargs = 1 };
	is_int(cl_state_cmd_show(&o, f, stdout), 0, "show with a schema");
	fclose(f);
	is_str(out, "# aws_fake.x:\n"
	       "resource \"aws_fake\" \"x\" {\n"
	       "    id       = \"f-1\"\n"
	       "    password = (sensitive value)\n"
	       "\n"
	       "    listener {\n"
	       "        port = 80\n"
	       "    }\n"
	       "    listener {\n"
	       "        port = 443\n"
	       "    }\n"
	       "}\n", "schema: sensitive attribute hidden, blocks rendered, empty block omitted");
	free(out);
	cl_state_free(st);
	cl_diags_free(&d);
}

static double ms_since(struct timespec t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
}

static void bench(void)
{
	cl_diags d = { 0 };
	cl_state *st = cl_state_new();
	for (int i = 0; i < 2000; i++) {
		char addr[64], id[32];
		snprintf(addr, sizeof addr, "module.m%d.aws_instance.web[%d]", i / 100, i % 100);
		snprintf(id, sizeof id, "i-%017x", i);
		json_t *attrs = json_pack("{s:s,s:s,s:s,s:b,s:i,s:s,s:[s,s],s:{s:s,s:s}}", "ami", "ami-0abcdef1234567890",
		                          "id", id, "instance_type", "t2.micro", "source_dest_check", 1, "cpu_core_count", 1,
		                          "subnet_id", "subnet-0123456789abcdef0", "vpc_security_group_ids", "sg-0aaa",
		                          "sg-0bbb", "tags", "Name", "web", "clicamosc:address", addr);
		cl_state_put(st, addr, NULL, attrs, NULL, &d);
	}
	struct timespec t0, c0, c1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
	ok(cl_state_write(st, tmp("big.tfstate"), &d), "2,000-instance state written");
	double ms = ms_since(t0);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
	struct stat s;
	stat(tmp("big.tfstate"), &s);
	printf("# 2,000 instances: write %.1f ms (%.1f ms CPU), %lld bytes\n", ms,
	       (c1.tv_sec - c0.tv_sec) * 1e3 + (c1.tv_nsec - c0.tv_nsec) / 1e6, (long long)s.st_size);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	cl_state *back;
	ok(cl_state_read(tmp("big.tfstate"), &back, &d) && back->nres == 20, "and read back");
	printf("# 2,000 instances: read %.1f ms\n", ms_since(t0));
	cl_state_free(back);
	cl_state_free(st);
	cl_diags_free(&d);
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	test_round_trip();
	test_serial_backup_modes();
	test_atomic();
	test_threads();
	test_objects();
	test_versions();
	test_addresses();
	test_show_schema();
	bench();
	forget_slurps();
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		return 1;
	return tap_done();
}
