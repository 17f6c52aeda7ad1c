/* datetime.c: timestamp (impure: unknown at plan time), formatdate with
 * Terraform's format letters (YYYY MM DD hh mm ss EEE AA ZZZZZ ...),
 * timeadd with Go's durations ("1h30m") and timecmp.  RFC 3339 only. */
#include "compiler/functions/fn.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

cl_value *fn_timestamp(cl_fn_call *c, cl_value **args, uint32_t n)
{
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	char s[32];
	strftime(s, sizeof s, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return cl_value_cstr(c->a, s);
}

/* plantimestamp: the same clock, but known while planning (Terraform's is
 * the plan's start; one plan is one second here). */
cl_value *fn_plantimestamp(cl_fn_call *c, cl_value **args, uint32_t n)
{
	return fn_timestamp(c, args, n);
}

typedef struct stamp {
	int year, mon, day, hour, min, sec, wday;
	int offset;            /* minutes east of UTC */
	int64_t epoch;         /* the instant: seconds since 1970 UTC ... */
	long nsec;             /* ... and nanoseconds */
} stamp;

/* Fills the calendar fields from epoch and offset. */
static void fields(stamp *t)
{
	time_t local = (time_t)(t->epoch + t->offset * 60);
	struct tm tm;
	gmtime_r(&local, &tm);
	t->year = tm.tm_year + 1900, t->mon = tm.tm_mon + 1, t->day = tm.tm_mday;
	t->hour = tm.tm_hour, t->min = tm.tm_min, t->sec = tm.tm_sec, t->wday = tm.tm_wday;
}

static bool parse_rfc3339(const char *s, stamp *t)
{
	int used = 0;
	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &t->year, &t->mon, &t->day, &t->hour, &t->min, &t->sec, &used) != 6 ||
	    used != 19)
		return false;
	const char *p = s + used;
	t->nsec = 0;
	if (*p == '.') {
		long scale = 100000000;
		for (p++; *p >= '0' && *p <= '9'; p++, scale /= 10)
			t->nsec += (*p - '0') * scale;
	}
	t->offset = 0;
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else {
		int oh, om;
		if ((*p != '+' && *p != '-') || sscanf(p + 1, "%2d:%2d", &oh, &om) != 2 || strlen(p) != 6)
			return false;
		t->offset = (*p == '-' ? -1 : 1) * (oh * 60 + om);
		p += 6;
	}
	if (*p || t->mon < 1 || t->mon > 12 || t->day < 1 || t->day > 31 || t->hour > 23 || t->min > 59 || t->sec > 59)
		return false;
	struct tm tm = { .tm_year = t->year - 1900, .tm_mon = t->mon - 1, .tm_mday = t->day,
	                 .tm_hour = t->hour, .tm_min = t->min, .tm_sec = t->sec };
	t->epoch = (int64_t)timegm(&tm) - t->offset * 60;
	int day = t->day;
	fields(t);
	return t->day == day;   /* February 30th rolled over: not a date */
}

static const char *not_rfc3339(cl_fn_call *c, const cl_value *v)
{
	return cl_arena_printf(c->a, "not a valid RFC3339 timestamp: \"%s\"", v->u.str.s);
}

static const char *const months[] = { "January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December" };
static const char *const days[] = { "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday" };

