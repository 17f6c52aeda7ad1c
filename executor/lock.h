/* lock.h: the local state's lock: an fcntl write lock on PATH.lock.info,
 * which holds Terraform's lock info JSON (ID, Operation, Who, Created...)
 * so that a second command can say who holds it.  The kernel drops the
 * lock when its holder dies, so a file left by a killed process is no lock.
 * Remote (S3/DynamoDB) locking is not this file's business. */
#ifndef CL_LOCK_H
#define CL_LOCK_H

#include <jansson.h>
#include <stdbool.h>

#include "util/diag.h"

typedef struct cl_lock cl_lock;

/* Operations as Terraform names them in lock info. */
#define CL_LOCK_APPLY   "OperationTypeApply"
#define CL_LOCK_PLAN    "OperationTypePlan"
#define CL_LOCK_REFRESH "OperationTypeRefresh"
#define CL_LOCK_STATE   "OperationTypeInvalid"   /* what Terraform's state commands write */

/* Takes the lock of the state file state_path, retrying for timeout_ms
 * (0: once).  NULL with an error naming the holder and what to do. */
cl_lock *cl_lock_acquire(const char *state_path, const char *operation, long timeout_ms, cl_diags *d);
const char *cl_lock_id(const cl_lock *l);
void cl_lock_release(cl_lock *l);   /* NULL is fine (-lock=false) */

/* Terraform's lock info of a new lock (ID, Operation, Info, Who, Version,
 * Created, Path) as compact JSON text, to free: the local lock file's and
 * the remote backend's. */
char *cl_lock_info(const char *id, const char *operation, const char *path);
/* The error (and hint) that the state at where is held, from its lock info. */
void cl_lock_held(cl_diags *d, const char *where, const json_t *info);

/* force-unlock: removes the lock info of state_path when its ID is id. */
bool cl_lock_force_unlock(const char *state_path, const char *id, cl_diags *d);

#endif
