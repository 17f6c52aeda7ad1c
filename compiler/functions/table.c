/* table.c: the one table of built-in functions, sorted by name.  A row is
 * the whole contract of a function: its parameters' names (they appear in
 * error messages), their types, which accept null or unknown values, the
 * variadic parameter, flags and the implementation.  Adding a function is
 * adding a row here and its body in the family's file. */
#include "compiler/functions/fn.h"

#define STR &cl_type_string
#define NUM &cl_type_number
#define BOOL &cl_type_bool
#define ANY NULL
#define LSTR &fn_list_string
#define NUL CL_P_NULL
#define UNK CL_P_UNKNOWN
#define NST CL_P_NESTED

/* name, impl, result type, flags, parameter count, parameters, variadic */
#define F0(nm, ret, fl, var) { #nm, fn_##nm, ret, fl, 0, { NOVAR }, var }
#define F1(nm, ret, fl, p1, var) { #nm, fn_##nm, ret, fl, 1, { p1 }, var }
#define F2(nm, ret, fl, p1, p2, var) { #nm, fn_##nm, ret, fl, 2, { p1, p2 }, var }
#define F3(nm, ret, fl, p1, p2, p3) { #nm, fn_##nm, ret, fl, 3, { p1, p2, p3 }, NOVAR }
#define NOVAR { NULL, NULL, 0 }
#define P(name, type) { name, type, 0 }
#define PF(name, type, flags) { name, type, flags }

static const cl_type list_bool = { .kind = CL_T_LIST, .elem = &cl_type_bool };
static const cl_type map_list_string = { .kind = CL_T_MAP, .elem = &fn_list_string };

