/* datetime.c: timestamp (impure: unknown at plan time) and formatdate with
 * Terraform's format letters (YYYY MM DD hh mm ss EEE AA ZZZZZ ...). */
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

typedef struct stamp {
	int year, mon, day, hour, min, sec, yday, wday;
	int offset;            /* minutes east of UTC */
	bool utc;              /* written with Z */
} stamp;

static bool parse_rfc3339(const char *s, stamp *t)
{
	int used = 0;
	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &t->year, &t->mon, &t->day, &t->hour, &t->min, &t->sec, &used) != 6 ||
	    used != 19)
		return false;
	const char *p = s + used;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	t->utc = *p == 'Z' || *p == 'z';
	t->offset = 0;
	if (t->utc) {
		p++;
	} else {
		int oh, om;
		if ((*p != '+' && *p != '-') || sscanf(p + 1, "%2d:%2d", &oh, &om) != 2 || strlen(p) != 6)
			return false;
		t->offset = (*p == '-' ? -1 : 1) * (oh * 60 + om);
		p += 6;
	}
	if (*p || t->mon < 1 || t->mon > 12 || t->day < 1 || t->day > 31 || t->hour > 23 || t->min > 59 || t->sec > 60)
		return false;
	struct tm tm = { .tm_year = t->year - 1900, .tm_mon = t->mon - 1, .tm_mday = t->day };
	time_t day = timegm(&tm);
	gmtime_r(&day, &tm);
	t->wday = tm.tm_wday;
	return tm.tm_mday == t->day;
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
		return fn_arg_error(c, 1, "not a valid RFC3339 timestamp: \"%s\"", args[1]->u.str.s);
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
