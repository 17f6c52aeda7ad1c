/* terraform_data.h: the built-in managed resource "terraform_data" (see
 * terraform_data.c). */
#ifndef CL_TERRAFORM_DATA_H
#define CL_TERRAFORM_DATA_H

#include "compiler/schema.h"

extern const cl_resource_type cl_terraform_data_type;

#endif
