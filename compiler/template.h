/* template.h: a template string rendered outside any function call, with
 * only a map of variables in scope (templatefile's rule), for the old
 * template provider's data "template_file". */
#ifndef CL_TEMPLATE_H
#define CL_TEMPLATE_H

#include "compiler/value.h"

/* The rendered string, or NULL with err holding the diagnostic as printed
 * (name:line:col, the line, a caret, the message). */
cl_value *cl_template_render(cl_arena *a, const char *name, const char *text, const cl_value *vars, char *err,
                             size_t errsize);

#endif
