/* jsonw.h: JSON text written the way Terraform writes it (Go's
 * encoding/json): members in insertion order, 2-space MarshalIndent layout
 * or compact, <, > and & escaped, numbers in their shortest form.  So a
 * state file or lock info we write diffs cleanly against Terraform's.
 * Reading JSON is jansson's job. */
#ifndef CL_JSONW_H
#define CL_JSONW_H

#include <jansson.h>
#include <stdbool.h>

#include "util/buf.h"

void cl_jsonw(cl_buf *b, const json_t *j, bool indent);
/* Indented, starting at nesting depth (the caller's current indentation). */
void cl_jsonw_at(cl_buf *b, const json_t *j, int depth);

#endif
