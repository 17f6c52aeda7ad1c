/* refresh.h: the recorded state as the compiler's cl_prior, after asking
 * AWS what each managed object looks like now (unless refresh is off).  A
 * vanished object leaves the state; a changed one is updated in it. */
#ifndef CL_REFRESH_H
#define CL_REFRESH_H

#include "compiler/prior.h"
#include "executor/aws/client.h"
#include "executor/state.h"

#include <stdio.h>

typedef struct cl_refresh_opts {
	aws_client *client;         /* NULL: no refresh, the state as recorded */
	const struct cl_clients *clients;   /* by provider configuration; NULL: client for all */
	unsigned parallelism;
	FILE *progress;             /* "aws_vpc.main: Refreshing state... [id=vpc-1]" */
} cl_refresh_opts;

bool cl_refresh(cl_state *st, cl_arena *a, cl_prior *out, const cl_refresh_opts *o, cl_diags *d);

#endif
