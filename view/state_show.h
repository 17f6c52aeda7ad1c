/* state_show.h: a state in the JSON that `terraform show -json` prints for
 * a state (format_version 1.0, values.root_module with resources and
 * child_modules, outputs), which policy and cost tools read.  Built from the
 * state file's own JSON (version 4): no configuration or schema needed. */
#ifndef CL_STATE_SHOW_H
#define CL_STATE_SHOW_H

#include <jansson.h>

/* state: the parsed state file, or NULL for no state at all; a new object. */
json_t *cl_state_show_json(const json_t *state, const char *version);

#endif
