/* compare.h: the one rule that says whether a configured value and the
 * value AWS reports (recorded in state) are the same, read from the schema.
 * The plan asks it for every argument; no resource type has a rule of its
 * own.  Deciding the action and the planned value is plan.h's business. */
#ifndef CL_COMPARE_H
#define CL_COMPARE_H

#include "compiler/schema.h"
#include "compiler/value.h"

/* The rule, for a configured value cfg and a remote value old (NULL: not
 * recorded, as null):
 *  - null in the configuration means the argument is left out, whether
 *    omitted or written "= null";
 *  - left out and Optional+Computed: whatever AWS reports is kept (same);
 *  - left out with a default: the default is compared;
 *  - null and the zero value ("", false, 0, empty collection) are one, as
 *    for the provider (its SDK records an unset argument as its zero value);
 *  - a nested block of set type compares as a set, element by element under
 *    this same rule; a Computed block left out keeps what AWS reports;
 *  - user_data-like attributes (hashed in state) compare by their SHA-1;
 *    case-insensitive ones ignore case; policy documents compare as
 *    policies (policy.h: key order, whitespace, a lone value or a list).
 * An unknown configured value is never the same: it is decided at apply. */
bool cl_compare_attr(cl_arena *a, const cl_schema_attr *sa, const cl_value *cfg, const cl_value *old);
bool cl_compare_block(cl_arena *a, const cl_schema_block *sb, const cl_value *cfg, const cl_value *old);
/* Every attribute and block of s (objects of cl_schema_type(s)). */
bool cl_compare_object(cl_arena *a, const cl_schema *s, const cl_value *cfg, const cl_value *old);
/* Is cfg the text whose SHA-1 (or the text itself) old records? */
bool cl_compare_hashed(const cl_value *cfg, const cl_value *old);

#endif
