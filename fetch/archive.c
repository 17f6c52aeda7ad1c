/* archive.c: a module package that is an archive (.tar.gz, .zip, ...),
 * unpacked with libarchive.  Every entry is checked before it is written:
 * a path that is absolute or climbs out with "..", a link whose target
 * would lead out of the module directory, a device: the whole package is
 * refused and nothing of it stays. */
#include "fetch/fetch.h"
#include "util/fatal.h"

#include <archive.h>
#include <archive_entry.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Does the relative path, taken from directory depth `depth` of the module,
 * stay inside it?  Lexically: ".." may not climb above the top. */
static bool stays_inside(const char *path, int depth)
{
	if (path[0] == '/')
		return false;
	for (const char *p = path; *p;) {
		size_t n = strcspn(p, "/");
		if (n == 2 && !strncmp(p, "..", 2))
			depth--;
		else if (n && !(n == 1 && p[0] == '.'))
			depth++;
		if (depth < 0)
			return false;
		p += n + (p[n] == '/');
	}
	return true;
}

static int dir_depth(const char *path)
{
	int depth = 0;
	for (const char *p = path; *p;) {
		size_t n = strcspn(p, "/");
		if (n && !(n == 1 && p[0] == '.'))
			depth++;
		p += n + (p[n] == '/');
	}
	return depth - 1;   /* the entry's own name is not a directory it is in */
}

static const char *refusal(struct archive_entry *e)
{
	const char *path = archive_entry_pathname(e);
	mode_t type = archive_entry_filetype(e);
	if (!path || !stays_inside(path, 0))
		return "its path leads outside the module directory";
	if (type != AE_IFREG && type != AE_IFDIR && type != AE_IFLNK)
		return "it is neither a file, a directory nor a symbolic link";
	const char *link = archive_entry_symlink(e);
	if (type == AE_IFLNK && (!link || !stays_inside(link, dir_depth(path))))
		return "it is a symbolic link to outside the module directory";
	const char *hard = archive_entry_hardlink(e);
	if (hard && !stays_inside(hard, 0))
		return "it is a hard link to outside the module directory";
	return NULL;
}

bool fetch_unpack(const void *data, size_t len, const char *dest, const char *what, cl_range at, cl_diags *d)
{
	struct archive *in = archive_read_new(), *out = archive_write_disk_new();
	archive_read_support_filter_all(in);
	archive_read_support_format_tar(in);
	archive_read_support_format_zip(in);
	/* No ARCHIVE_EXTRACT_PERM: modes are the archive's less the umask, and
	 * never setuid, setgid or sticky (init may run as root). */
	archive_write_disk_set_options(out, ARCHIVE_EXTRACT_SECURE_NODOTDOT | ARCHIVE_EXTRACT_SECURE_SYMLINKS |
	                                        ARCHIVE_EXTRACT_SECURE_NOABSOLUTEPATHS);
	bool ok = archive_read_open_memory(in, data, len) == ARCHIVE_OK;
	if (!ok)
		cl_diag_error(d, at, "%s is not an archive clicamosc can read: %s", what, archive_error_string(in));
	mkdir(dest, 0755);
	struct archive_entry *e;
	int r;
	while (ok && (r = archive_read_next_header(in, &e)) == ARCHIVE_OK) {
		const char *why = refusal(e);
		if (why) {
			cl_diag_error(d, at, "%s holds \"%s\", refused: %s", what, archive_entry_pathname(e), why);
			cl_diag_hint(d, "a module package unpacks into its own directory only; nothing of it was kept");
			ok = false;
			break;
		}
		char *full = cl_xstrdup(archive_entry_pathname(e));
		cl_buf p = CL_BUF_INIT;
		cl_buf_printf(&p, "%s/%s", dest, full);
		archive_entry_set_pathname(e, cl_buf_str(&p));
		if (archive_entry_hardlink(e)) {
			cl_buf h = CL_BUF_INIT;
			cl_buf_printf(&h, "%s/%s", dest, archive_entry_hardlink(e));
			archive_entry_set_hardlink(e, cl_buf_str(&h));
			cl_buf_free(&h);
		}
		if (archive_write_header(out, e) != ARCHIVE_OK) {
			cl_diag_error(d, at, "%s: cannot unpack \"%s\": %s", what, full, archive_error_string(out));
			ok = false;
		} else {
			const void *buf;
			size_t size;
			la_int64_t off;
			while ((r = archive_read_data_block(in, &buf, &size, &off)) == ARCHIVE_OK)
				if (archive_write_data_block(out, buf, size, off) != ARCHIVE_OK)
					break;
			if (r != ARCHIVE_EOF) {
				cl_diag_error(d, at, "%s: \"%s\" is damaged: %s", what, full, archive_error_string(in));
				ok = false;
			}
			archive_write_finish_entry(out);
		}
		free(full);
		cl_buf_free(&p);
	}
	if (ok && r != ARCHIVE_EOF) {
		cl_diag_error(d, at, "%s is not an archive clicamosc can read: %s", what, archive_error_string(in));
		ok = false;
	}
	archive_read_free(in);
	archive_write_free(out);
	if (!ok)
		fetch_rmtree(dest);
	return ok;
}

bool fetch_archive(const char *url, const char *dest, cl_range at, cl_diags *d)
{
	fetch_response r;
	if (!fetch_http_get(url, &r, at, d))
		return false;
	bool ok = false;
	if (r.status != 200) {
		cl_diag_error(d, at, "GET %s answered %ld", url, r.status);
	} else {
		char *what = cl_xstrdup(url);
		ok = fetch_unpack(r.body.data, r.body.len, dest, what, at, d);
		free(what);
	}
	fetch_response_free(&r);
	return ok;
}
