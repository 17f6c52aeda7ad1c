/* journal.c: the intent journal's file handling.  Each record is one
 * write(2) of one line on an O_APPEND descriptor, then fsync, so records
 * never interleave and a kill can tear at most the last line.  Which
 * intents are open is kept in memory as well, to know at close whether the
 * file can go. */
#include "executor/journal.h"
#include "util/file.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <pthread.h>
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

struct cl_journal {
	pthread_mutex_t mu;
	int fd;
	char *path;
	cl_intent *found;           /* open at cl_journal_open */
	size_t nfound;
	size_t open;                /* intents without a done record, found ones included */
};

static void intent_free(cl_intent *it)
{
	free(it->address);
	free(it->type);
	free(it->lineage);
	free(it->time);
}

static const char *member(const json_t *j, const char *k)
{
	const char *s = json_string_value(json_object_get(j, k));
	return s ? s : "";
}

/* One line: an intent joins the list, a done removes its intent. */
static bool apply_line(cl_journal *j, const char *line, size_t len, size_t *cap)
{
	json_t *r = json_loadb(line, len, 0, NULL);
	const char *op = member(r, "op"), *token = member(r, "token");
	bool ok = r && *token && strlen(token) < 37 && (!strcmp(op, "intent") || !strcmp(op, "done"));
	if (ok && !strcmp(op, "intent")) {
		if (j->nfound == *cap) {
			*cap = *cap ? 2 * *cap : 8;
			j->found = cl_xrealloc(j->found, *cap * sizeof *j->found);
		}
		cl_intent *it = &j->found[j->nfound++];
		snprintf(it->token, sizeof it->token, "%s", token);
		it->address = cl_xstrdup(member(r, "address"));
		it->type = cl_xstrdup(member(r, "type"));
		it->lineage = cl_xstrdup(member(r, "lineage"));
		it->time = cl_xstrdup(member(r, "time"));
	} else if (ok) {
		for (size_t i = 0; i < j->nfound; i++)
			if (!strcmp(j->found[i].token, token)) {
				intent_free(&j->found[i]);
				memmove(j->found + i, j->found + i + 1, (j->nfound - i - 1) * sizeof *j->found);
				j->nfound--;
				break;
			}
	}
	json_decref(r);
	return ok;
}

/* Reads what the file holds; returns the length of its whole lines, to
 * which a torn tail is cut. */
static off_t replay(cl_journal *j, cl_diags *d)
{
	cl_buf b = CL_BUF_INIT;
	char chunk[65536];
	ssize_t n;
	while ((n = pread(j->fd, chunk, sizeof chunk, (off_t)b.len)) > 0)
		cl_buf_add(&b, chunk, (size_t)n);
	size_t cap = 0, lineno = 0, at = 0;
	while (at < b.len) {
		char *nl = memchr(b.data + at, '\n', b.len - at);
		lineno++;
		if (!nl) {
			cl_diag_warning(d, CL_NOWHERE, "%s: ignoring its last record, which is incomplete (a command was killed "
			                "while writing it)", j->path);
			break;
		}
		size_t len = (size_t)(nl - (b.data + at));
		if (len && !apply_line(j, b.data + at, len, &cap))
			cl_diag_warning(d, CL_NOWHERE, "%s:%zu: ignoring a malformed record", j->path, lineno);
		at += len + 1;
	}
	cl_buf_free(&b);
	return (off_t)at;
}

cl_journal *cl_journal_open(const char *state_path, cl_diags *d)
{
	cl_journal *j = cl_xcalloc(1, sizeof *j);
	cl_buf p = CL_BUF_INIT;
	cl_buf_printf(&p, "%s.journal", state_path);
	j->path = cl_buf_steal(&p);
	bool existed = access(j->path, F_OK) == 0;
	j->fd = cl_file_open_private(j->path, O_APPEND);
	if (j->fd < 0) {
		cl_diag_error(d, CL_NOWHERE, "cannot open the journal %s: %s", j->path, cl_file_strerror(errno));
		free(j->path);
		free(j);
		return NULL;
	}
	pthread_mutex_init(&j->mu, NULL);
	off_t whole = replay(j, d);
	struct stat s;
	if (fstat(j->fd, &s) == 0 && s.st_size != whole && ftruncate(j->fd, whole) < 0)
		cl_diag_warning(d, CL_NOWHERE, "cannot cut the torn record off %s: %s", j->path, strerror(errno));
	j->open = j->nfound;
	if (!existed) {        /* the new name must survive a crash too */
		char *dir = cl_xstrdup(j->path), *slash = strrchr(dir, '/');
		if (slash)
			*slash = 0;
		int dfd = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd >= 0) {
			fsync(dfd);
			close(dfd);
		}
		free(dir);
	}
	return j;
}

const cl_intent *cl_journal_open_intents(const cl_journal *j, size_t *n)
{
	*n = j->nfound;
	return j->found;
}

static bool append(cl_journal *j, json_t *rec, cl_diags *d)
{
	cl_buf b = CL_BUF_INIT;
	cl_jsonw(&b, rec, false);
	cl_buf_putc(&b, '\n');
	json_decref(rec);
	bool ok = write(j->fd, b.data, b.len) == (ssize_t)b.len && fsync(j->fd) == 0;
	if (!ok)
		cl_diag_error(d, CL_NOWHERE, "cannot write the journal %s: %s", j->path, strerror(errno));
	cl_buf_free(&b);
	return ok;
}

bool cl_journal_intent(cl_journal *j, const char *address, const char *type, const char *lineage,
                       char token[37], cl_diags *d)
{
	cl_uuid(token);
	char now[32];
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
	json_t *rec = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}", "op", "intent", "token", token, "address", address,
	                        "type", type, "lineage", lineage, "time", now);
	pthread_mutex_lock(&j->mu);
	bool ok = append(j, rec, d);
	if (ok)
		j->open++;
	pthread_mutex_unlock(&j->mu);
	return ok;
}

bool cl_journal_done(cl_journal *j, const char *token, const char *outcome, cl_diags *d)
{
	json_t *rec = json_pack("{s:s,s:s,s:s}", "op", "done", "token", token, "outcome", outcome);
	pthread_mutex_lock(&j->mu);
	bool ok = append(j, rec, d);
	if (ok && j->open)
		j->open--;
	pthread_mutex_unlock(&j->mu);
	return ok;
}

void cl_journal_close(cl_journal *j)
{
	if (!j)
		return;
	if (!j->open)
		unlink(j->path);
	close(j->fd);
	for (size_t i = 0; i < j->nfound; i++)
		intent_free(&j->found[i]);
	free(j->found);
	free(j->path);
	pthread_mutex_destroy(&j->mu);
	free(j);
}
