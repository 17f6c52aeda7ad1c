/* log.h: the CL_LOG=info|debug|trace logger: one line per event on stderr,
 * written whole so threads do not interleave.  What to log, and keeping
 * secrets out of it, is the caller's business. */
#ifndef CL_LOG_H
#define CL_LOG_H

#include <stdbool.h>

typedef enum { CL_LOG_OFF, CL_LOG_INFO, CL_LOG_DEBUG, CL_LOG_TRACE } cl_log_level;

cl_log_level cl_log_level_get(void);          /* from CL_LOG, read once */
void cl_log_level_set(cl_log_level l);        /* for tests and -v options */
static inline bool cl_log_on(cl_log_level l) { return cl_log_level_get() >= l; }
void cl_log(cl_log_level l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
