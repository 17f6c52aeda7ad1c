/* version.h: terraform { required_version } checked against the Terraform
 * language level clicamosc implements (see docs/CLI.md). */
#ifndef CL_VERSION_H
#define CL_VERSION_H

#include "util/diag.h"

/* The Terraform release whose language clicamosc implements (and is
 * checked against, tests/terraform/lang). */
#define CL_TERRAFORM_VERSION "1.11.4"

/* Checks constraint (as written, e.g. ">= 0.12, < 2.0") at r: met by
 * CL_TERRAFORM_VERSION, nothing; met only by 0.x versions (a 0.11-era
 * project), a warning; otherwise Terraform's error.  A constraint that does
 * not parse is an error too. */
void cl_version_check(cl_diags *d, cl_range r, const char *constraint);

#endif
