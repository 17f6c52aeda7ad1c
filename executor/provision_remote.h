/* provision_remote.h: one remote-exec or file provisioner run over SSH,
 * for provision.c's loop (which handles when, on_failure and the
 * "Provisioning with..." line). */
#ifndef CL_PROVISION_REMOTE_H
#define CL_PROVISION_REMOTE_H

#include "executor/provision.h"

/* False with err (without the "... provisioner error: " prefix). */
bool cl_provision_remote(const cl_provision *p, const cl_provisioner *pv, cl_arena *a, char *err, size_t len);

#endif
