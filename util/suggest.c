/* suggest.c: near-miss suggestions for names. */
#include "util/suggest.h"
#include "util/fatal.h"

#include <stdlib.h>
#include <string.h>

size_t cl_edit_distance(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b);
	/* Three rows suffice: the previous two and the current one. */
	size_t *rows = cl_xmalloc(3 * (m + 1) * sizeof *rows);
	size_t *pp = rows, *p = rows + m + 1, *c = rows + 2 * (m + 1);
	for (size_t j = 0; j <= m; j++)
		p[j] = j;
	for (size_t i = 1; i <= n; i++) {
		c[0] = i;
		for (size_t j = 1; j <= m; j++) {
			size_t cost = a[i - 1] != b[j - 1];
			size_t best = p[j - 1] + cost;
			if (p[j] + 1 < best)
				best = p[j] + 1;
			if (c[j - 1] + 1 < best)
				best = c[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && pp[j - 2] + 1 < best)
				best = pp[j - 2] + 1;
			c[j] = best;
		}
		size_t *t = pp;
		pp = p;
		p = c;
		c = t;
	}
	size_t d = p[m];
	free(rows);
	return d;
}

const char *cl_suggest(const char *name, const char *const *cands, size_t n)
{
	size_t len = strlen(name), limit = len / 3 > 1 ? len / 3 : 1;
	const char *best = NULL;
	size_t bestd = limit + 1;
	for (size_t i = 0; i < n; i++) {
		size_t d = cl_edit_distance(name, cands[i]);
		if (d < bestd) {
			bestd = d;
			best = cands[i];
		}
	}
	return best;
}
