/* modmanifest.h: where `init` installed each remote module.  clicamosc's
 * manifest is .clicamosc/modules/modules.json; Terraform's
 * .terraform/modules/modules.json (the same layout) is read as it is, so a
 * checkout that ran terraform init needs no network.  Paths are relative to
 * the working directory, as Terraform's are. */
#ifndef CL_MODMANIFEST_H
#define CL_MODMANIFEST_H

#include "compiler/modsource.h"
#include "util/diag.h"

#define CL_MODULES_DIR ".clicamosc/modules"
#define CL_MODULES_MANIFEST CL_MODULES_DIR "/modules.json"
#define CL_TF_MODULES_MANIFEST ".terraform/modules/modules.json"

/* The directory of the module call key ("net", "net.subnets") whose source
 * is src (written as raw) and version constraint constraint (or NULL), or
 * NULL with an error at `at` that names init. */
const char *cl_modmanifest_dir(cl_arena *a, const char *key, const cl_modsrc *src, const char *raw,
                               const char *constraint, cl_range at, cl_diags *d);

#endif
