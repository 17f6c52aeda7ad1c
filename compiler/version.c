/* version.c: the required_version check.  Constraints are read by
 * cl_modversion_ok (hashicorp/go-version's syntax, shared with module
 * versions); here only which versions to try and what to say. */
#include "compiler/version.h"
#include "compiler/modversion.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>

/* Is the constraint met by some Terraform 0.x release?  Tried: the last
 * release of each 0.x line, and each version the constraint names (and
 * the patch just above it, for ">"). */
static bool met_by_0x(const char *constraint)
{
	static const char *const last[] = { "0.11.15", "0.12.31", "0.13.7", "0.14.11", "0.15.5" };
	bool bad;
	for (size_t i = 0; i < sizeof last / sizeof last[0]; i++)
		if (cl_modversion_ok(last[i], constraint, &bad))
			return true;
	for (const char *s = constraint; *s; s++) {
		if (s[0] != '0' || s[1] != '.' || (s > constraint && (isdigit((unsigned char)s[-1]) || s[-1] == '.')))
			continue;
		long v[3] = { 0, 0, 0 };
		char *e = (char *)s;
		for (int k = 0; k < 3; k++) {
			v[k] = strtol(e, &e, 10);
			if (*e != '.')
				break;
			e++;
		}
		for (int bump = 0; bump < 2; bump++) {
			char cand[64];
			snprintf(cand, sizeof cand, "0.%ld.%ld", v[1], v[2] + bump);
			if (cl_modversion_ok(cand, constraint, &bad))
				return true;
		}
	}
	return false;
}

void cl_version_check(cl_diags *d, cl_range r, const char *constraint)
{
	bool bad;
	if (cl_modversion_ok(CL_TERRAFORM_VERSION, constraint, &bad))
		return;
	if (bad) {
		cl_diag_error(d, r, "invalid version constraint \"%s\"", constraint);
		cl_diag_hint(d, "write constraints such as \">= 1.0\", \"~> 1.5\" or \">= 0.12, < 2.0\"");
		return;
	}
	if (met_by_0x(constraint)) {
		/* A 0.x-era project: clicamosc reads its language (0.11 forms included). */
		cl_diag_warning(d, r, "required_version \"%s\" is met only by Terraform 0.x; clicamosc reads this "
		                "configuration as Terraform %s would", constraint, CL_TERRAFORM_VERSION);
		return;
	}
	cl_diag_error(d, r, "Unsupported Terraform Core version: this configuration does not support Terraform "
	              "version %s", CL_TERRAFORM_VERSION);
	cl_diag_hint(d, "clicamosc implements the Terraform %s language; to proceed, change the required_version "
	             "constraint (\"%s\") or use a Terraform release that meets it", CL_TERRAFORM_VERSION, constraint);
}
