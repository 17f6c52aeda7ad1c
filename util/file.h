/* file.h: the two ways clicamosc writes a file, both mode 0600 and neither
 * ever writing through a symbolic link: a whole file replaced atomically,
 * and a private file opened in place (the journal, the lock info). */
#ifndef CL_FILE_H
#define CL_FILE_H

#include <stdbool.h>
#include <stddef.h>

/* path := data, or left as it was: a temporary file made beside it with
 * mkostemp (0600, a fresh name, so no leftover or link is ever opened),
 * written, fsynced and renamed over path (which replaces a link, never
 * follows it), then the directory fsynced so the rename survives a power
 * cut.  False with errno set and *step naming what failed ("create a
 * temporary file beside", "write", "replace"). */
bool cl_file_replace(const char *path, const void *data, size_t len, const char **step);

/* Opens (creating it if needed) a file that only we may read, for reading
 * and writing in place: O_NOFOLLOW, mode 0600 (an older file's mode is
 * put right), a regular file with one link.  -1 with errno: ELOOP when
 * path is a symbolic link, EMLINK when it has other hard links, EINVAL
 * when it is not a regular file.  flags: extra open flags (O_APPEND). */
int cl_file_open_private(const char *path, int flags);
/* What errno from the above means, for a message: "it is a symbolic
 * link, which is refused" rather than "Too many levels of symbolic links". */
const char *cl_file_strerror(int e);

#endif
