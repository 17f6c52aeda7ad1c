/* test_journal: intent and done records, the intents a killed command
 * leaves open, a torn last record, concurrent writers, and the file going
 * away once nothing is open. */
#include "tap.h"

#include <jansson.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "executor/journal.h"

static char dir[] = "/tmp/test_journal.XXXXXX";
static char state[300], path[320];

static long size_of(const char *p)
{
	struct stat s;
	return stat(p, &s) == 0 ? (long)s.st_size : -1;
}

static void test_records(void)
{
	cl_diags d = { 0 };
	cl_journal *j = cl_journal_open(state, &d);
	size_t n;
	cl_journal_open_intents(j, &n);
	ok(j && n == 0 && d.n == 0, "a new journal has no open intents");
	struct stat s;
	ok(stat(path, &s) == 0 && (s.st_mode & 0777) == 0600, "created 0600");
	char ta[37], tb[37];
	ok(cl_journal_intent(j, "aws_vpc.main", "aws_vpc", "lin-1", ta, &d), "intent A");
	ok(cl_journal_intent(j, "module.net.aws_subnet.public[0]", "aws_subnet", "lin-1", tb, &d), "intent B");
	ok(strlen(ta) == 36 && strcmp(ta, tb), "fresh tokens");
	ok(cl_journal_done(j, ta, "created", &d), "done A");
	cl_journal_close(j);
	ok(access(path, F_OK) == 0, "the journal stays while an intent is open");

	FILE *f = fopen(path, "r");
	char line[512] = "";
	ok(f && fgets(line, sizeof line, f) && !strncmp(line, "{\"op\":\"intent\",\"token\":\"", 24) &&
	   strstr(line, "\"address\":\"aws_vpc.main\",\"type\":\"aws_vpc\",\"lineage\":\"lin-1\",\"time\":\"20"),
	   "intent records are JSON lines");
	if (f)
		fclose(f);

	j = cl_journal_open(state, &d);
	const cl_intent *it = cl_journal_open_intents(j, &n);
	ok(n == 1 && !strcmp(it[0].token, tb) && !strcmp(it[0].address, "module.net.aws_subnet.public[0]") &&
	   !strcmp(it[0].type, "aws_subnet") && !strcmp(it[0].lineage, "lin-1"), "B is open after a reopen");
	cl_journal_close(j);
	cl_diags_free(&d);
}

static void test_crash(void)
{
	/* A child writes an intent and is killed at once: the record is there. */
	int p[2];
	if (pipe(p) < 0)
		return;
	pid_t pid = fork();
	if (pid == 0) {
		cl_diags d = { 0 };
		cl_journal *j = cl_journal_open(state, &d);
		char t[37];
		cl_journal_intent(j, "aws_instance.nat", "aws_instance", "lin-1", t, &d);
		if (write(p[1], "y", 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	char c;
	if (read(p[0], &c, 1) != 1)
		c = 0;
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	close(p[0]);
	close(p[1]);
	cl_diags d = { 0 };
	cl_journal *j = cl_journal_open(state, &d);
	size_t n;
	const cl_intent *it = cl_journal_open_intents(j, &n);
	ok(n == 2 && !strcmp(it[1].address, "aws_instance.nat"), "the killed command's intent is open");
	cl_journal_close(j);

	/* A torn last record. */
	long whole = size_of(path);
	FILE *f = fopen(path, "a");
	fputs("{\"op\":\"intent\",\"token\":\"7d1c", f);
	fclose(f);
	j = cl_journal_open(state, &d);
	it = cl_journal_open_intents(j, &n);
	ok(n == 2, "a torn last record is ignored");
	ok(d.nwarnings == 1 && strstr(d.v[0].msg, "incomplete"), "with a warning");
	cl_diags_print(stdout, &d, false);
	ok(size_of(path) == whole, "and cut off");
	char t[37];
	cl_journal_intent(j, "aws_eip.nat", "aws_eip", "lin-1", t, &d);
	cl_journal_close(j);
	cl_diags_free(&d);
	j = cl_journal_open(state, &d);
	it = cl_journal_open_intents(j, &n);
	ok(n == 3 && d.n == 0 && !strcmp(it[2].address, "aws_eip.nat"), "records after it read cleanly");

	/* A garbled record in the middle. */
	cl_journal_close(j);
	f = fopen(path, "a");
	fputs("garbage\n", f);
	fclose(f);
	j = cl_journal_open(state, &d);
	ok(d.nwarnings == 1 && strstr(d.v[0].msg, ":6: ignoring a malformed record"), "a malformed line is named");
	cl_diags_free(&d);

	it = cl_journal_open_intents(j, &n);
	char tokens[3][37];
	for (size_t i = 0; i < n && i < 3; i++)
		strcpy(tokens[i], it[i].token);
	for (size_t i = 0; i < n && i < 3; i++)
		cl_journal_done(j, tokens[i], i ? "adopted" : "absent", &d);
	cl_journal_close(j);
	ok(access(path, F_OK) != 0, "closed with nothing open: the journal is gone");
	cl_diags_free(&d);
}

enum { THREADS = 8, EACH = 50 };

static void *work(void *arg)
{
	cl_journal *j = arg;
	for (int i = 0; i < EACH; i++) {
		cl_diags d = { 0 };
		char t[37], addr[64];
		snprintf(addr, sizeof addr, "aws_instance.x[%d]", i);
		cl_journal_intent(j, addr, "aws_instance", "lin-2", t, &d);
		if (i % 10)      /* every tenth stays open */
			cl_journal_done(j, t, "created", &d);
		cl_diags_free(&d);
	}
	return NULL;
}

static void test_threads(void)
{
	cl_diags d = { 0 };
	cl_journal *j = cl_journal_open(state, &d);
	pthread_t t[THREADS];
	for (int i = 0; i < THREADS; i++)
		pthread_create(&t[i], NULL, work, j);
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	cl_journal_close(j);
	j = cl_journal_open(state, &d);
	size_t n;
	cl_journal_open_intents(j, &n);
	ok(n == THREADS * EACH / 10 && d.n == 0, "concurrent writers: every record whole, the right ones open");
	cl_journal_close(j);
	cl_diags_free(&d);
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	snprintf(state, sizeof state, "%s/clicamosc.tfstate", dir);
	snprintf(path, sizeof path, "%s.journal", state);
	test_records();
	test_crash();
	test_threads();
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		return 1;
	return tap_done();
}
