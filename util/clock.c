/* clock.c: the monotonic clock, signal-proof sleeps and Go durations (see
 * clock.h).  Durations follow Go's time.ParseDuration: a sequence of
 * decimal numbers each with a unit, no sign, no spaces. */
#include "util/clock.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

double cl_clock_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void cl_clock_sleep(double s)
{
	if (s <= 0)
		return;
	struct timespec ts = { (time_t)s, (long)((s - (double)(time_t)s) * 1e9) };
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR) {}
}

bool cl_duration_parse(const char *s, long *ms)
{
	static const struct { const char *unit; double ms; } units[] = {
		{ "ns", 1e-6 }, { "us", 1e-3 }, { "\xC2\xB5s", 1e-3 }, { "ms", 1 },
		{ "s", 1e3 }, { "m", 60e3 }, { "h", 3600e3 },
	};
	if (!strcmp(s, "0")) {
		*ms = 0;
		return true;
	}
	double total = 0;
	if (!*s)
		return false;
	while (*s) {
		char *end;
		if (!((*s >= '0' && *s <= '9') || *s == '.'))
			return false;
		double v = strtod(s, &end);
		if (end == s)
			return false;
		s = end;
		size_t best = 0, bestlen = 0;
		for (size_t i = 0; i < sizeof units / sizeof *units; i++) {
			size_t n = strlen(units[i].unit);
			if (!strncmp(s, units[i].unit, n) && n > bestlen) {
				best = i;
				bestlen = n;
			}
		}
		if (!bestlen)
			return false;
		total += v * units[best].ms;
		s += bestlen;
	}
	*ms = (long)(total + 0.5);
	return true;
}
