/* harden.c: no core dumps, not dumpable (see harden.h).  Both calls
 * only lower what the process may do; a failure changes nothing else, so
 * it is not an error. */
#include "util/harden.h"

#include <sys/prctl.h>
#include <sys/resource.h>

void cl_harden_process(void)
{
	struct rlimit none = { 0, 0 };
	(void)setrlimit(RLIMIT_CORE, &none);
	(void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}
