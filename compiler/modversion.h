/* modversion.h: module versions and Terraform's version constraints, for
 * init choosing a registry module's version and the loader checking that
 * an installed one still satisfies its call. */
#ifndef CL_MODVERSION_H
#define CL_MODVERSION_H

#include <stdbool.h>

/* Does version satisfy constraint (Terraform's: "~> 1.2, != 1.2.3"; NULL:
 * any release)?  *bad is set when the constraint does not parse. */
bool cl_modversion_ok(const char *version, const char *constraint, bool *bad);
/* <0, 0, >0 as semver orders them. */
int cl_modversion_cmp(const char *a, const char *b);

#endif
