/* provision.h: running a resource's provisioners (local-exec, remote-exec,
 * file) at apply: after it is created (when = create, the default) or
 * before it is destroyed (when = destroy), with self the object, as
 * Terraform runs them. */
#ifndef CL_PROVISION_H
#define CL_PROVISION_H

#include "compiler/config.h"
#include "compiler/scope.h"

#include <pthread.h>

typedef struct cl_provision {
	const cl_resource *r;
	cl_scope scope;              /* where the arguments are evaluated (self is added) */
	cl_value *self;
	bool destroying;
	const char *addr;            /* for the output lines: "ADDR (remote-exec): ..." */
	pthread_mutex_t *eval_lock;  /* held while evaluating (apply's values are shared) */
	void (*line)(void *ud, const char *text);
	void *ud;
} cl_provision;

/* Runs the provisioners of the phase in order.  False, with err and where
 * (the failed provisioner block), when one failed and did not say
 * on_failure = continue; a failure it continues past is reported through
 * line. */
bool cl_provision_run(const cl_provision *p, cl_arena *a, char *err, size_t errlen, cl_loc *where);

#endif
