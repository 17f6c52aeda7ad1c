/* backend.c: the local and S3 state backends (see backend.h).  Local is
 * state.c and lock.c unchanged; S3 keeps the state as one object and
 * locks with Terraform's DynamoDB item (LockID "bucket/key", Info: the
 * lock info JSON) and/or its lock file (key.tflock, If-None-Match: *). */
#include "executor/backend.h"
#include "executor/aws/dynamodb.h"
#include "executor/aws/s3.h"
#include "executor/jsonw.h"
#include "executor/lock.h"
#include "util/fatal.h"
#include "util/file.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define ERRORED_PATH "errored.tfstate"
#define LOCK_POLL_MS 1000

struct cl_state_backend {
	char *where;
	/* local */
	char *path;
	cl_lock *flock;
	/* s3 */
	aws_config cfg;
	bool have_cfg;
	aws_s3 s3;
	char *bucket, *key, *lockfile, *lock_item, *table;
	bool encrypt;
	char lock_id[37];          /* "" when not held */
};

static const char *str(const json_t *c, const char *k)
{
	const char *s = json_string_value(json_object_get(c, k));
	return s && *s ? s : NULL;
}

static bool flag(const json_t *c, const char *k)
{
	const json_t *v = json_object_get(c, k);
	return json_is_true(v) || (json_is_string(v) && !strcmp(json_string_value(v), "true"));
}

static bool check_keys(const char *type, const json_t *c, const char *const *known, cl_diags *d)
{
	const char *k;
	json_t *v;
	bool ok = true;
	json_object_foreach((json_t *)c, k, v) {
		const char *const *p = known;
		while (*p && strcmp(*p, k))
			p++;
		if (!*p) {
			cl_diag_error(d, CL_NOWHERE, "backend \"%s\": unknown setting \"%s\"", type, k);
			ok = false;
		}
	}
	return ok;
}

static bool open_s3(cl_state_backend *b, const json_t *c, cl_diags *d)
{
	static const char *const known[] = { "bucket", "key", "region", "dynamodb_table", "use_lockfile", "encrypt",
		"workspace_key_prefix", "profile", "endpoints", "use_path_style", "force_path_style", "access_key",
		"secret_key", "token", "workspace", NULL };
	if (!check_keys("s3", c, known, d))
		return false;
	const char *bucket = str(c, "bucket"), *key = str(c, "key");
	if (!bucket || !key || !str(c, "region")) {
		cl_diag_error(d, CL_NOWHERE, "backend \"s3\": %s is required", !bucket ? "bucket" : !key ? "key" : "region");
		cl_diag_hint(d, "set it in the backend block or with -backend-config=NAME=VALUE on clicamosc init");
		return false;
	}
	const json_t *ep = json_object_get(c, "endpoints");
	aws_settings s = { .region = str(c, "region"), .profile = str(c, "profile"), .access_key = str(c, "access_key"),
	                   .secret_key = str(c, "secret_key"), .token = str(c, "token") };
	s.endpoints[AWS_S3] = str(ep, "s3");
	s.endpoints[AWS_DYNAMODB] = str(ep, "dynamodb");
	if (!aws_config_load(&b->cfg, &s, d))
		return false;
	b->have_cfg = true;
	if (!aws_s3_init(&b->s3, &b->cfg, flag(c, "use_path_style") || flag(c, "force_path_style"), d))
		return false;
	/* Terraform's layout: the default workspace at key, others under the prefix. */
	const char *ws = str(c, "workspace"), *prefix = str(c, "workspace_key_prefix");
	cl_buf k = CL_BUF_INIT;
	if (ws && strcmp(ws, "default"))
		cl_buf_printf(&k, "%s/%s/", prefix ? prefix : "env:", ws);
	cl_buf_puts(&k, key);
	b->key = cl_buf_steal(&k);
	b->bucket = cl_xstrdup(bucket);
	b->encrypt = flag(c, "encrypt");
	if (flag(c, "use_lockfile")) {
		cl_buf_printf(&k, "%s.tflock", b->key);
		b->lockfile = cl_buf_steal(&k);
	}
	if (str(c, "dynamodb_table")) {
		b->table = cl_xstrdup(str(c, "dynamodb_table"));
		cl_buf_printf(&k, "%s/%s", b->bucket, b->key);
		b->lock_item = cl_buf_steal(&k);
	}
	cl_buf_printf(&k, "s3://%s/%s", b->bucket, b->key);
	b->where = cl_buf_steal(&k);
	return true;
}

