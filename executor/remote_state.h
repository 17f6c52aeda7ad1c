/* remote_state.h: data "terraform_remote_state": the root outputs of another
 * configuration's state, read through a backend (backend.h).  Not part of
 * the AWS provider: it asks no AWS API through the provider's client. */
#ifndef CL_REMOTE_STATE_H
#define CL_REMOTE_STATE_H

#include "compiler/schema.h"

extern const cl_resource_type cl_remote_state_data;

#endif
