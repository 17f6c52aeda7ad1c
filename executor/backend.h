/* backend.h: where the state lives and how it is locked: a local file
 * (state.h and lock.h) or an S3 object locked through DynamoDB and/or an
 * S3 lock file, as Terraform's "s3" backend does.  Reading the backend's
 * settings from the configuration is the CLI's business, not this file's. */
#ifndef CL_BACKEND_H
#define CL_BACKEND_H

#include <jansson.h>

#include "executor/state.h"

typedef struct cl_state_backend cl_state_backend;

/* type "local" (config: path) or "s3" (config: bucket, key, region,
 * dynamodb_table, use_lockfile, encrypt, workspace_key_prefix, profile,
 * endpoints { s3, dynamodb }, use_path_style), as JSON strings and bools.
 * NULL with diagnostics on a missing or unknown setting. */
cl_state_backend *cl_backend_open(const char *type, const json_t *config, cl_diags *d);
void cl_backend_close(cl_state_backend *b);   /* releases a lock still held */
const char *cl_backend_where(const cl_state_backend *b);   /* "s3://bucket/key" or the path */
const char *cl_backend_path(const cl_state_backend *b);    /* local: the file; else NULL */

/* An absent state reads as an empty one (text: NULL). */
bool cl_backend_read(cl_state_backend *b, cl_state **out, cl_diags *d);
bool cl_backend_read_text(cl_state_backend *b, char **text, cl_diags *d);
/* The state if it changed since the last write.  Remote: uploaded, read
 * back and compared; when that fails the state is saved to
 * errored.tfstate and the error says so. */
bool cl_backend_write(cl_state_backend *b, cl_state *st, cl_diags *d);
bool cl_backend_write_text(cl_state_backend *b, const char *text, cl_diags *d);
/* The last resort for a state that could not be written where it lives:
 * errored.tfstate here (0600), else a fresh file in $TMPDIR or /tmp, else
 * printed in the hint.  Never lost, never left half written. */
void cl_backend_save_errored(const char *text, cl_diags *d);

/* Takes the lock for operation (lock.h's CL_LOCK_*), retrying for
 * timeout_ms; an error names the holder.  One lock per backend. */
bool cl_backend_lock(cl_state_backend *b, const char *operation, long timeout_ms, cl_diags *d);
const char *cl_backend_lock_id(const cl_state_backend *b);   /* NULL when not held */
void cl_backend_unlock(cl_state_backend *b);
/* force-unlock: removes the lock whose ID is id, whoever holds it. */
bool cl_backend_force_unlock(cl_state_backend *b, const char *id, cl_diags *d);

#endif
