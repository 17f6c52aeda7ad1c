/* fn.h: what the function families (numeric.c, string.c, ...) share: the
 * call being made, error helpers that name the parameter, and a few value
 * builders.  Internal to compiler/functions/; the interface is functions.h. */
#ifndef CL_FN_H
#define CL_FN_H

#include "compiler/convert.h"
#include "compiler/functions.h"

#include <string.h>

struct cl_fn_call {
	cl_eval_ctx *ctx;
	cl_arena *a;               /* ctx->arena */
	const cl_function *fn;
	const cl_expr *call;       /* the CALL node; its args locate errors */
	cl_value **args;           /* as given (NULL for lazy functions): their marks */
	uint32_t nargs;
};

/* Both report and return NULL, for "return fn_arg_error(...);".
 * fn_arg_error: 'Invalid value for "index" parameter: <msg>.' at argument i.
 * fn_error: 'Call to function "element" failed: <msg>.' at the call.
 * When the argument (any argument, for fn_error) is sensitive, the message
 * is withheld: it may quote the value. */
cl_value *fn_arg_error(cl_fn_call *c, uint32_t i, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
cl_value *fn_error(cl_fn_call *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* v (argument i) as a whole number; reports and returns false otherwise. */
bool fn_int(cl_fn_call *c, uint32_t i, const cl_value *v, int64_t *out);
/* A string value from a buffer, which is freed. */
cl_value *fn_buf(cl_fn_call *c, cl_buf *b);
/* A list of the elements' common type. */
cl_value *fn_list(cl_fn_call *c, cl_value **v, uint32_t n);
/* A list of strings from C strings. */
cl_value *fn_strings(cl_fn_call *c, const char **s, uint32_t n);

/* Parameter types used by several families. */
extern const cl_type fn_list_string, fn_set_string, fn_list_any, fn_set_any, fn_map_any;

/* Implementations, by family. */
cl_fn_impl fn_abs, fn_ceil, fn_floor, fn_log, fn_max, fn_min, fn_parseint, fn_pow, fn_signum, fn_sum;
cl_fn_impl fn_chomp, fn_endswith, fn_format, fn_formatlist, fn_indent, fn_join, fn_lower,
	fn_regex, fn_regexall, fn_replace, fn_split, fn_startswith, fn_strrev, fn_substr, fn_title,
	fn_trim, fn_trimprefix, fn_trimspace, fn_trimsuffix, fn_upper, fn_strcontains;
cl_fn_impl fn_alltrue, fn_anytrue, fn_chunklist, fn_coalesce, fn_coalescelist, fn_compact,
	fn_concat, fn_contains, fn_distinct, fn_element, fn_flatten, fn_index, fn_keys, fn_length,
	fn_lookup, fn_matchkeys, fn_merge, fn_one, fn_range, fn_reverse, fn_setintersection, fn_setproduct,
	fn_setsubtract, fn_setunion, fn_slice, fn_sort, fn_transpose, fn_values, fn_zipmap;
cl_fn_impl fn_base64decode, fn_base64encode, fn_csvdecode, fn_jsondecode, fn_jsonencode, fn_urlencode,
	fn_yamlencode;
cl_fn_impl fn_md5, fn_sha1, fn_sha256, fn_sha512, fn_base64sha256, fn_base64sha512, fn_uuid,
	fn_filebase64sha256, fn_filebase64sha512, fn_filemd5, fn_filesha1, fn_filesha256, fn_filesha512;
cl_fn_impl fn_cidrhost, fn_cidrnetmask, fn_cidrsubnet, fn_cidrsubnets;
cl_fn_impl fn_file, fn_fileexists, fn_filebase64, fn_templatefile, fn_basename, fn_dirname, fn_abspath,
	fn_pathexpand;
cl_fn_impl fn_tostring, fn_tonumber, fn_tobool, fn_tolist, fn_toset, fn_tomap, fn_try, fn_can,
	fn_type, fn_sensitive, fn_nonsensitive, fn_issensitive;
cl_fn_impl fn_timestamp, fn_formatdate, fn_timeadd, fn_timecmp, fn_plantimestamp;
cl_fn_impl fn_base64gzip, fn_textencodebase64, fn_textdecodebase64;
cl_fn_impl fn_yamldecode, fn_uuidv5, fn_bcrypt, fn_rsadecrypt, fn_templatestring, fn_fileset, fn_ephemeralasnull;

/* Reads path (argument i) through ctx->file, into the arena. */
char *fn_read_file(cl_fn_call *c, uint32_t i, const cl_value *path, size_t *len);
/* Base64 of bytes (encoding.c), for the crypto functions. */
void fn_base64(cl_buf *b, const unsigned char *p, size_t n);
/* Decodes standard padded base64 into b; false with *bad_at (the offset of
 * the first bad symbol) when it is not. */
bool fn_base64_decode(cl_buf *b, const char *s, size_t len, size_t *bad_at);

#endif
