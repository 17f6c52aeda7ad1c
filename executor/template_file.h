/* template_file.h: data "template_file", the archived hashicorp/template
 * provider's data source: a template rendered locally with templatefile's
 * rules.  Deprecated (the warning names templatefile); no AWS call. */
#ifndef CL_TEMPLATE_FILE_H
#define CL_TEMPLATE_FILE_H

#include "compiler/schema.h"

extern const cl_resource_type cl_template_file_data;

#endif
