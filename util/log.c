/* log.c: the CL_LOG logger.  The level is read from the environment once;
 * each line is formatted first and written with one call. */
#include "util/log.h"
#include "util/buf.h"
#include "util/safetext.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static atomic_int level = -1;

cl_log_level cl_log_level_get(void)
{
	int l = atomic_load(&level);
	if (l >= 0)
		return (cl_log_level)l;
	const char *v = getenv("CL_LOG");
	l = !v || !*v ? CL_LOG_OFF
	    : strcmp(v, "trace") == 0 ? CL_LOG_TRACE
	    : strcmp(v, "debug") == 0 ? CL_LOG_DEBUG
	    : strcmp(v, "info") == 0 ? CL_LOG_INFO : CL_LOG_OFF;
	atomic_store(&level, l);
	return (cl_log_level)l;
}

void cl_log_level_set(cl_log_level l) { atomic_store(&level, (int)l); }

void cl_log(cl_log_level l, const char *fmt, ...)
{
	static const char *const names[] = { "", "info", "debug", "trace" };
	if (!cl_log_on(l))
		return;
	cl_buf b = CL_BUF_INIT;
	cl_buf_printf(&b, "[%s] ", names[l]);
	va_list ap;
	va_start(ap, fmt);
	cl_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	cl_safetext_redact(&b, 0);    /* the trace redacts by name too; this catches the rest */
	cl_safetext_escape(&b, 0);    /* an AWS body may carry escape sequences */
	cl_buf_putc(&b, '\n');
	(void)!write(2, b.data, b.len);
	cl_buf_free(&b);
}
