/* network.c: cidrhost, cidrnetmask, cidrsubnet, cidrsubnets for IPv4 and
 * IPv6, with the arithmetic of Terraform's go-cidr (addresses as 128-bit
 * integers; IPv4 uses the low 32 bits). */
#include "compiler/functions/fn.h"

#include <arpa/inet.h>
#include <stdlib.h>

typedef unsigned __int128 u128;

typedef struct net {
	u128 addr;      /* the network address (host bits cleared) */
	int plen;       /* prefix length */
	int bits;       /* 32 or 128 */
} net;

static u128 mask(int plen, int bits)
{
	u128 all = bits == 128 ? ~(u128)0 : ((u128)1 << 32) - 1;
	return plen == 0 ? 0 : all & ~((((u128)1) << (bits - plen)) - 1);
}

static bool parse(cl_fn_call *c, uint32_t argi, const char *s, net *n)
{
	const char *slash = strchr(s, '/');
	char host[64];
	char *end;
	long plen = slash ? strtol(slash + 1, &end, 10) : -1;
	size_t hl = slash ? (size_t)(slash - s) : 0;
	unsigned char raw[16];
	if (!slash || hl >= sizeof host || *end || end == slash + 1)
		goto bad;
	memcpy(host, s, hl);
	host[hl] = 0;
	n->addr = 0;
	if (inet_pton(AF_INET, host, raw) == 1) {
		n->bits = 32;
		for (int i = 0; i < 4; i++)
			n->addr = n->addr << 8 | raw[i];
	} else if (inet_pton(AF_INET6, host, raw) == 1) {
		n->bits = 128;
		for (int i = 0; i < 16; i++)
			n->addr = n->addr << 8 | raw[i];
	} else {
		goto bad;
	}
	if (plen < 0 || plen > n->bits)
		goto bad;
	n->plen = (int)plen;
	n->addr &= mask(n->plen, n->bits);
	return true;
bad:
	fn_arg_error(c, argi, "invalid CIDR expression: invalid CIDR address: %s", s);
	return false;
}

static void addr_str(cl_buf *b, u128 a, int bits)
{
	unsigned char raw[16];
	int nb = bits / 8;
	for (int i = nb - 1; i >= 0; i--, a >>= 8)
		raw[i] = (unsigned char)(a & 0xFF);
	char s[INET6_ADDRSTRLEN];
	inet_ntop(bits == 32 ? AF_INET : AF_INET6, raw, s, sizeof s);
	cl_buf_puts(b, s);
}

static cl_value *cidr_value(cl_fn_call *c, u128 a, int plen, int bits)
{
	cl_buf b = CL_BUF_INIT;
	addr_str(&b, a, bits);
	cl_buf_printf(&b, "/%d", plen);
	return fn_buf(c, &b);
}

cl_value *fn_cidrhost(cl_fn_call *c, cl_value **args, uint32_t n)
{
	net nw;
	int64_t num;
	if (!parse(c, 0, args[0]->u.str.s, &nw) || !fn_int(c, 1, args[1], &num))
		return NULL;
	int hostbits = nw.bits - nw.plen;
	u128 max = hostbits >= 127 ? ~(u128)0 : (u128)1 << hostbits;
	u128 h = num < 0 ? max - (u128)(-(num + 1)) - 1 : (u128)num;
	if ((num < 0 && (u128)(-(num + 1)) >= max) || (num >= 0 && h >= max))
		return fn_error(c, "prefix of %d does not accommodate a host numbered %lld", nw.plen, (long long)num);
	cl_buf b = CL_BUF_INIT;
	addr_str(&b, nw.addr | h, nw.bits);
	return fn_buf(c, &b);
}

cl_value *fn_cidrnetmask(cl_fn_call *c, cl_value **args, uint32_t n)
{
	net nw;
	if (!parse(c, 0, args[0]->u.str.s, &nw))
		return NULL;
	if (nw.bits != 32)
		return fn_error(c, "IPv6 addresses cannot have a netmask: %s", args[0]->u.str.s);
	cl_buf b = CL_BUF_INIT;
	addr_str(&b, mask(nw.plen, 32), 32);
	return fn_buf(c, &b);
}

cl_value *fn_cidrsubnet(cl_fn_call *c, cl_value **args, uint32_t n)
{
	net nw;
	int64_t newbits, num;
	if (!parse(c, 0, args[0]->u.str.s, &nw) || !fn_int(c, 1, args[1], &newbits) ||
	    !fn_int(c, 2, args[2], &num))
		return NULL;
	if (newbits > 32)
		return fn_error(c, "may not extend prefix by more than 32 bits");
	if (newbits < 0 || nw.plen + newbits > nw.bits)
		return fn_error(c, "insufficient address space to extend prefix of %d by %lld", nw.plen, (long long)newbits);
	int plen = nw.plen + (int)newbits;
	if (num < 0 || (u128)num >= (u128)1 << newbits)
		return fn_error(c, "prefix extension of %lld does not accommodate a subnet numbered %lld",
		                (long long)newbits, (long long)num);
	return cidr_value(c, nw.addr | (u128)num << (nw.bits - plen), plen, nw.bits);
}

cl_value *fn_cidrsubnets(cl_fn_call *c, cl_value **args, uint32_t n)
{
	net nw;
	if (!parse(c, 0, args[0]->u.str.s, &nw))
		return NULL;
	cl_value **out = CL_NEWN(c->a, cl_value *, n);
	/* 0 stands for 2^128, the size of ::/0, which no u128 holds. */
	u128 net_size = nw.plen == 0 && nw.bits == 128 ? 0 : (u128)1 << (nw.bits - nw.plen);
	u128 next = nw.addr;   /* the first address not yet allocated */
	for (uint32_t i = 1; i < n; i++) {
		int64_t nb;
		if (!fn_int(c, i, args[i], &nb))
			return NULL;
		if (nb < 1)
			return fn_arg_error(c, i, "must extend prefix by at least one bit");
		if (nb > 32)
			return fn_arg_error(c, i, "may not extend prefix by more than 32 bits");
		int plen = nw.plen + (int)nb;
		if (plen > nw.bits)
			return fn_arg_error(c, i, "would extend prefix to %d bits, which is too long for an %s address",
			                    plen, nw.bits == 32 ? "IPv4" : "IPv6");
		u128 size = (u128)1 << (nw.bits - plen);
		u128 start = (next + size - 1) & ~(size - 1);   /* align up */
		if ((net_size && start + size - nw.addr > net_size) || start < next) {
			cl_buf b = CL_BUF_INIT;
			if (i == 1)
				addr_str(&b, nw.addr - size, nw.bits), cl_buf_printf(&b, "/%d", plen);
			else
				cl_buf_puts(&b, out[i - 2]->u.str.s);
			cl_value *msg = fn_buf(c, &b);
			return fn_arg_error(c, i, "not enough remaining address space for a subnet with a prefix of %d bits after %s",
			                    plen, msg->u.str.s);
		}
		out[i - 1] = cidr_value(c, start, plen, nw.bits);
		next = start + size;
	}
	return cl_value_list(c->a, &cl_type_string, out, n - 1);
}