cl_state_backend *cl_backend_open(const char *type, const json_t *config, cl_diags *d)
{
	static const char *const local_keys[] = { "path", "workspace_dir", NULL };
	cl_state_backend *b = cl_xcalloc(1, sizeof *b);
	bool ok;
	if (!strcmp(type, "local")) {
		ok = check_keys("local", config, local_keys, d);
		b->path = cl_xstrdup(str(config, "path") ? str(config, "path") : "clicamosc.tfstate");
		b->where = cl_xstrdup(b->path);
	} else if (!strcmp(type, "s3")) {
		ok = open_s3(b, config, d);
	} else {
		cl_diag_error(d, CL_NOWHERE, "unsupported backend \"%s\"", type);
		cl_diag_hint(d, "clicamosc has the \"s3\" and \"local\" backends");
		ok = false;
	}
	if (!ok) {
		cl_backend_close(b);
		return NULL;
	}
	return b;
}

void cl_backend_close(cl_state_backend *b)
{
	if (!b)
		return;
	cl_backend_unlock(b);
	if (b->s3.rest.http)
		aws_s3_free(&b->s3);
	if (b->have_cfg)
		aws_config_free(&b->cfg);
	free(b->where);
	free(b->path);
	free(b->bucket);
	free(b->key);
	free(b->lockfile);
	free(b->lock_item);
	free(b->table);
	free(b);
}

const char *cl_backend_where(const cl_state_backend *b)
{
	return b->where;
}

const char *cl_backend_path(const cl_state_backend *b)
{
	return b->path;
}

static bool aws_fail(cl_diags *d, const char *what, const cl_state_backend *b, const char *obj, const aws_error *e)
{
	char buf[1200];
	cl_diag_error(d, CL_NOWHERE, "%s %s: %s", what, obj ? obj : b->where, aws_error_format(e, buf, sizeof buf));
	return false;
}

/* ---- state ---- */

bool cl_backend_read_text(cl_state_backend *b, char **text, cl_diags *d)
{
	*text = NULL;
	if (b->path) {
		FILE *f = fopen(b->path, "rb");
		if (!f) {
			if (errno == ENOENT)
				return true;
			cl_diag_error(d, CL_NOWHERE, "cannot read %s: %s", b->path, strerror(errno));
			return false;
		}
		cl_buf t = CL_BUF_INIT;
		cl_buf_read(&t, f);
		fclose(f);
		*text = t.len ? cl_buf_steal(&t) : NULL;
		cl_buf_free(&t);
		return true;
	}
	cl_buf t = CL_BUF_INIT;
	aws_error e;
	if (!aws_s3_get(&b->s3, b->bucket, b->key, &t, &e)) {
		cl_buf_free(&t);
		if (!strcmp(e.code, "NoSuchKey"))
			return true;
		return aws_fail(d, "cannot read the state", b, NULL, &e);
	}
	*text = t.len ? cl_buf_steal(&t) : NULL;
	cl_buf_free(&t);
	return true;
}

bool cl_backend_read(cl_state_backend *b, cl_state **out, cl_diags *d)
{
	if (b->path)
		return cl_state_read(b->path, out, d);
	char *text;
	if (!cl_backend_read_text(b, &text, d))
		return false;
	bool ok = true;
	if (text)
		ok = cl_state_parse(b->where, text, strlen(text), out, d);
	else
		*out = cl_state_new();
	free(text);
	return ok;
}

void cl_backend_save_errored(const char *text, cl_diags *d)
{
	/* Here first, as Terraform does; else the temporary directory, which
	 * may be on another disk, under a name of this process's.  Each is
	 * replaced whole or not at all: never a part of a state. */
	char alt[4096];
	const char *tmp = getenv("TMPDIR");
	snprintf(alt, sizeof alt, "%s/clicamosc-errored-%ld.tfstate", tmp && *tmp ? tmp : "/tmp", (long)getpid());
	const char *step = NULL, *where = ERRORED_PATH;
	if (!cl_file_replace(ERRORED_PATH, text, strlen(text), &step)) {
		char first[256];
		snprintf(first, sizeof first, "%s", strerror(errno));
		where = alt;
		if (!cl_file_replace(alt, text, strlen(text), &step)) {
			cl_diag_hint(d, "the state could not be saved to %s (%s) nor to %s (%s): do not delete this run's "
			                "resources by hand; the state is printed below\n%s", ERRORED_PATH, first, alt,
			             strerror(errno), text);
			return;
		}
	}
	cl_diag_hint(d, "the state was saved to %s instead; once the problem is fixed, upload it with: "
	                "clicamosc state push %s", where, where);
}

