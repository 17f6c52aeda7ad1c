/* lock.c: the state lock.  Open-file-description locks (F_OFD_SETLK), not
 * classic POSIX ones: they belong to this open file, so a second acquire in
 * the same process fails as it should and closing an unrelated descriptor
 * does not drop them.  Release unlinks the info file before closing; an
 * acquirer that locked a just-unlinked file notices the inode change and
 * tries again. */
#include "executor/lock.h"
#include "util/file.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "executor/jsonw.h"
#include "executor/state.h"
#include "util/buf.h"
#include "util/fatal.h"

struct cl_lock {
	int fd;
	char *info_path;
	char id[37];
};

static char *info_path(const char *state_path)
{
	size_t n = strlen(state_path) + sizeof ".lock.info";
	char *p = cl_xmalloc(n);
	snprintf(p, n, "%s.lock.info", state_path);
	return p;
}

static long now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000L + t.tv_nsec / 1000000L;
}

/* Go's time.Time in JSON: RFC 3339, UTC, nanoseconds without trailing zeros. */
static void rfc3339_now(char out[40])
{
	struct timespec t;
	clock_gettime(CLOCK_REALTIME, &t);
	struct tm tm;
	gmtime_r(&t.tv_sec, &tm);
	size_t n = strftime(out, 40, "%Y-%m-%dT%H:%M:%S", &tm);
	if (t.tv_nsec) {
		char frac[16];
		snprintf(frac, sizeof frac, ".%09ld", t.tv_nsec);
		for (size_t k = strlen(frac); frac[k - 1] == '0'; k--)
			frac[k - 1] = 0;
		n += (size_t)snprintf(out + n, 40 - n, "%s", frac);
	}
	snprintf(out + n, 40 - n, "Z");
}

static void who(char *out, size_t n)
{
	struct passwd *pw = getpwuid(geteuid());
	const char *user = pw ? pw->pw_name : getenv("USER");
	char host[256] = "localhost";
	gethostname(host, sizeof host - 1);
	snprintf(out, n, "%s@%s", user ? user : "unknown", host);
}

char *cl_lock_info(const char *id, const char *operation, const char *path)
{
	char w[512], created[40];
	who(w, sizeof w);
	rfc3339_now(created);
	json_t *j = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "ID", id, "Operation", operation, "Info", "",
	                      "Who", w, "Version", CL_STATE_TF_VERSION, "Created", created, "Path", path);
	cl_buf b = CL_BUF_INIT;
	cl_jsonw(&b, j, false);
	json_decref(j);
	return cl_buf_steal(&b);
}

static json_t *read_info(const char *path)
{
	return json_load_file(path, 0, NULL);
}

static const char *field(const json_t *j, const char *k)
{
	const char *s = json_string_value(json_object_get(j, k));
	return s && *s ? s : "?";
}

void cl_lock_held(cl_diags *d, const char *where, const json_t *j)
{
	/* "OperationTypeApply" reads as "apply". */
	const char *o = field(j, "Operation");
	char op[64];
	snprintf(op, sizeof op, "%s", !strncmp(o, "OperationType", 13) && o[13] ? o + 13 : o);
	op[0] = (char)tolower((unsigned char)op[0]);
	cl_diag_error(d, CL_NOWHERE, "the state %s is locked by %s (%s, since %s; lock ID %s)", where,
	              field(j, "Who"), op, field(j, "Created"), field(j, "ID"));
	cl_diag_hint(d, "wait for that command to finish, or pass -lock-timeout=DURATION to wait for it; if it is no "
	             "longer running: clicamosc force-unlock %s", field(j, "ID"));
}

static void held(const char *state_path, const char *ipath, cl_diags *d)
{
	json_t *j = read_info(ipath);
	if (!j) {
		cl_diag_error(d, CL_NOWHERE, "the state %s is locked by another command (its lock info is not written yet)",
		              state_path);
		cl_diag_hint(d, "wait for it to finish, or pass -lock-timeout=DURATION to wait for it");
		return;
	}
	cl_lock_held(d, state_path, j);
	json_decref(j);
}

cl_lock *cl_lock_acquire(const char *state_path, const char *operation, long timeout_ms, cl_diags *d)
{
	char *ipath = info_path(state_path);
	long deadline = now_ms() + (timeout_ms > 0 ? timeout_ms : 0), delay = 50;
	for (;;) {
		int fd = cl_file_open_private(ipath, 0);
		if (fd < 0) {
			cl_diag_error(d, CL_NOWHERE, "cannot create the lock file %s: %s", ipath, cl_file_strerror(errno));
			free(ipath);
			return NULL;
		}
		struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
		if (fcntl(fd, F_OFD_SETLK, &fl) == 0) {
			struct stat a, b;
			if (fstat(fd, &a) == 0 && stat(ipath, &b) == 0 && a.st_ino == b.st_ino && a.st_dev == b.st_dev) {
				cl_lock *l = cl_xcalloc(1, sizeof *l);
				l->fd = fd;
				l->info_path = ipath;
				cl_uuid(l->id);
				char *text = cl_lock_info(l->id, operation, state_path);
				size_t n = strlen(text);
				if (ftruncate(fd, 0) < 0 || pwrite(fd, text, n, 0) != (ssize_t)n || fsync(fd) < 0)
					cl_diag_warning(d, CL_NOWHERE, "cannot write the lock info %s: %s", ipath, strerror(errno));
				free(text);
				return l;
			}
			close(fd);     /* its holder released (unlinked) it meanwhile */
			continue;
		}
		int e = errno;
		close(fd);
		if (e != EAGAIN && e != EACCES) {
			cl_diag_error(d, CL_NOWHERE, "cannot lock %s: %s", ipath, strerror(e));
			free(ipath);
			return NULL;
		}
		long left = deadline - now_ms();
		if (left <= 0) {
			held(state_path, ipath, d);
			free(ipath);
			return NULL;
		}
		struct timespec ts = { 0, (delay < left ? delay : left) * 1000000L };
		nanosleep(&ts, NULL);
		delay = delay * 2 > 1000 ? 1000 : delay * 2;
	}
}

const char *cl_lock_id(const cl_lock *l)
{
	return l->id;
}

void cl_lock_release(cl_lock *l)
{
	if (!l)
		return;
	unlink(l->info_path);    /* before close: nobody may lock it after us */
	close(l->fd);
	free(l->info_path);
	free(l);
}

bool cl_lock_force_unlock(const char *state_path, const char *id, cl_diags *d)
{
	char *ipath = info_path(state_path);
	json_t *j = read_info(ipath);
	bool ok = false;
	if (!j && access(ipath, F_OK) != 0) {
		cl_diag_error(d, CL_NOWHERE, "the state %s is not locked (no %s)", state_path, ipath);
	} else if (!j || strcmp(field(j, "ID"), id)) {
		cl_diag_error(d, CL_NOWHERE, "lock ID \"%s\" does not match the lock of %s (ID \"%s\")", id, state_path,
		              j ? field(j, "ID") : "unreadable");
		cl_diag_hint(d, "the lock's ID is in %s and in the message of the command that found it held", ipath);
	} else if (unlink(ipath) < 0) {
		cl_diag_error(d, CL_NOWHERE, "cannot remove %s: %s", ipath, strerror(errno));
	} else {
		ok = true;
	}
	json_decref(j);
	free(ipath);
	return ok;
}
