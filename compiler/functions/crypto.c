/* crypto.c: hashes of strings and files (md5, sha1, sha256, sha512, their
 * base64 forms) through OpenSSL's EVP, and uuid (random, version 4). */
#include "compiler/functions/fn.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

enum { HEX, BASE64 };

static cl_value *digest(cl_fn_call *c, const EVP_MD *md, const char *p, size_t len, int form)
{
	unsigned char out[EVP_MAX_MD_SIZE];
	unsigned n = 0;
	if (!EVP_Digest(p, len, out, &n, md, NULL))
		return fn_error(c, "the hash could not be computed");
	cl_buf b = CL_BUF_INIT;
	if (form == BASE64)
		fn_base64(&b, out, n);
	else
		for (unsigned i = 0; i < n; i++)
			cl_buf_printf(&b, "%02x", out[i]);
	return fn_buf(c, &b);
}

static cl_value *hash_arg(cl_fn_call *c, cl_value **args, const EVP_MD *md, int form)
{
	return digest(c, md, args[0]->u.str.s, args[0]->u.str.len, form);
}

static cl_value *hash_file(cl_fn_call *c, cl_value **args, const EVP_MD *md, int form)
{
	size_t len;
	char *data = fn_read_file(c, 0, args[0], &len);
	return data ? digest(c, md, data, len, form) : NULL;
}

cl_value *fn_md5(cl_fn_call *c, cl_value **args, uint32_t n) { return hash_arg(c, args, EVP_md5(), HEX); }
cl_value *fn_sha1(cl_fn_call *c, cl_value **args, uint32_t n) { return hash_arg(c, args, EVP_sha1(), HEX); }
cl_value *fn_sha256(cl_fn_call *c, cl_value **args, uint32_t n) { return hash_arg(c, args, EVP_sha256(), HEX); }
cl_value *fn_sha512(cl_fn_call *c, cl_value **args, uint32_t n) { return hash_arg(c, args, EVP_sha512(), HEX); }
cl_value *fn_base64sha256(cl_fn_call *c, cl_value **args, uint32_t n) { return hash_arg(c, args, EVP_sha256(), BASE64); }
cl_value *fn_base64sha512(cl_fn_call *c, cl_value **args, uint32_t n) { return hash_arg(c, args, EVP_sha512(), BASE64); }
cl_value *fn_filemd5(cl_fn_call *c, cl_value **args, uint32_t n) { return hash_file(c, args, EVP_md5(), HEX); }
cl_value *fn_filesha1(cl_fn_call *c, cl_value **args, uint32_t n) { return hash_file(c, args, EVP_sha1(), HEX); }
cl_value *fn_filesha256(cl_fn_call *c, cl_value **args, uint32_t n) { return hash_file(c, args, EVP_sha256(), HEX); }
cl_value *fn_filesha512(cl_fn_call *c, cl_value **args, uint32_t n) { return hash_file(c, args, EVP_sha512(), HEX); }
cl_value *fn_filebase64sha512(cl_fn_call *c, cl_value **args, uint32_t n) { return hash_file(c, args, EVP_sha512(), BASE64); }
cl_value *fn_filebase64sha256(cl_fn_call *c, cl_value **args, uint32_t n) { return hash_file(c, args, EVP_sha256(), BASE64); }

cl_value *fn_uuid(cl_fn_call *c, cl_value **args, uint32_t n)
{
	unsigned char u[16];
	if (RAND_bytes(u, sizeof u) != 1)
		return fn_error(c, "no random bytes available");
	u[6] = (unsigned char)((u[6] & 0x0F) | 0x40);   /* version 4 */
	u[8] = (unsigned char)((u[8] & 0x3F) | 0x80);   /* RFC 4122 variant */
	cl_buf b = CL_BUF_INIT;
	for (int i = 0; i < 16; i++)
		cl_buf_printf(&b, "%s%02x", i == 4 || i == 6 || i == 8 || i == 10 ? "-" : "", u[i]);
	return fn_buf(c, &b);
}