bool cl_backend_write_text(cl_state_backend *b, const char *text, cl_diags *d)
{
	size_t n = strlen(text);
	aws_error e = { 0 };
	aws_s3_put_opts po = { .encrypt = b->encrypt };
	cl_buf back = CL_BUF_INIT;
	bool ok = aws_s3_put(&b->s3, b->bucket, b->key, text, n, &po, &e) || aws_fail(d, "cannot save the state to", b,
	                                                                              NULL, &e);
	/* Read back: what the next command will see is what we wrote. */
	if (ok && (!aws_s3_get(&b->s3, b->bucket, b->key, &back, &e) || back.len != n || memcmp(back.data, text, n))) {
		if (e.code[0])
			aws_fail(d, "cannot read back the state saved to", b, NULL, &e);
		else
			cl_diag_error(d, CL_NOWHERE, "the state read back from %s differs from the one saved", b->where);
		ok = false;
	}
	cl_buf_free(&back);
	if (!ok)
		cl_backend_save_errored(text, d);
	return ok;
}

bool cl_backend_write(cl_state_backend *b, cl_state *st, cl_diags *d)
{
	if (b->path)
		return cl_state_write(st, b->path, d);
	/* As cl_state_write: one writer at a time, nothing sent when nothing changed. */
	pthread_mutex_lock(&st->write_mu);
	pthread_mutex_lock(&st->mu);
	uint64_t gen = st->gen;
	bool dirty = gen != st->saved_gen;
	pthread_mutex_unlock(&st->mu);
	bool ok = true;
	if (dirty) {
		char *text = cl_state_text(st);
		ok = cl_backend_write_text(b, text, d);
		free(text);
		if (ok) {
			pthread_mutex_lock(&st->mu);
			st->saved_gen = gen;
			pthread_mutex_unlock(&st->mu);
		}
	}
	pthread_mutex_unlock(&st->write_mu);
	return ok;
}

/* ---- locking ---- */

static char *lock_info(const cl_state_backend *b, const char *operation)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", b->bucket, b->key);
	return cl_lock_info(b->lock_id, operation, path);
}

static json_t *item_key(const cl_state_backend *b)
{
	return json_pack("{s:s,s:{s:{s:s}}}", "TableName", b->table, "Key", "LockID", "S", b->lock_item);
}

/* The lock info found in the table or the lock file; NULL when none. */
static json_t *holder(cl_state_backend *b, aws_error *e)
{
	json_t *info = NULL;
	if (b->table) {
		json_t *req = item_key(b), *resp;
		json_object_set_new(req, "ConsistentRead", json_true());
		if (aws_dynamodb_call(&b->s3.rest, "GetItem", req, &resp, e)) {
			const char *s = json_string_value(json_object_get(json_object_get(json_object_get(resp, "Item"),
			                                                                  "Info"), "S"));
			info = s ? json_loads(s, 0, NULL) : NULL;
			json_decref(resp);
		}
		json_decref(req);
	}
	if (!info && b->lockfile) {
		cl_buf t = CL_BUF_INIT;
		if (aws_s3_get(&b->s3, b->bucket, b->lockfile, &t, e))
			info = json_loadb(t.data ? t.data : "", t.len, 0, NULL);
		cl_buf_free(&t);
	}
	return info;
}

static const char *field(const json_t *j, const char *k)
{
	const char *s = json_string_value(json_object_get(j, k));
	return s && *s ? s : "?";
}

static void report_held(cl_state_backend *b, cl_diags *d)
{
	aws_error e = { 0 };
	json_t *j = holder(b, &e);
	if (!j) {
		cl_diag_error(d, CL_NOWHERE, "the state %s is locked by another command (its lock info could not be read)",
		              b->where);
		cl_diag_hint(d, "wait for it to finish, or pass -lock-timeout=DURATION to wait for it");
		return;
	}
	cl_lock_held(d, b->where, j);
	json_decref(j);
}

