/* file.c: atomic replacement and private in-place files (see file.h).
 * What a file holds and what a failure means to the user is the
 * caller's business; here only the system calls and their order. */
#include "util/file.h"
#include "util/buf.h"
#include "util/fatal.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		p += w;
		n -= (size_t)w;
	}
	return true;
}

bool cl_file_replace(const char *path, const void *data, size_t len, const char **step)
{
	char *dcopy = cl_xstrdup(path), *bcopy = cl_xstrdup(path);
	const char *dir = dirname(dcopy);
	cl_buf tmp = CL_BUF_INIT;
	cl_buf_printf(&tmp, "%s/.%s.tmp.XXXXXX", dir, basename(bcopy));
	bool ok = false;
	int e = 0;
	int fd = mkostemp(tmp.data, O_CLOEXEC);    /* mode 0600 */
	if (fd < 0) {
		e = errno, *step = "create a temporary file beside";
	} else if (!write_all(fd, data, len) || fsync(fd) < 0) {
		e = errno, *step = "write";
		close(fd);
		unlink(tmp.data);
	} else if (close(fd) < 0 || rename(tmp.data, path) < 0) {
		e = errno, *step = "replace";
		unlink(tmp.data);
	} else {
		int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd >= 0) {
			fsync(dfd);
			close(dfd);
		}
		ok = true;
	}
	cl_buf_free(&tmp);
	free(dcopy);
	free(bcopy);
	errno = e;
	return ok;
}

int cl_file_open_private(const char *path, int flags)
{
	int fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC | flags, 0600);
	if (fd < 0)
		return -1;
	struct stat st;
	int e = 0;
	if (fstat(fd, &st) < 0)
		e = errno;
	else if (!S_ISREG(st.st_mode))
		e = EINVAL;
	else if (st.st_nlink > 1)
		e = EMLINK;     /* a hard link would let us write someone else's file */
	else if ((st.st_mode & 07777) != 0600 && fchmod(fd, 0600) < 0)
		e = errno;
	if (e) {
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

const char *cl_file_strerror(int e)
{
	switch (e) {
	case ELOOP: return "it is a symbolic link, which is refused (remove it)";
	case EMLINK: return "it has other hard links, which is refused (remove it)";
	case EINVAL: return "it is not a regular file";
	default: return strerror(e);
	}
}
