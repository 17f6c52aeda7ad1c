/* drift.h: what a refresh found changed outside clicamosc, shown as
 * Terraform shows it for -refresh-only ("Objects have changed outside of
 * Terraform"): each managed object whose recorded attributes differ from
 * what AWS says now ("has changed"), or that AWS no longer has ("has been
 * deleted").  Only shows; the plan stage found both sides. */
#ifndef CL_DRIFT_H
#define CL_DRIFT_H

#include "compiler/prior.h"
#include "util/buf.h"

/* before: the state as recorded; after: as refreshed.  Writes the drift,
 * or Terraform's "No changes." for none; true when there was some. */
bool cl_drift_render(cl_buf *out, const cl_prior *before, const cl_prior *after, bool color);

#endif