/* One attempt.  1: taken; 0: held by someone; -1: error (in e). */
static int try_lock(cl_state_backend *b, const char *info, aws_error *e)
{
	if (b->lockfile) {
		aws_s3_put_opts po = { .encrypt = b->encrypt, .if_none_match = true };
		if (!aws_s3_put(&b->s3, b->bucket, b->lockfile, info, strlen(info), &po, e))
			return e->http_status == 412 || e->http_status == 409 ? 0 : -1;
	}
	if (b->table) {
		json_t *req = json_pack("{s:s,s:{s:{s:s},s:{s:s}},s:s}", "TableName", b->table, "Item", "LockID", "S",
		                        b->lock_item, "Info", "S", info, "ConditionExpression",
		                        "attribute_not_exists(LockID)");
		json_t *resp;
		bool ok = aws_dynamodb_call(&b->s3.rest, "PutItem", req, &resp, e);
		json_decref(req);
		json_decref(resp);
		if (!ok) {
			aws_error ignored;
			if (b->lockfile)
				aws_s3_delete(&b->s3, b->bucket, b->lockfile, &ignored);
			return !strcmp(e->code, "ConditionalCheckFailedException") ? 0 : -1;
		}
	}
	return 1;
}

bool cl_backend_lock(cl_state_backend *b, const char *operation, long timeout_ms, cl_diags *d)
{
	if (b->path) {
		b->flock = cl_lock_acquire(b->path, operation, timeout_ms, d);
		return b->flock != NULL;
	}
	if (!b->lockfile && !b->table)
		return true;      /* as Terraform: an S3 backend without locking configured */
	cl_uuid(b->lock_id);
	char *info = lock_info(b, operation);
	struct timespec t0, t;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int r;
	aws_error e;
	for (;;) {
		r = try_lock(b, info, &e);
		clock_gettime(CLOCK_MONOTONIC, &t);
		long spent = (t.tv_sec - t0.tv_sec) * 1000L + (t.tv_nsec - t0.tv_nsec) / 1000000L;
		if (r != 0 || spent >= timeout_ms)
			break;
		usleep(LOCK_POLL_MS * 1000);
	}
	free(info);
	if (r == 1)
		return true;
	b->lock_id[0] = 0;
	if (r == 0)
		report_held(b, d);
	else
		aws_fail(d, "cannot lock the state", b, NULL, &e);
	return false;
}

const char *cl_backend_lock_id(const cl_state_backend *b)
{
	return b->flock ? cl_lock_id(b->flock) : b->lock_id[0] ? b->lock_id : NULL;
}

/* Removes the lock (both mechanisms) when its ID is id. */
static bool remove_lock(cl_state_backend *b, const char *id, cl_diags *d)
{
	aws_error e = { 0 };
	json_t *j = holder(b, &e);
	if (!j) {
		if (e.code[0] && strcmp(e.code, "NoSuchKey"))
			return aws_fail(d, "cannot read the lock of", b, NULL, &e);
		cl_diag_error(d, CL_NOWHERE, "the state %s is not locked", b->where);
		return false;
	}
	bool ok = !strcmp(field(j, "ID"), id);
	if (!ok) {
		cl_diag_error(d, CL_NOWHERE, "lock ID \"%s\" does not match the lock of %s (ID \"%s\", held by %s)", id,
		              b->where, field(j, "ID"), field(j, "Who"));
		cl_diag_hint(d, "run clicamosc force-unlock with the ID the error that named the lock showed");
	}
	json_decref(j);
	if (ok && b->table) {
		json_t *req = item_key(b), *resp;
		ok = aws_dynamodb_call(&b->s3.rest, "DeleteItem", req, &resp, &e) ||
		     aws_fail(d, "cannot remove the lock of", b, NULL, &e);
		json_decref(req);
		json_decref(resp);
	}
	if (ok && b->lockfile && !aws_s3_delete(&b->s3, b->bucket, b->lockfile, &e) && strcmp(e.code, "NoSuchKey"))
		ok = aws_fail(d, "cannot remove the lock file", b, b->lockfile, &e);
	return ok;
}

void cl_backend_unlock(cl_state_backend *b)
{
	if (b->flock) {
		cl_lock_release(b->flock);
		b->flock = NULL;
	}
	if (!b->lock_id[0])
		return;
	cl_diags d = { 0 };
	if (!remove_lock(b, b->lock_id, &d)) {
		cl_diag_hint(&d, "the lock %s of %s is left behind; remove it with clicamosc force-unlock %s", b->lock_id,
		             b->where, b->lock_id);
		cl_diags_print(stderr, &d, false);
	}
	cl_diags_free(&d);
	b->lock_id[0] = 0;
}

bool cl_backend_force_unlock(cl_state_backend *b, const char *id, cl_diags *d)
{
	if (b->path)
		return cl_lock_force_unlock(b->path, id, d);
	if (!b->lockfile && !b->table) {
		cl_diag_error(d, CL_NOWHERE, "the backend of %s has no locking configured (dynamodb_table or use_lockfile)",
		              b->where);
		return false;
	}
	return remove_lock(b, id, d);
}
