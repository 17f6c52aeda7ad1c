/* writeall.c: see writeall.h.  A write that makes no progress fails rather
 * than loops: a full disk is reported, not waited out. */
#include "util/writeall.h"

#include <errno.h>
#include <unistd.h>

bool cl_write_all(int fd, const void *p, size_t n)
{
	const char *c = p;
	while (n) {
		ssize_t w = write(fd, c, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w == 0)
			errno = ENOSPC;
		if (w <= 0)
			return false;
		c += w;
		n -= (size_t)w;
	}
	return true;
}