/* One run of a letter, or what is wrong with it (cty's words). */
static const char *verb(cl_buf *b, char ch, int run, const stamp *t)
{
	int h12 = t->hour % 12 ? t->hour % 12 : 12;
	int off = t->offset < 0 ? -t->offset : t->offset;
	char sign = t->offset < 0 ? '-' : '+';
	bool one = run == 1, two = run == 2;
	switch (ch) {
	case 'Y':
		if (run != 2 && run != 4)
			return "year must either be \"YY\" or \"YYYY\"";
		cl_buf_printf(b, two ? "%02d" : "%04d", two ? t->year % 100 : t->year);
		return NULL;
	case 'M':
		if (run > 4)
			return "month must be \"M\", \"MM\", \"MMM\", or \"MMMM\"";
		if (run >= 3)
			cl_buf_printf(b, "%.*s", run == 3 ? 3 : 20, months[t->mon - 1]);
		else
			cl_buf_printf(b, two ? "%02d" : "%d", t->mon);
		return NULL;
	case 'E':
		if (run != 3 && run != 4)
			return "day of week must either be \"EEE\" or \"EEEE\"";
		cl_buf_printf(b, "%.*s", run == 3 ? 3 : 20, days[t->wday]);
		return NULL;
	case 'A': case 'a':
		if (!two)
			return ch == 'A' ? "must be \"AA\"" : "must be \"aa\"";
		cl_buf_puts(b, t->hour < 12 ? (ch == 'A' ? "AM" : "am") : (ch == 'A' ? "PM" : "pm"));
		return NULL;
	case 'Z':
		if (run == 1 && t->offset == 0)
			cl_buf_putc(b, 'Z');
		else if (run == 3 && t->offset == 0)
			cl_buf_puts(b, "UTC");
		else if (run == 1 || run == 5)
			cl_buf_printf(b, "%c%02d:%02d", sign, off / 60, off % 60);
		else if (run == 3 || run == 4)
			cl_buf_printf(b, "%c%02d%02d", sign, off / 60, off % 60);
		else
			return "timezone must be Z, ZZZZ, or ZZZZZ";
		return NULL;
	}
	static const struct { char ch; const char *err; } two_digit[] = {
		{ 'D', "day of month must either be \"D\" or \"DD\"" },
		{ 'h', "24-hour must either be \"h\" or \"hh\"" },
		{ 'H', "12-hour must either be \"H\" or \"HH\"" },
		{ 'm', "minute must either be \"m\" or \"mm\"" },
		{ 's', "second must either be \"s\" or \"ss\"" },
	};
	for (size_t i = 0; i < sizeof two_digit / sizeof two_digit[0]; i++) {
		if (two_digit[i].ch != ch)
			continue;
		if (!one && !two)
			return two_digit[i].err;
		int v = ch == 'D' ? t->day : ch == 'h' ? t->hour : ch == 'H' ? h12 : ch == 'm' ? t->min : t->sec;
		cl_buf_printf(b, two ? "%02d" : "%d", v);
		return NULL;
	}
	return "";
}

cl_value *fn_formatdate(cl_fn_call *c, cl_value **args, uint32_t n)
{
	stamp t;
	if (!parse_rfc3339(args[1]->u.str.s, &t))
		return fn_arg_error(c, 1, "%s", not_rfc3339(c, args[1]));
	const char *f = args[0]->u.str.s;
	cl_buf b = CL_BUF_INIT;
	for (size_t i = 0; f[i];) {
		char ch = f[i];
		if (ch == '\'') {   /* 'literal', with '' for a quote */
			size_t j = i + 1;
			if (f[j] == '\'') {
				cl_buf_putc(&b, '\'');
				i += 2;
				continue;
			}
			while (f[j] && !(f[j] == '\'' && f[j + 1] != '\''))
				j += f[j] == '\'' ? 2 : 1;
			if (!f[j]) {
				cl_buf_free(&b);
				return fn_arg_error(c, 0, "unterminated literal '");
			}
			for (size_t k = i + 1; k < j; k++)
				if (!(f[k] == '\'' && f[k - 1] == '\''))
					cl_buf_putc(&b, f[k]);
			i = j + 1;
			continue;
		}
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'))) {
			cl_buf_putc(&b, ch);
			i++;
			continue;
		}
		int run = 0;
		while (f[i + (size_t)run] == ch)
			run++;
		const char *err = verb(&b, ch, run, &t);
		if (err) {
			cl_buf_free(&b);
			return fn_arg_error(c, 0, "invalid date format verb \"%.*s\"%s%s", run, f + i, *err ? ": " : "", err);
		}
		i += (size_t)run;
	}
	return fn_buf(c, &b);
}

