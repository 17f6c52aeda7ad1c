/* text.c: base64gzip (zlib, with Go's gzip header), textencodebase64 and
 * textdecodebase64 (iconv between UTF-8 and a named character encoding). */
#include "compiler/functions/fn.h"

#include <errno.h>
#include <iconv.h>
#include <strings.h>
#include <zlib.h>

/* Go's gzip.Writer header: no name, no time, OS "unknown" (255). */
static const unsigned char gzip_head[10] = { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255 };

cl_value *fn_base64gzip(cl_fn_call *c, cl_value **args, uint32_t n)
{
	const cl_value *s = args[0];
	z_stream z = { 0 };
	if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return fn_error(c, "failed to compress: %s", z.msg ? z.msg : "zlib failed");
	size_t cap = deflateBound(&z, s->u.str.len) + sizeof gzip_head + 5 + 8 + 16;
	unsigned char *out = cl_arena_alloc(c->a, cap);
	memcpy(out, gzip_head, sizeof gzip_head);
	z.next_in = (unsigned char *)s->u.str.s;
	z.avail_in = (uInt)s->u.str.len;
	z.next_out = out + sizeof gzip_head;
	z.avail_out = (uInt)(cap - sizeof gzip_head - 8);
	/* As Terraform: Write, Flush (a sync flush: the data in a non-final
	 * block and an empty stored block), Close (a final empty stored block). */
	int rc = deflate(&z, Z_SYNC_FLUSH);
	size_t len = sizeof gzip_head + z.total_out;
	deflateEnd(&z);
	if (rc != Z_OK || z.avail_in)
		return fn_error(c, "failed to compress");
	static const unsigned char final_block[] = { 1, 0, 0, 0xff, 0xff };
	memcpy(out + len, final_block, sizeof final_block);
	len += sizeof final_block;
	uLong crc = crc32(0, (const Bytef *)s->u.str.s, (uInt)s->u.str.len);
	for (int i = 0; i < 4; i++)
		out[len++] = (unsigned char)(crc >> (8 * i));
	for (int i = 0; i < 4; i++)
		out[len++] = (unsigned char)(s->u.str.len >> (8 * i));
	cl_buf b = CL_BUF_INIT;
	fn_base64(&b, out, len);
	return fn_buf(c, &b);
}

/* Converts in[0..len) from one encoding to another; false with *bad set
 * (1: a character the target cannot represent, 2: invalid input). */
static bool convert(cl_fn_call *c, const char *to, const char *from, const char *in, size_t len, cl_buf *out, int *bad)
{
	iconv_t cd = iconv_open(to, from);
	*bad = 0;
	if (cd == (iconv_t)-1)
		return false;
	char buf[4096];
	char *ip = (char *)in;
	size_t il = len;
	bool ok = true;
	for (;;) {
		char *op = buf;
		size_t ol = sizeof buf;
		size_t r = iconv(cd, il ? &ip : NULL, &il, &op, &ol);
		cl_buf_add(out, buf, (size_t)(op - buf));
		if (r != (size_t)-1) {
			if (!il)
				break;
			continue;
		}
		if (errno == E2BIG)
			continue;
		*bad = errno == EILSEQ && from[0] == 'U' && !strcmp(from, "UTF-8") ? 1 : 2;
		ok = false;
		break;
	}
	iconv_close(cd);
	return ok;
}

static bool known_encoding(const char *name)
{
	iconv_t cd = iconv_open("UTF-8", name);
	if (cd == (iconv_t)-1)
		return false;
	iconv_close(cd);
	return true;
}

cl_value *fn_textencodebase64(cl_fn_call *c, cl_value **args, uint32_t n)
{
	const char *enc = args[1]->u.str.s;
	if (!*enc || !known_encoding(enc))
		return fn_arg_error(c, 1, "\"%s\" is not a supported IANA encoding name or alias in this Terraform version",
		                    enc);
	cl_buf out = CL_BUF_INIT;
	int bad;
	if (!strcasecmp(enc, "UTF-16")) {
		/* IANA's UTF-16, as Go writes it: a byte order mark, big-endian. */
		cl_buf_add(&out, "\xfe\xff", 2);
		enc = "UTF-16BE";
	}
	if (!convert(c, enc, "UTF-8", args[0]->u.str.s, args[0]->u.str.len, &out, &bad)) {
		cl_buf_free(&out);
		return fn_arg_error(c, 0, "the given string contains characters that cannot be represented in %s", enc);
	}
	cl_buf b = CL_BUF_INIT;
	fn_base64(&b, (const unsigned char *)out.data, out.len);
	cl_buf_free(&out);
	return fn_buf(c, &b);
}

cl_value *fn_textdecodebase64(cl_fn_call *c, cl_value **args, uint32_t n)
{
	const char *enc = args[1]->u.str.s;
	if (!*enc || !known_encoding(enc))
		return fn_arg_error(c, 1, "\"%s\" is not a supported IANA encoding name or alias in this Terraform version",
		                    enc);
	cl_buf raw = CL_BUF_INIT, out = CL_BUF_INIT;
	size_t at;
	if (!fn_base64_decode(&raw, args[0]->u.str.s, args[0]->u.str.len, &at)) {
		cl_buf_free(&raw);
		return fn_arg_error(c, 0, "the given value is has an invalid base64 symbol at offset %zu", at);
	}
	int bad;
	bool ok = convert(c, "UTF-8", enc, raw.data, raw.len, &out, &bad);
	cl_buf_free(&raw);
	if (!ok) {
		cl_buf_free(&out);
		return fn_arg_error(c, 0, "the given value is not valid %s", enc);
	}
	return fn_buf(c, &out);
}
