/* writeall.h: a whole buffer to a file descriptor, through short writes
 * and interrupted ones, or a clear failure (errno says why: ENOSPC, EFBIG). */
#ifndef CL_WRITEALL_H
#define CL_WRITEALL_H

#include <stdbool.h>
#include <stddef.h>

bool cl_write_all(int fd, const void *p, size_t n);

#endif
