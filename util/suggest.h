/* suggest.h: "did you mean ...?" — the nearest of some candidate names to a
 * misspelt one, by edit distance (with transpositions). */
#ifndef CL_SUGGEST_H
#define CL_SUGGEST_H

#include <stddef.h>

/* Edit distance with adjacent transpositions (optimal string alignment). */
size_t cl_edit_distance(const char *a, const char *b);
/* The candidate nearest to name when it is near enough to be a likely typo
 * (distance <= max(1, len/3)), else NULL.  cands has n entries. */
const char *cl_suggest(const char *name, const char *const *cands, size_t n);

#endif
