/* modsource.h: module source addresses as Terraform reads them: a local
 * path, git:: (https, ssh, file) with ?ref= and //subdir, the github.com/
 * shorthand, a registry address (HOST/NAMESPACE/NAME/SYSTEM), an http(s)
 * archive.  Parsing only; fetching is fetch/'s business. */
#ifndef CL_MODSOURCE_H
#define CL_MODSOURCE_H

#include "util/arena.h"

#include <stdbool.h>

typedef enum cl_modsrc_kind {
	CL_MODSRC_LOCAL, CL_MODSRC_GIT, CL_MODSRC_REGISTRY, CL_MODSRC_ARCHIVE, CL_MODSRC_BAD,
} cl_modsrc_kind;

#define CL_REGISTRY_DEFAULT_HOST "registry.terraform.io"

typedef struct cl_modsrc {
	cl_modsrc_kind kind;
	const char *url;       /* GIT: what git clones; ARCHIVE: the URL */
	const char *ref;       /* GIT: ?ref=, or NULL */
	const char *subdir;    /* //subdir, or NULL */
	const char *host, *ns, *name, *system;   /* REGISTRY */
	const char *addr;      /* as Terraform records it in modules.json */
	const char *why;       /* BAD: what is wrong, and what to write */
} cl_modsrc;

/* Strings live in a. */
cl_modsrc cl_modsrc_parse(cl_arena *a, const char *source);

#endif
