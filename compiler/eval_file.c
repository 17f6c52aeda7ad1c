/* eval_file.c: the files an expression reads (file(), templatefile(),
 * fileexists()...): paths against the module's directory, and whether one
 * leads outside the configuration.  Evaluating expressions is eval.c. */
#include "compiler/eval.h"
#include "util/path.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static const char *full_path(cl_eval_ctx *ctx, const char *path)
{
	return path[0] == '/' || !ctx->basedir ? path : cl_arena_printf(ctx->arena, "%s/%s", ctx->basedir, path);
}

int cl_eval_file_default(cl_eval_ctx *ctx, const char *path, char **data, size_t *len, const char **err)
{
	const char *full = full_path(ctx, path);
	struct stat st;
	if (stat(full, &st) != 0 || !S_ISREG(st.st_mode)) {
		if (!data)
			return 0;
		*err = cl_arena_printf(ctx->arena, "no file exists at \"%s\"; this function works only with files that are "
		                       "distributed as part of the configuration source code", path);
		return -1;
	}
	if (!data)
		return 1;
	FILE *f = fopen(full, "rb");
	if (!f) {
		*err = cl_arena_printf(ctx->arena, "cannot read \"%s\": %s", path, strerror(errno));
		return -1;
	}
	char *buf = cl_arena_alloc(ctx->arena, (size_t)st.st_size + 1);
	size_t got = fread(buf, 1, (size_t)st.st_size, f);
	fclose(f);
	*data = buf;
	*len = got;
	return 0;
}

const char *cl_eval_path_escape(cl_eval_ctx *ctx, const char *path)
{
	return cl_path_escape(ctx->arena, ctx->rootdir, full_path(ctx, path));
}
