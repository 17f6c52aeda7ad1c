/* stdlib.h: the embedded standard library: the kinds (network,
 * security_group, elb, asg) written in .cl under stdlib/ and compiled into
 * the binary by tools/embed.sh.  This header only lists them. */
#ifndef CL_STDLIB_H
#define CL_STDLIB_H

typedef struct cl_stdlib_file {
	const char *kind;      /* "network" */
	const char *path;      /* "stdlib/network.cl", for messages */
	const char *text;
	unsigned len;
} cl_stdlib_file;

extern const cl_stdlib_file cl_stdlib_files[];
extern const unsigned cl_stdlib_nfiles;

#endif
