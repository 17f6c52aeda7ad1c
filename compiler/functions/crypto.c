/* crypto.c: hashes of strings and files (md5, sha1, sha256, sha512, their
 * base64 forms) through OpenSSL's EVP, uuid (random, version 4) and uuidv5,
 * bcrypt (libcrypt) and rsadecrypt (OpenSSL). */
#include "compiler/functions/fn.h"

#include <crypt.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>

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

/* The 16 bytes as a UUID of the given version, in 8-4-4-4-12 hex form. */
static cl_value *uuid_value(cl_fn_call *c, unsigned char *u, int version)
{
	u[6] = (unsigned char)((u[6] & 0x0F) | version << 4);
	u[8] = (unsigned char)((u[8] & 0x3F) | 0x80);   /* RFC 4122 variant */
	cl_buf b = CL_BUF_INIT;
	for (int i = 0; i < 16; i++)
		cl_buf_printf(&b, "%s%02x", i == 4 || i == 6 || i == 8 || i == 10 ? "-" : "", u[i]);
	return fn_buf(c, &b);
}

cl_value *fn_uuid(cl_fn_call *c, cl_value **args, uint32_t n)
{
	unsigned char u[16];
	if (RAND_bytes(u, sizeof u) != 1)
		return fn_error(c, "no random bytes available");
	return uuid_value(c, u, 4);
}

/* uuidv5: SHA-1 of the namespace's bytes and the name (RFC 4122 section
 * 4.3); the namespace is "dns", "url", "oid", "x500" or a UUID. */
static bool parse_uuid(const char *s, unsigned char out[16])
{
	int k = 0;
	for (size_t i = 0; s[i]; i++) {
		if (s[i] == '-' && (i == 8 || i == 13 || i == 18 || i == 23))
			continue;
		int h = s[i] >= '0' && s[i] <= '9' ? s[i] - '0' : (s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'f' ? (s[i] | 0x20) - 'a' + 10 : -1;
		if (h < 0 || k >= 32)
			return false;
		out[k / 2] = (unsigned char)(k % 2 ? out[k / 2] | h : h << 4);
		k++;
	}
	return k == 32;
}

cl_value *fn_uuidv5(cl_fn_call *c, cl_value **args, uint32_t n)
{
	static const struct { const char *name, *uuid; } known[] = {
		{ "dns", "6ba7b810-9dad-11d1-80b4-00c04fd430c8" },
		{ "url", "6ba7b811-9dad-11d1-80b4-00c04fd430c8" },
		{ "oid", "6ba7b812-9dad-11d1-80b4-00c04fd430c8" },
		{ "x500", "6ba7b814-9dad-11d1-80b4-00c04fd430c8" },
	};
	const char *ns = args[0]->u.str.s;
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
		if (!strcmp(ns, known[i].name))
			ns = known[i].uuid;
	unsigned char space[16], sum[EVP_MAX_MD_SIZE];
	if (!parse_uuid(ns, space))
		return fn_arg_error(c, 0, "uuidv5() doesn't support namespace %s (invalid UUID length: %zu)", args[0]->u.str.s,
		                    args[0]->u.str.len);
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	unsigned len = 0;
	bool ok = md && EVP_DigestInit_ex(md, EVP_sha1(), NULL) && EVP_DigestUpdate(md, space, 16) &&
	          EVP_DigestUpdate(md, args[1]->u.str.s, args[1]->u.str.len) && EVP_DigestFinal_ex(md, sum, &len);
	EVP_MD_CTX_free(md);
	if (!ok)
		return fn_error(c, "the hash could not be computed");
	return uuid_value(c, sum, 5);
}

/* bcrypt through libcrypt, with the $2a$ prefix Go's bcrypt writes (the
 * same algorithm as $2b$ for passwords under 255 bytes). */
cl_value *fn_bcrypt(cl_fn_call *c, cl_value **args, uint32_t n)
{
	int64_t cost = 10;   /* Go's bcrypt.DefaultCost */
	if (n > 2)
		return fn_error(c, "bcrypt() takes no more than two arguments");
	if (n == 2 && !fn_int(c, 1, args[1], &cost))
		return NULL;
	if (cost < 4)
		cost = 10;   /* as Go's GenerateFromPassword: below MinCost means the default */
	if (cost > 31)
		return fn_error(c, "crypto/bcrypt: cost %lld is outside allowed range (4,31)", (long long)cost);
	if (args[0]->u.str.len > 72)
		return fn_error(c, "bcrypt: password length exceeds 72 bytes");
	char salt[CRYPT_GENSALT_OUTPUT_SIZE];
	if (!crypt_gensalt_rn("$2a$", (unsigned long)cost, NULL, 0, salt, sizeof salt) &&
	    !crypt_gensalt_rn("$2b$", (unsigned long)cost, NULL, 0, salt, sizeof salt))
		return fn_error(c, "bcrypt: no random salt could be made");
	struct crypt_data *cd = CL_NEW(c->a, struct crypt_data);
	const char *h = crypt_r(args[0]->u.str.s, salt, cd);
	if (!h || h[0] == '*')
		return fn_error(c, "bcrypt: the hash could not be computed");
	return cl_value_cstr(c->a, h);
}

/* rsadecrypt: RSA PKCS #1 v1.5, the key in PEM (PKCS #1 or PKCS #8). */
cl_value *fn_rsadecrypt(cl_fn_call *c, cl_value **args, uint32_t n)
{
	cl_buf ct = CL_BUF_INIT;
	size_t at;
	if (!fn_base64_decode(&ct, args[0]->u.str.s, args[0]->u.str.len, &at)) {
		cl_buf_free(&ct);
		return fn_arg_error(c, 0, "failed to decode input \"%s\": cipher text must be base64-encoded",
		                    args[0]->u.str.s);
	}
	BIO *bio = BIO_new_mem_buf(args[1]->u.str.s, (int)args[1]->u.str.len);
	EVP_PKEY *key = bio ? PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL) : NULL;
	BIO_free(bio);
	if (!key) {
		cl_buf_free(&ct);
		return fn_arg_error(c, 1, "invalid private key: failed to parse key: the key is not a PEM RSA private key");
	}
	EVP_PKEY_CTX *pc = EVP_PKEY_CTX_new(key, NULL);
	size_t len = 0;
	unsigned char *out = NULL;
	bool ok = pc && EVP_PKEY_decrypt_init(pc) > 0 && EVP_PKEY_CTX_set_rsa_padding(pc, RSA_PKCS1_PADDING) > 0 &&
	          EVP_PKEY_decrypt(pc, NULL, &len, (unsigned char *)ct.data, ct.len) > 0;
	if (ok) {
		out = cl_arena_alloc(c->a, len + 1);
		ok = EVP_PKEY_decrypt(pc, out, &len, (unsigned char *)ct.data, ct.len) > 0;
	}
	EVP_PKEY_CTX_free(pc);
	EVP_PKEY_free(key);
	cl_buf_free(&ct);
	if (!ok)
		return fn_error(c, "failed to decrypt: crypto/rsa: decryption error");
	if (!cl_utf8_valid((const char *)out, len))
		return fn_error(c, "the decrypted text is not valid UTF-8");
	return cl_value_string(c->a, (const char *)out, len);
}
