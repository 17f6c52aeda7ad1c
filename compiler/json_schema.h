/* json_schema.h: what each property of a Terraform JSON configuration
 * (*.tf.json, *.cl.json) is, an argument or a block with how many labels,
 * from the language's blocks and the resource types' schemas. */
#ifndef CL_JSON_SCHEMA_H
#define CL_JSON_SCHEMA_H

#include "grammar/json.h"

cl_json_key cl_config_json_key(const cl_block *const *chain, unsigned n, const char *key);

#endif
