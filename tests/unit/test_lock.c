/* test_lock: the state lock across processes: a held lock names its
 * holder, -lock-timeout waits then fails (or succeeds when the holder
 * lets go), a killed holder's lock is free, force-unlock checks the ID;
 * and the Go duration parser. */
#include "tap.h"

#include <jansson.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "executor/lock.h"
#include "util/clock.h"

static char dir[] = "/tmp/test_lock.XXXXXX";
static char state[300], info[320];

static long now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000L + t.tv_nsec / 1000000L;
}

/* A child that takes the lock, says so on the pipe, and holds it for
 * hold_ms (forever when < 0). */
static pid_t holder(long hold_ms)
{
	int p[2];
	if (pipe(p) < 0)
		exit(1);
	pid_t pid = fork();
	if (pid == 0) {
		close(p[0]);
		cl_diags d = { 0 };
		cl_lock *l = cl_lock_acquire(state, CL_LOCK_APPLY, 0, &d);
		if (write(p[1], l ? "y" : "n", 1) != 1)
			_exit(1);
		if (hold_ms < 0)
			for (;;)
				pause();
		usleep((useconds_t)hold_ms * 1000);
		cl_lock_release(l);
		_exit(0);
	}
	close(p[1]);
	char c = 0;
	if (read(p[0], &c, 1) != 1 || c != 'y')
		printf("# the child could not take the lock\n");
	close(p[0]);
	return pid;
}

static char *info_id(void)
{
	json_t *j = json_load_file(info, 0, NULL);
	char *id = j ? strdup(json_string_value(json_object_get(j, "ID"))) : NULL;
	json_decref(j);
	return id;
}

static void test_held(void)
{
	pid_t pid = holder(-1);
	char *id = info_id();
	ok(id && strlen(id) == 36, "the holder wrote its lock info");
	char *text = NULL;
	FILE *f = fopen(info, "r");
	if (f) {
		char buf[1024] = "";
		if (fgets(buf, sizeof buf, f))
			text = strdup(buf);
		fclose(f);
	}
	ok(text && !strncmp(text, "{\"ID\":\"", 7) && strstr(text, "\",\"Operation\":\"OperationTypeApply\",\"Info\":\"\",\"Who\":\""),
	   "lock info in Terraform's field order, compact");
	ok(text && strstr(text, "\"Created\":\"20") && strstr(text, "Z\",\"Path\":\""), "Created is RFC 3339 UTC");

	cl_diags d = { 0 };
	cl_lock *l = cl_lock_acquire(state, CL_LOCK_PLAN, 0, &d);
	ok(!l && d.nerrors == 1, "a second process cannot take it");
	const char *msg = d.n ? d.v[0].msg : "";
	ok(strstr(msg, "@") && strstr(msg, "(apply, since") && id && strstr(msg, id), "the message names who, what and the ID");
	ok(d.n && d.v[0].hint && strstr(d.v[0].hint, "force-unlock") && strstr(d.v[0].hint, "-lock-timeout"),
	   "and says how to proceed");
	cl_diags_print(stdout, &d, false);
	cl_diags_free(&d);

	long t0 = now_ms();
	l = cl_lock_acquire(state, CL_LOCK_PLAN, 400, &d);
	long waited = now_ms() - t0;
	ok(!l && waited >= 400 && waited < 3000, "-lock-timeout waits, then fails");
	printf("# waited %ld ms\n", waited);
	cl_diags_free(&d);

	ok(!cl_lock_force_unlock(state, "00000000-0000-4000-8000-000000000000", &d) && d.nerrors &&
	   strstr(d.v[0].msg, "does not match"), "force-unlock with a wrong ID is refused");
	cl_diags_free(&d);
	ok(access(info, F_OK) == 0, "the lock info stays");

	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	ok(access(info, F_OK) == 0, "a killed holder leaves its lock info behind");
	l = cl_lock_acquire(state, CL_LOCK_APPLY, 0, &d);
	ok(l != NULL, "but its lock is free");
	char *id2 = info_id();
	ok(l && id2 && !strcmp(id2, cl_lock_id(l)) && strcmp(id2, id), "and the info is rewritten");

	cl_diags d2 = { 0 };
	ok(!cl_lock_acquire(state, CL_LOCK_APPLY, 0, &d2), "the same process cannot take it twice");
	cl_diags_free(&d2);
	cl_lock_release(l);
	ok(access(info, F_OK) != 0, "release removes the lock info");
	cl_diags_free(&d);
	free(id);
	free(id2);
	free(text);
}

static void test_wait_then_take(void)
{
	pid_t pid = holder(300);
	cl_diags d = { 0 };
	long t0 = now_ms();
	cl_lock *l = cl_lock_acquire(state, CL_LOCK_APPLY, 5000, &d);
	long waited = now_ms() - t0;
	ok(l && waited >= 150, "-lock-timeout takes the lock once the holder lets go");
	printf("# waited %ld ms\n", waited);
	cl_lock_release(l);
	waitpid(pid, NULL, 0);
	cl_diags_free(&d);
}

static void test_force_unlock(void)
{
	cl_diags d = { 0 };
	ok(!cl_lock_force_unlock(state, "x", &d) && d.nerrors && strstr(d.v[0].msg, "not locked"),
	   "force-unlock without a lock says so");
	cl_diags_free(&d);
	pid_t pid = holder(-1);
	char *id = info_id();
	ok(id && cl_lock_force_unlock(state, id, &d), "force-unlock with the right ID");
	ok(access(info, F_OK) != 0, "removes the lock info");
	cl_lock *l = cl_lock_acquire(state, CL_LOCK_APPLY, 0, &d);
	ok(l != NULL, "and the lock can be taken again");
	cl_lock_release(l);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	free(id);
	cl_diags_free(&d);
}

static void test_durations(void)
{
	struct { const char *s; long ms; } good[] = {
		{ "30s", 30000 }, { "2m", 120000 }, { "1h30m", 5400000 }, { "500ms", 500 }, { "1.5s", 1500 },
		{ "0", 0 }, { "0s", 0 }, { "1m30s", 90000 },
	};
	for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
		long ms = -1;
		char name[64];
		snprintf(name, sizeof name, "duration %s", good[i].s);
		ok(cl_duration_parse(good[i].s, &ms) && ms == good[i].ms, name);
	}
	const char *bad[] = { "", "10", "5x", "-1s", "s", "1.5" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		long ms;
		char name[64];
		snprintf(name, sizeof name, "not a duration: \"%s\"", bad[i]);
		ok(!cl_duration_parse(bad[i], &ms), name);
	}
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	snprintf(state, sizeof state, "%s/clicamosc.tfstate", dir);
	snprintf(info, sizeof info, "%s.lock.info", state);
	test_held();
	test_wait_then_take();
	test_force_unlock();
	test_durations();
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		return 1;
	return tap_done();
}