/* Go's time.ParseDuration: "1h30m", "-1.5h", "300ms"; *err in Go's words. */
static bool parse_duration(cl_fn_call *c, const char *s, int64_t *ns, const char **err)
{
	static const struct { const char *unit; double ns; } units[] = {
		{ "ns", 1 }, { "us", 1e3 }, { "\u00b5s", 1e3 }, { "\u03bcs", 1e3 }, { "ms", 1e6 },
		{ "s", 1e9 }, { "m", 60e9 }, { "h", 3600e9 },
	};
	const char *p = s;
	bool neg = *p == '-';
	if (*p == '-' || *p == '+')
		p++;
	double total = 0;
	if (strcmp(p, "0") == 0) {
		*ns = 0;
		return true;
	}
	if (!*p)
		goto invalid;
	while (*p) {
		const char *num = p;
		while ((*p >= '0' && *p <= '9') || *p == '.')
			p++;
		if (p == num || (p - num == 1 && *num == '.'))
			goto invalid;
		double v = strtod(num, NULL);
		const char *unit = p;
		while (*p && !((*p >= '0' && *p <= '9') || *p == '.'))
			p++;
		if (p == unit) {
			*err = cl_arena_printf(c->a, "time: missing unit in duration \"%s\"", s);
			return false;
		}
		size_t i = 0, n = sizeof units / sizeof units[0];
		while (i < n && !(strlen(units[i].unit) == (size_t)(p - unit) && strncmp(units[i].unit, unit, (size_t)(p - unit)) == 0))
			i++;
		if (i == n) {
			*err = cl_arena_printf(c->a, "time: unknown unit \"%.*s\" in duration \"%s\"", (int)(p - unit), unit, s);
			return false;
		}
		total += v * units[i].ns;
	}
	if (total > 9.2e18)
		goto invalid;
	*ns = (int64_t)(neg ? -total : total);
	return true;
invalid:
	*err = cl_arena_printf(c->a, "time: invalid duration \"%s\"", s);
	return false;
}

/* RFC 3339 as Go's time.RFC3339 writes it: no fraction, Z for UTC. */
static cl_value *rfc3339(cl_fn_call *c, const stamp *t)
{
	int off = t->offset < 0 ? -t->offset : t->offset;
	cl_buf b = CL_BUF_INIT;
	cl_buf_printf(&b, "%04d-%02d-%02dT%02d:%02d:%02d", t->year, t->mon, t->day, t->hour, t->min, t->sec);
	if (t->offset == 0)
		cl_buf_putc(&b, 'Z');
	else
		cl_buf_printf(&b, "%c%02d:%02d", t->offset < 0 ? '-' : '+', off / 60, off % 60);
	return fn_buf(c, &b);
}

cl_value *fn_timeadd(cl_fn_call *c, cl_value **args, uint32_t n)
{
	stamp t;
	int64_t ns;
	const char *err;
	if (!parse_rfc3339(args[0]->u.str.s, &t))
		return fn_error(c, "%s", not_rfc3339(c, args[0]));
	if (!parse_duration(c, args[1]->u.str.s, &ns, &err))
		return fn_error(c, "%s", err);
	int64_t total = t.nsec + ns % 1000000000;
	t.epoch += ns / 1000000000 + (total < 0 ? -1 : total >= 1000000000);
	t.nsec = (long)((total % 1000000000 + 1000000000) % 1000000000);
	fields(&t);
	return rfc3339(c, &t);
}

cl_value *fn_timecmp(cl_fn_call *c, cl_value **args, uint32_t n)
{
	stamp a, b;
	if (!parse_rfc3339(args[0]->u.str.s, &a))
		return fn_arg_error(c, 0, "%s", not_rfc3339(c, args[0]));
	if (!parse_rfc3339(args[1]->u.str.s, &b))
		return fn_arg_error(c, 1, "%s", not_rfc3339(c, args[1]));
	int cmp = a.epoch != b.epoch ? (a.epoch > b.epoch) - (a.epoch < b.epoch) : (a.nsec > b.nsec) - (a.nsec < b.nsec);
	return cl_value_int(c->a, cmp);
}
