/* diag_json.h: diagnostics in Terraform's JSON: the "diagnostic" object of
 * validate -json and of the -json UI's {"type":"diagnostic"} messages
 * (severity, summary, detail, range, snippet). */
#ifndef CL_DIAG_JSON_H
#define CL_DIAG_JSON_H

#include "util/diag.h"

#include <jansson.h>
#include <stdio.h>

json_t *cli_diag_json(const cl_diag *g);
/* Each diagnostic of d as one -json UI line on out. */
void cli_diags_json_lines(FILE *out, const cl_diags *d);

#endif