const cl_function cl_functions[] = {
	F1(abs, NUM, 0, P("num", NUM), NOVAR),
	F1(abspath, STR, 0, P("path", STR), NOVAR),
	F1(alltrue, BOOL, 0, P("list", &list_bool), NOVAR),
	F1(anytrue, BOOL, 0, P("list", &list_bool), NOVAR),
	F1(base64decode, STR, 0, P("str", STR), NOVAR),
	F1(base64encode, STR, 0, P("str", STR), NOVAR),
	F1(base64gzip, STR, 0, P("str", STR), NOVAR),
	F1(base64sha256, STR, 0, P("str", STR), NOVAR),
	F1(base64sha512, STR, 0, P("str", STR), NOVAR),
	F1(basename, STR, 0, P("path", STR), NOVAR),
	F1(bcrypt, STR, 0, P("str", STR), PF("cost", NUM, 0)),
	F1(can, BOOL, CL_FN_LAZY, P("expression", ANY), NOVAR),
	F1(ceil, NUM, 0, P("num", NUM), NOVAR),
	F1(chomp, STR, 0, P("str", STR), NOVAR),
	F2(chunklist, ANY, 0, PF("list", &fn_list_any, NST), P("size", NUM), NOVAR),
	F2(cidrhost, STR, 0, P("prefix", STR), P("hostnum", NUM), NOVAR),
	F1(cidrnetmask, STR, 0, P("prefix", STR), NOVAR),
	F3(cidrsubnet, STR, 0, P("prefix", STR), P("newbits", NUM), P("netnum", NUM)),
	F1(cidrsubnets, LSTR, 0, P("prefix", STR), PF("newbits", NUM, 0)),
	F0(coalesce, ANY, 0, PF("vals", ANY, NUL | UNK)),
	F0(coalescelist, ANY, 0, PF("vals", ANY, NUL | UNK)),
	F1(compact, LSTR, 0, P("list", LSTR), NOVAR),
	F0(concat, ANY, 0, PF("seqs", ANY, NST)),
	F2(contains, BOOL, 0, PF("list", ANY, NST), P("value", ANY), NOVAR),
	F1(csvdecode, ANY, 0, P("str", STR), NOVAR),
	F1(dirname, STR, 0, P("path", STR), NOVAR),
	F1(distinct, ANY, 0, P("list", &fn_list_any), NOVAR),
	F2(element, ANY, 0, PF("list", ANY, NST), P("index", NUM), NOVAR),
	F2(endswith, BOOL, 0, P("str", STR), P("suffix", STR), NOVAR),
	F1(ephemeralasnull, ANY, 0, PF("value", ANY, NUL | UNK | NST), NOVAR),
	F1(file, STR, 0, P("path", STR), NOVAR),
	F1(filebase64, STR, 0, P("path", STR), NOVAR),
	F1(filebase64sha256, STR, 0, P("path", STR), NOVAR),
	F1(filebase64sha512, STR, 0, P("path", STR), NOVAR),
	F1(fileexists, BOOL, 0, P("path", STR), NOVAR),
	F1(filemd5, STR, 0, P("path", STR), NOVAR),
	F2(fileset, &fn_set_string, 0, P("path", STR), P("pattern", STR), NOVAR),
	F1(filesha1, STR, 0, P("path", STR), NOVAR),
	F1(filesha256, STR, 0, P("path", STR), NOVAR),
	F1(filesha512, STR, 0, P("path", STR), NOVAR),
	F1(flatten, ANY, 0, PF("list", ANY, UNK), NOVAR),
	F1(floor, NUM, 0, P("num", NUM), NOVAR),
	F1(format, STR, 0, P("format", STR), PF("args", ANY, NUL | UNK)),
	F2(formatdate, STR, 0, P("format", STR), P("time", STR), NOVAR),
	F1(formatlist, LSTR, 0, P("format", STR), PF("args", ANY, NUL | UNK)),
	F2(indent, STR, 0, P("spaces", NUM), P("str", STR), NOVAR),
	F2(index, NUM, 0, PF("list", ANY, NST), P("value", ANY), NOVAR),
	F1(issensitive, BOOL, CL_FN_MARKS, PF("value", ANY, NUL | UNK), NOVAR),
	F1(join, STR, 0, P("separator", STR), PF("lists", LSTR, 0)),
	F1(jsondecode, ANY, 0, P("str", STR), NOVAR),
	F1(jsonencode, STR, 0, PF("val", ANY, NUL), NOVAR),
	F1(keys, ANY, 0, PF("inputMap", ANY, UNK), NOVAR),
	F1(length, NUM, 0, PF("value", ANY, UNK), NOVAR),
	F2(log, NUM, 0, P("num", NUM), P("base", NUM), NOVAR),
	F2(lookup, ANY, 0, PF("inputMap", ANY, NST), P("key", STR), PF("default", ANY, NUL)),
	F1(lower, STR, 0, P("str", STR), NOVAR),
	F3(matchkeys, ANY, 0, PF("values", &fn_list_any, NST), P("keys", &fn_list_any), P("searchset", &fn_list_any)),
	F0(max, NUM, 0, PF("numbers", NUM, 0)),
	F1(md5, STR, 0, P("str", STR), NOVAR),
	F0(merge, ANY, 0, PF("maps", ANY, NUL | NST)),
	F0(min, NUM, 0, PF("numbers", NUM, 0)),
	F1(nonsensitive, ANY, CL_FN_MARKS, PF("value", ANY, NUL | UNK), NOVAR),
	F1(one, ANY, 0, PF("list", ANY, NST), NOVAR),
	F2(parseint, NUM, 0, P("number", STR), P("base", NUM), NOVAR),
	F1(pathexpand, STR, 0, P("path", STR), NOVAR),
	F0(plantimestamp, STR, 0, NOVAR),
	F2(pow, NUM, 0, P("num", NUM), P("power", NUM), NOVAR),
	F0(range, &fn_list_any, 0, PF("params", NUM, 0)),
	F2(regex, ANY, 0, P("pattern", STR), P("string", STR), NOVAR),
	F2(regexall, ANY, 0, P("pattern", STR), P("string", STR), NOVAR),
	F3(replace, STR, 0, P("str", STR), P("substr", STR), P("replace", STR)),
	F1(reverse, ANY, 0, PF("list", ANY, NST), NOVAR),
	F2(rsadecrypt, STR, 0, P("ciphertext", STR), P("privatekey", STR), NOVAR),
	F1(sensitive, ANY, CL_FN_MARKS, PF("value", ANY, NUL | UNK), NOVAR),
	F1(setintersection, ANY, 0, P("first_set", &fn_set_any), PF("other_sets", &fn_set_any, 0)),
	F0(setproduct, ANY, 0, PF("sets", ANY, NST)),
	F2(setsubtract, ANY, 0, P("a", &fn_set_any), P("b", &fn_set_any), NOVAR),
	F1(setunion, ANY, 0, P("first_set", &fn_set_any), PF("other_sets", &fn_set_any, 0)),
	F1(sha1, STR, 0, P("str", STR), NOVAR),
	F1(sha256, STR, 0, P("str", STR), NOVAR),
	F1(sha512, STR, 0, P("str", STR), NOVAR),
	F1(signum, NUM, 0, P("num", NUM), NOVAR),
	F3(slice, ANY, 0, PF("list", ANY, NST), P("start_index", NUM), P("end_index", NUM)),
	F1(sort, LSTR, 0, P("list", LSTR), NOVAR),
	F2(split, LSTR, 0, P("separator", STR), P("str", STR), NOVAR),
	F2(startswith, BOOL, 0, P("str", STR), P("prefix", STR), NOVAR),
	F2(strcontains, BOOL, 0, P("str", STR), P("substr", STR), NOVAR),
	F1(strrev, STR, 0, P("str", STR), NOVAR),
	F3(substr, STR, 0, P("str", STR), P("offset", NUM), P("length", NUM)),
	F1(sum, NUM, 0, P("list", ANY), NOVAR),
	F2(templatefile, STR, 0, P("path", STR), P("vars", ANY), NOVAR),
	F2(templatestring, STR, CL_FN_LAZY, P("template", STR), P("vars", ANY), NOVAR),
	F2(textdecodebase64, STR, 0, P("source", STR), P("encoding", STR), NOVAR),
	F2(textencodebase64, STR, 0, P("string", STR), P("encoding", STR), NOVAR),
	F2(timeadd, STR, 0, P("timestamp", STR), P("duration", STR), NOVAR),
	F2(timecmp, NUM, 0, P("timestamp_a", STR), P("timestamp_b", STR), NOVAR),
	F0(timestamp, STR, CL_FN_IMPURE, NOVAR),
	F1(title, STR, 0, P("str", STR), NOVAR),
	F1(tobool, BOOL, 0, PF("v", ANY, NUL), NOVAR),
	F1(tolist, &fn_list_any, 0, PF("v", ANY, NUL | NST), NOVAR),
	F1(tomap, &fn_map_any, 0, PF("v", ANY, NUL | NST), NOVAR),
	F1(tonumber, NUM, 0, PF("v", ANY, NUL), NOVAR),
	F1(toset, &fn_set_any, 0, PF("v", ANY, NUL | NST), NOVAR),
	F1(tostring, STR, 0, PF("v", ANY, NUL), NOVAR),
	F1(transpose, &map_list_string, 0, P("values", &map_list_string), NOVAR),
	F2(trim, STR, 0, P("str", STR), P("cutset", STR), NOVAR),
	F2(trimprefix, STR, 0, P("str", STR), P("prefix", STR), NOVAR),
	F1(trimspace, STR, 0, P("str", STR), NOVAR),
	F2(trimsuffix, STR, 0, P("str", STR), P("suffix", STR), NOVAR),
	F0(try, ANY, CL_FN_LAZY, PF("expressions", ANY, 0)),
	F1(type, STR, 0, PF("value", ANY, NUL | UNK), NOVAR),
	F1(upper, STR, 0, P("str", STR), NOVAR),
	F1(urlencode, STR, 0, P("str", STR), NOVAR),
	F0(uuid, STR, CL_FN_IMPURE, NOVAR),
	F2(uuidv5, STR, 0, P("namespace", STR), P("name", STR), NOVAR),
	F1(values, ANY, 0, PF("mapping", ANY, NST), NOVAR),
	F1(yamldecode, ANY, 0, P("src", STR), NOVAR),
	F1(yamlencode, STR, 0, PF("value", ANY, NUL), NOVAR),
	F2(zipmap, ANY, 0, P("keys", LSTR), PF("values", ANY, NST), NOVAR),
};

const uint32_t cl_nfunctions = sizeof cl_functions / sizeof cl_functions[0];

const cl_function *cl_function_lookup(const char *name)
{
	uint32_t lo = 0, hi = cl_nfunctions;
	while (lo < hi) {
		uint32_t mid = (lo + hi) / 2;
		int c = strcmp(cl_functions[mid].name, name);
		if (c == 0)
			return &cl_functions[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}
