/* clock.h: time as the executor measures it: monotonic seconds, sleeps that
 * outlast signals, and Go duration strings ("30s", "1h30m") for timeouts.
 * Not wall-clock time (timestamps are formatted where they are written). */
#ifndef CL_CLOCK_H
#define CL_CLOCK_H

#include <stdbool.h>

/* Seconds on the monotonic clock: only differences mean anything. */
double cl_clock_now(void);
/* Sleeps s seconds (nothing when s <= 0), resuming after a signal. */
void cl_clock_sleep(double s);
/* A Go duration ("30s", "2m", "1h30m", "500ms", "0") in milliseconds. */
bool cl_duration_parse(const char *s, long *ms);

#endif
