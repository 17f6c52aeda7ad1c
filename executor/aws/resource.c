/* resource.c: the helpers every AWS resource type uses (see resource.h).
 * Nothing here knows a resource type or an action beyond the tagging ones. */
#include "executor/aws/resource.h"
#include "executor/aws/retry.h"
#include "util/clock.h"

#include <openssl/evp.h>
#include <assert.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---------------------------------------------------------------- calls */

bool aws_op_cancelled(const aws_op *op)
{
	return op->cancel && *op->cancel;
}

/* In slices, so that an interrupt is noticed within a tenth of a second. */
void aws_op_nap(const aws_op *op, double s)
{
	for (double end = cl_clock_now() + s; !aws_op_cancelled(op) && cl_clock_now() < end;)
		cl_clock_sleep(end - cl_clock_now() < 0.1 ? end - cl_clock_now() : 0.1);
}

bool aws_op_fail(aws_op *op, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(op->err, sizeof op->err, fmt, ap);
	va_end(ap);
	return false;
}

void aws_op_progress(aws_op *op, const char *fmt, ...)
{
	if (!op->progress)
		return;
	char line[512];
	int n = snprintf(line, sizeof line, "%s: ", op->addr);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
	va_end(ap);
	op->progress(op->ud, line);
}

aws_params *aws_op_params(aws_service s, bool after_create)
{
	aws_params *p = aws_params_new(s);
	if (after_create)
		aws_params_after_create(p);
	return p;
}

static bool finish_call(aws_op *op, bool ok, aws_xml *x, aws_xml **out, aws_error *e)
{
	if (!ok) {
		aws_error_format(e, op->err, sizeof op->err);
		return false;
	}
	if (out)
		*out = x;
	else
		aws_xml_free(x);
	return true;
}

bool aws_op_call(aws_op *op, const char *action, aws_params *p, aws_xml **out, aws_error *e)
{
	aws_error local;
	e = e ? e : &local;
	aws_xml *x = NULL;
	bool ok = aws_call(op->client, aws_params_service(p), action, p, &x, e);
	aws_params_free(p);
	return finish_call(op, ok, x, out, e);
}

bool aws_op_call_all(aws_op *op, const char *action, aws_params *p, aws_xml **out, aws_error *e)
{
	aws_error local;
	e = e ? e : &local;
	aws_xml *x = NULL;
	bool ok = aws_call_all(op->client, aws_params_service(p), action, p, &x, e);
	aws_params_free(p);
	return finish_call(op, ok, x, out, e);
}

static bool in(const char *code, const char *const *codes)
{
	for (; codes && *codes; codes++)
		if (strcmp(code, *codes) == 0)
			return true;
	return false;
}

/* The shared loop of aws_op_delete and aws_op_call_retry. */
static bool call_retrying(aws_op *op, const char *action, aws_params *p, const char *const *codes,
                          double timeout_s, bool gone_ok, aws_xml **out)
{
	double start = cl_clock_now(), delay = 0.2;
	aws_error e;
	aws_xml *x = NULL;
	bool ok;
	for (;;) {
		ok = aws_call(op->client, aws_params_service(p), action, p, &x, &e);
		if (ok || !in(e.code, codes) || aws_op_cancelled(op) || cl_clock_now() - start + delay > timeout_s)
			break;
		aws_op_nap(op, delay);
		delay = delay * 1.5 > 10 ? 10 : delay * 1.5;
	}
	aws_params_free(p);
	if (!ok && gone_ok && aws_gone(&e))
		return true;
	if (!ok && in(e.code, codes))
		snprintf(e.message + strlen(e.message), sizeof e.message - strlen(e.message),
		         " (still so after %.0fs)", cl_clock_now() - start);
	return finish_call(op, ok, x, out, &e);
}

bool aws_op_delete(aws_op *op, const char *action, aws_params *p, const char *const *codes,
                   double timeout_s)
{
	return call_retrying(op, action, p, codes, timeout_s, true, NULL);
}

bool aws_delete_ec2(aws_op *op, const char *action, const char *id_param, const char *id,
                    const char *const *codes, double timeout_s)
{
	aws_params *p = aws_params_new(AWS_EC2);
	aws_params_add(p, id_param, id);
	return aws_op_delete(op, action, p, codes, timeout_s);
}

bool aws_op_call_retry(aws_op *op, const char *action, aws_params *p, const char *const *codes,
                       double timeout_s, aws_xml **out)
{
	return call_retrying(op, action, p, codes, timeout_s, false, out);
}

bool aws_gone(const aws_error *e)
{
	return aws_error_not_found(e) || (strcmp(e->code, "ValidationError") == 0 &&
	                                  strstr(e->message, "not found"));
}

bool aws_describe_one(aws_op *op, const char *action, const char *id_param, const char *id,
                      const char *list_path, bool after_create, aws_xml **root, aws_xml **item)
{
	aws_params *p = aws_op_params(AWS_EC2, after_create);
	aws_params_add(p, id_param, id);
	aws_error e;
	*root = *item = NULL;
	if (!aws_op_call(op, action, p, root, &e))
		return aws_gone(&e);
	*item = aws_xml_first(aws_xml_find(*root, list_path));
	return true;
}

bool aws_op_known(const aws_op *op, const char *id)
{
	for (unsigned i = 0; i < op->nknown; i++)
		if (!strcmp(op->known_ids[i], id))
			return true;
	return false;
}

/* Whether an EC2 item's tagSet names op's address. */
static bool tagged_for(aws_op *op, const aws_xml *item)
{
	aws_tag *t;
	size_t n = aws_tags_xml(op->arena, aws_xml_find(item, "tagSet"), &t);
	for (size_t i = 0; i < n; i++)
		if (!strcmp(t[i].key, AWS_TAG_ADDRESS))
			return !strcmp(t[i].value, op->addr);
	return false;
}

/* EC2 filter values are patterns ('*', '?'; moto's also take "[0]" as a
 * character class), and addresses hold brackets: "subnet.public[0]" found
 * nothing on moto, so a killed run's subnets were never adopted.  The
 * filter asks for the lineage (a UUID, no pattern characters) or for the
 * address tag's key, and the address is compared here, exactly. */
bool aws_find_ec2(aws_op *op, const char *action, aws_params *p, const char *list_path,
                  const char *id_field, cl_value **state)
{
	*state = NULL;
	p = p ? p : aws_params_new(AWS_EC2);
	if (op->lineage)
		aws_params_filter(p, "tag:" AWS_TAG_LINEAGE, &op->lineage, 1);
	else
		aws_params_filter(p, "tag-key", (const char *const[]){ AWS_TAG_ADDRESS }, 1);
	aws_xml *x;
	if (!aws_op_call_all(op, action, p, &x, NULL))
		return false;
	const char *id = NULL;
	aws_xml_each(it, aws_xml_find(x, list_path)) {
		const char *this = aws_xml_str(it, id_field);
		if (this && !aws_op_known(op, this) && tagged_for(op, it)) {
			id = this;
			break;
		}
	}
	const aws_ops *ops = op->rt->provider;
	bool ok = !id || ops->read(op, aws_with_id(op, NULL, cl_arena_strdup(op->arena, id)), state);
	aws_xml_free(x);
	return ok;
}

bool aws_wait(aws_op *op, const char *what, double timeout_s, aws_check_fn check, void *ud)
{
	double start = cl_clock_now();
	for (int poll = 1;; poll++) {
		int r = check(op, ud);
		if (r)
			return r > 0;
		if (aws_op_cancelled(op))
			return aws_op_fail(op, "interrupted while waiting for %s", what);
		double left = timeout_s - (cl_clock_now() - start);
		if (left <= 0)
			return aws_op_fail(op, "timeout after %.0fs waiting for %s", timeout_s, what);
		double delay = aws_retry_poll(poll, aws_client_uniform());
		aws_op_nap(op, delay < left ? delay : left);
	}
}

bool aws_created(aws_op *op, bool ok, const cl_value *cfg, const char *id, aws_load_fn load,
                 cl_value **state)
{
	char err[sizeof op->err];
	memcpy(err, op->err, sizeof err);
	bool read = load(op, aws_with_id(op, cfg, id), true, state);
	if (!ok)
		memcpy(op->err, err, sizeof err);   /* the step that failed, not the read */
	else if (read && !*state)
		aws_op_fail(op, "%s was created but cannot be found", id);
	return ok && read && *state;
}

/* ---------------------------------------------------------------- state objects */

struct aws_obj {
	aws_op *op;
	const cl_type *t;
	const cl_value *base;
	cl_value **v;
};

static bool is_block(const cl_type *t)
{
	return (t->kind == CL_T_LIST || t->kind == CL_T_SET) && t->elem->kind == CL_T_OBJECT;
}

static cl_value *empty(cl_arena *a, const cl_type *t)
{
	return t->kind == CL_T_SET ? cl_value_set(a, t->elem, NULL, 0) : cl_value_list(a, t->elem, NULL, 0);
}

aws_obj *aws_obj_new(aws_op *op, const cl_schema *s, const cl_value *base)
{
	cl_arena *a = op->arena;
	aws_obj *o = CL_NEW(a, aws_obj);
	o->op = op;
	o->t = cl_schema_type(a, s);
	o->base = base && base->kind == CL_V_OBJECT ? base : NULL;
	o->v = CL_NEWN(a, cl_value *, o->t->n + 1);
	for (uint32_t i = 0; i < o->t->n; i++) {
		const cl_type *et = o->t->elems[i];
		cl_value *b = o->base ? cl_value_get(o->base, o->t->names[i]) : NULL;
		if (b && cl_value_is_wholly_known(b) && !(is_block(et) && cl_value_is_null(b)))
			o->v[i] = b;
		else
			o->v[i] = is_block(et) ? empty(a, et) : cl_value_null(a, et);
	}
	return o;
}

static int slot(const aws_obj *o, const char *name)
{
	int i = cl_type_attr(o->t, name);
	assert(i >= 0 && "attribute not in the schema");
	return i;
}

static cl_value *unknowns_to_null(cl_arena *a, cl_value *v)
{
	return cl_value_is_wholly_known(v) ? v : cl_value_null(a, v->type);
}

cl_value *aws_obj_done(aws_obj *o)
{
	cl_arena *a = o->op->arena;
	const char **keys = CL_NEWN(a, const char *, o->t->n + 1);
	for (uint32_t i = 0; i < o->t->n; i++) {
		keys[i] = o->t->names[i];
		o->v[i] = unknowns_to_null(a, o->v[i]);
	}
	return cl_value_object(a, keys, o->v, o->t->n);
}

cl_value *aws_obj_get(const aws_obj *o, const char *name)
{
	cl_value *v = o->v[slot(o, name)];
	return cl_value_is_null(v) ? NULL : v;
}

void aws_obj_set(aws_obj *o, const char *name, cl_value *v)
{
	int i = slot(o, name);
	o->v[i] = v ? v : cl_value_null(o->op->arena, o->t->elems[i]);
}

void aws_obj_str(aws_obj *o, const char *name, const char *s)
{
	aws_obj_set(o, name, s && *s ? cl_value_cstr(o->op->arena, s) : NULL);
}

void aws_obj_int(aws_obj *o, const char *name, long long n)
{
	aws_obj_set(o, name, cl_value_int(o->op->arena, n));
}

void aws_obj_bool(aws_obj *o, const char *name, bool b)
{
	aws_obj_set(o, name, cl_value_bool(o->op->arena, b));
}

void aws_obj_x(aws_obj *o, const char *name, const aws_xml *x, const char *path)
{
	aws_obj_text(o, name, aws_xml_str(x, path));
}

void aws_obj_text(aws_obj *o, const char *name, const char *s)
{
	cl_value *v = NULL;
	if (s && *s) {
		switch (o->t->elems[slot(o, name)]->kind) {
		case CL_T_NUMBER: v = cl_value_number_parse(o->op->arena, s, strlen(s)); break;
		case CL_T_BOOL: v = cl_value_bool(o->op->arena, strcmp(s, "true") == 0); break;
		default: v = cl_value_cstr(o->op->arena, s);
		}
	}
	aws_obj_set(o, name, v);
}

/* Empty: null, unless the base said [] (then a change to null would show). */
static cl_value *collection(aws_obj *o, int i, cl_value **v, size_t n)
{
	cl_arena *a = o->op->arena;
	const cl_type *t = o->t->elems[i];
	cl_value *b = o->base ? cl_value_get(o->base, o->t->names[i]) : NULL;
	if (n == 0 && !is_block(t) && !(b && cl_value_is_known(b) && !cl_value_is_null(b) && b->n == 0))
		return cl_value_null(a, t);
	cl_value **copy = CL_NEWN(a, cl_value *, n + 1);   /* lists keep the array they are given */
	memcpy(copy, v, n * sizeof *v);
	return t->kind == CL_T_SET ? cl_value_set(a, t->elem, copy, (uint32_t)n)
	                           : cl_value_list(a, t->elem, copy, (uint32_t)n);
}

void aws_obj_strs(aws_obj *o, const char *name, const char *const *s, size_t n)
{
	cl_value **v = CL_NEWN(o->op->arena, cl_value *, n + 1);
	for (size_t i = 0; i < n; i++)
		v[i] = cl_value_cstr(o->op->arena, s[i]);
	int i = slot(o, name);
	o->v[i] = collection(o, i, v, n);
}

void aws_obj_xstrs(aws_obj *o, const char *name, const aws_xml *list, const char *path)
{
	size_t n = aws_xml_count(list), k = 0;
	const char **s = CL_NEWN(o->op->arena, const char *, n + 1);
	aws_xml_each(it, list) {
		const char *t = *path ? aws_xml_str(it, path) : aws_xml_text(it);
		if (t && *t)
			s[k++] = t;
	}
	aws_obj_strs(o, name, s, k);
}

void aws_obj_block(aws_obj *o, const char *name, cl_value **elems, size_t n, aws_canon_fn canon)
{
	int i = slot(o, name);
	cl_value *v = collection(o, i, elems, n);
	cl_value *b = o->base ? cl_value_get(o->base, name) : NULL;
	if (canon && b && cl_value_is_wholly_known(b) && !cl_value_is_null(b) &&
	    cl_value_equal(canon(o->op, b), canon(o->op, v)) == 1)
		v = b;
	o->v[i] = v;
}

void aws_obj_user_data(aws_obj *o, const char *ud)
{
	size_t len;
	const char *text = ud && *ud ? aws_unbase64(o->op->arena, ud, &len) : NULL;
	if (aws_obj_get(o, "user_data_base64"))
		aws_obj_str(o, "user_data_base64", ud);
	else
		aws_obj_str(o, "user_data", text ? aws_sha1_hex(o->op->arena, text, len) : NULL);
}

cl_value *aws_with_id(aws_op *op, const cl_value *base, const char *id)
{
	aws_obj *o = aws_obj_new(op, op->rt->schema, base);
	aws_obj_str(o, "id", id);
	return aws_obj_done(o);
}

/* ---------------------------------------------------------------- reading values */

static const cl_value *known(const cl_value *v, const char *name)
{
	const cl_value *x = v && cl_value_is_mapping(v) ? cl_value_get(v, name) : NULL;
	return x && cl_value_is_known(x) && !cl_value_is_null(x) ? x : NULL;
}

const char *aws_str(const cl_value *v, const char *name)
{
	const cl_value *x = known(v, name);
	return x && x->kind == CL_V_STRING ? x->u.str.s : NULL;
}

bool aws_int(const cl_value *v, const char *name, long long *out)
{
	const cl_value *x = known(v, name);
	int64_t i;
	if (!x || x->kind != CL_V_NUMBER || !cl_value_as_int(x, &i))
		return false;
	*out = i;
	return true;
}

bool aws_bool(const cl_value *v, const char *name, bool dflt)
{
	const cl_value *x = known(v, name);
	return x && x->kind == CL_V_BOOL ? x->u.b : dflt;
}

size_t aws_strs(cl_arena *a, const cl_value *v, const char *name, const char ***out)
{
	const cl_value *x = known(v, name);
	size_t n = 0;
	*out = CL_NEWN(a, const char *, (x ? x->n : 0) + 1);
	for (uint32_t i = 0; x && cl_value_is_seq(x) && i < x->n; i++)
		if (x->u.c.v[i]->kind == CL_V_STRING)
			(*out)[n++] = x->u.c.v[i]->u.str.s;
	return n;
}

bool aws_changed(const cl_value *prior, const cl_value *config, const char *name)
{
	const cl_value *c = config ? cl_value_get(config, name) : NULL;
	const cl_value *p = prior ? cl_value_get(prior, name) : NULL;
	if (!c)
		return false;
	if (!p)
		return !cl_value_is_null(c);
	return cl_value_equal(c, p) != 1;
}

size_t aws_minus(cl_arena *a, const char *const *x, size_t nx, const char *const *y, size_t ny,
                 const char ***out)
{
	size_t n = 0;
	*out = CL_NEWN(a, const char *, nx + 1);
	for (size_t i = 0; i < nx; i++) {
		size_t j = 0;
		while (j < ny && strcmp(x[i], y[j]) != 0)
			j++;
		if (j == ny)
			(*out)[n++] = x[i];
	}
	return n;
}

size_t aws_values_minus(cl_arena *a, const cl_value *x, const cl_value *y, cl_value ***out)
{
	size_t n = 0, nx = x && cl_value_is_seq(x) ? x->n : 0, ny = y && cl_value_is_seq(y) ? y->n : 0;
	*out = CL_NEWN(a, cl_value *, nx + 1);
	for (size_t i = 0; i < nx; i++) {
		size_t j = 0;
		while (j < ny && cl_value_equal(x->u.c.v[i], y->u.c.v[j]) != 1)
			j++;
		if (j == ny)
			(*out)[n++] = x->u.c.v[i];
	}
	return n;
}

void aws_params_strs(aws_op *op, aws_params *p, const char *param, const cl_value *v,
                     const char *name)
{
	const char **s;
	size_t n = aws_strs(op->arena, v, name, &s);
	aws_params_list(p, param, s, n);
}

void aws_params_filters(aws_op *op, aws_params *p, const cl_value *cfg)
{
	const cl_value *f = cl_value_get(cfg, "filter");
	for (uint32_t i = 0; f && cl_value_is_seq(f) && i < f->n; i++) {
		const char **v;
		size_t n = aws_strs(op->arena, f->u.c.v[i], "values", &v);
		aws_params_filter(p, aws_str(f->u.c.v[i], "name"), v, n);
	}
}

void aws_params_attr_filter(aws_params *p, const cl_value *cfg, const char *attr, const char *name)
{
	const cl_value *v = cl_value_get(cfg, attr);
	if (!v || !cl_value_is_known(v) || cl_value_is_null(v))
		return;
	const char *s = v->kind == CL_V_BOOL ? (v->u.b ? "true" : "false") : v->kind == CL_V_STRING ? v->u.str.s : NULL;
	if (s)
		aws_params_filter(p, name, &s, 1);
}

void aws_params_tag_filters(aws_op *op, aws_params *p, const cl_value *cfg)
{
	const cl_value *t = known(cfg, "tags");
	for (uint32_t i = 0; t && cl_value_is_mapping(t) && i < t->n; i++)
		if (t->u.c.v[i]->kind == CL_V_STRING)
			aws_params_filter(p, cl_arena_printf(op->arena, "tag:%s", t->u.c.keys[i]),
			                  (const char *const[]){ t->u.c.v[i]->u.str.s }, 1);
}

bool aws_data_one(aws_op *op, const char *action, aws_params *p, const char *list_path, const char *what,
                  aws_xml **root, const aws_xml **item)
{
	*item = NULL;
	if (!aws_op_call_all(op, action, p, root, NULL))
		return false;
	size_t n = aws_xml_count(aws_xml_find(*root, list_path));
	if (n == 1) {
		*item = aws_xml_first(aws_xml_find(*root, list_path));
		return true;
	}
	aws_xml_free(*root);
	*root = NULL;
	if (!n)
		return aws_op_fail(op, "no matching %s found", what);
	return aws_op_fail(op, "multiple %ss matched; use additional constraints to reduce matches to a single %s",
	                   what, what);
}

void aws_params_int(aws_params *p, const char *key, long long n)
{
	aws_params_addf(p, key, "%lld", n);
}

void aws_params_bool(aws_params *p, const char *key, bool b)
{
	aws_params_add(p, key, b ? "true" : "false");
}

/* ---------------------------------------------------------------- names and encodings */

const char *aws_token_suffix(cl_arena *a, const char *token)
{
	char *s = cl_arena_alloc(a, 27);
	size_t n = 0;
	for (const char *t = token; *t && n < 26; t++)
		if (*t != '-')
			s[n++] = *t;
	s[n] = 0;
	return s;
}

const char *aws_unique_name(aws_op *op, const cl_value *config, const char *name_attr,
                            const char *prefix_attr, const char *dflt_prefix)
{
	static atomic_uint counter;
	const char *name = name_attr ? aws_str(config, name_attr) : NULL;
	if (name)
		return name;
	const char *prefix = prefix_attr ? aws_str(config, prefix_attr) : NULL;
	if (op->token)
		return cl_arena_printf(op->arena, "%s%s", prefix ? prefix : dflt_prefix, aws_token_suffix(op->arena, op->token));
	struct timespec ts;
	struct tm tm;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	char stamp[32];
	strftime(stamp, sizeof stamp, "%Y%m%d%H%M%S", &tm);
	return cl_arena_printf(op->arena, "%s%s%03ld%08x", prefix ? prefix : dflt_prefix, stamp,
	                       ts.tv_nsec / 1000000, atomic_fetch_add(&counter, 1) + 1);
}

bool aws_split_id(cl_arena *a, const char *id, char sep, const char **first, const char **second)
{
	const char *s = id ? strchr(id, sep) : NULL;
	if (!s || s == id || !s[1])
		return false;
	*first = cl_arena_strndup(a, id, (size_t)(s - id));
	*second = s + 1;
	return true;
}

void aws_obj_name_prefix(aws_obj *o, const char *name)
{
	size_t n = name ? strlen(name) : 0;
	if (n <= 26 || aws_obj_get(o, "name_prefix") || strspn(name + n - 26, "0123456789abcdefABCDEF") != 26)
		return;
	aws_obj_str(o, "name_prefix", cl_arena_strndup(o->op->arena, name, n - 26));
}

const char *aws_sha1_hex(cl_arena *a, const char *s, size_t len)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned n = 0;
	EVP_Digest(s, len, md, &n, EVP_sha1(), NULL);
	char *hex = cl_arena_alloc(a, 2 * n + 1);
	for (unsigned i = 0; i < n; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	return hex;
}

const char *aws_base64(cl_arena *a, const char *s, size_t len)
{
	char *out = cl_arena_alloc(a, 4 * ((len + 2) / 3) + 1);
	EVP_EncodeBlock((unsigned char *)out, (const unsigned char *)s, (int)len);
	return out;
}

const char *aws_unbase64(cl_arena *a, const char *s, size_t *len)
{
	size_t n = strlen(s);
	if (n % 4 || strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=") != n)
		return NULL;
	char *out = cl_arena_alloc(a, n / 4 * 3 + 1);
	int m = EVP_DecodeBlock((unsigned char *)out, (const unsigned char *)s, (int)n);
	if (m < 0)
		return NULL;
	for (size_t i = n; i > 0 && s[i - 1] == '='; i--)
		m--;       /* EVP_DecodeBlock counts the padding as bytes */
	out[m] = 0;
	*len = (size_t)m;
	return out;
}

/* ---------------------------------------------------------------- tags */

static bool identity_key(const char *k)
{
	return strcmp(k, AWS_TAG_ADDRESS) == 0 || strcmp(k, AWS_TAG_LINEAGE) == 0;
}

static int tag_cmp(const void *x, const void *y)
{
	return strcmp(((const aws_tag *)x)->key, ((const aws_tag *)y)->key);
}

/* Adds or replaces key in the n-element array t. */
static size_t put_tag(aws_tag *t, size_t n, const char *key, const char *value)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(t[i].key, key) == 0) {
			t[i].value = value;
			return n;
		}
	t[n] = (aws_tag){ key, value };
	return n + 1;
}

static size_t put_map(aws_tag *t, size_t n, const cl_value *m)
{
	for (uint32_t i = 0; m && cl_value_is_mapping(m) && i < m->n; i++)
		if (m->u.c.v[i]->kind == CL_V_STRING)
			n = put_tag(t, n, m->u.c.keys[i], m->u.c.v[i]->u.str.s);
	return n;
}

size_t aws_tags_wanted(aws_op *op, const cl_value *config, aws_tag **out)
{
	const cl_value *dt = op->default_tags, *ct = known(config, "tags");
	size_t max = (dt && cl_value_is_mapping(dt) ? dt->n : 0) + (ct ? ct->n : 0) + 2;
	aws_tag *t = CL_NEWN(op->arena, aws_tag, max + 1);
	size_t n = put_map(t, 0, dt);
	n = put_map(t, n, ct);
	if (op->addr)
		n = put_tag(t, n, AWS_TAG_ADDRESS, op->addr);
	if (op->lineage)
		n = put_tag(t, n, AWS_TAG_LINEAGE, op->lineage);
	qsort(t, n, sizeof *t, tag_cmp);
	*out = t;
	return n;
}

/* list.N.Key (EC2) or list.member.N.Key, and .Value unless only keys are wanted. */
static void tag_items(aws_params *p, const char *list, const aws_tag *t, size_t n, bool values)
{
	for (size_t i = 0; i < n; i++) {
		aws_params_item(p, list, i + 1, "Key", t[i].key);
		if (values)
			aws_params_item(p, list, i + 1, "Value", t[i].value);
	}
}

void aws_tags_spec(aws_op *op, aws_params *p, const char *resource_type, const cl_value *config)
{
	aws_tag *t;
	size_t n = aws_tags_wanted(op, config, &t);
	if (!n)
		return;
	aws_params_add(p, "TagSpecification.1.ResourceType", resource_type);
	tag_items(p, "TagSpecification.1.Tag", t, n, true);
}

void aws_tags_members(aws_op *op, aws_params *p, const cl_value *config)
{
	aws_tag *t;
	size_t n = aws_tags_wanted(op, config, &t);
	tag_items(p, "Tags", t, n, true);
}

size_t aws_tags_xml(cl_arena *a, const aws_xml *list, aws_tag **out)
{
	size_t n = 0;
	*out = CL_NEWN(a, aws_tag, aws_xml_count(list) + 1);
	aws_xml_each(it, list) {
		const char *k = aws_xml_str(it, "key"), *v = aws_xml_str(it, "value");
		if (!k)
			k = aws_xml_str(it, "Key"), v = aws_xml_str(it, "Value");
		if (k)   /* copied: the tree is freed before the tags are used */
			(*out)[n++] = (aws_tag){ cl_arena_strdup(a, k), cl_arena_strdup(a, v ? v : "") };
	}
	return n;
}

static cl_value *tag_map(cl_arena *a, const aws_tag *t, size_t n)
{
	const char **keys = CL_NEWN(a, const char *, n + 1);
	cl_value **vals = CL_NEWN(a, cl_value *, n + 1);
	for (size_t i = 0; i < n; i++) {
		keys[i] = t[i].key;
		vals[i] = cl_value_cstr(a, t[i].value);
	}
	return cl_value_map(a, &cl_type_string, keys, vals, (uint32_t)n);
}

void aws_obj_tags(aws_obj *o, const aws_tag *have, size_t n)
{
	cl_arena *a = o->op->arena;
	const cl_value *base = o->base ? known(o->base, "tags") : NULL;
	const cl_value *dt = o->op->default_tags;
	aws_tag *mine = CL_NEWN(a, aws_tag, n + 1);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (identity_key(have[i].key))
			continue;
		const cl_value *d = dt && cl_value_is_mapping(dt) ? cl_value_get(dt, have[i].key) : NULL;
		bool from_default = d && d->kind == CL_V_STRING && strcmp(d->u.str.s, have[i].value) == 0;
		if (from_default && !(base && cl_value_get(base, have[i].key)))
			continue;
		mine[k++] = have[i];
	}
	aws_obj_set(o, "tags", k || base ? tag_map(a, mine, k) : NULL);
	aws_obj_set(o, "tags_all", tag_map(a, have, n));
}

cl_value *aws_tags_value(cl_arena *a, const aws_xml *list)
{
	aws_tag *t;
	size_t n = aws_tags_xml(a, list, &t);
	const char **k = CL_NEWN(a, const char *, n + 1);
	cl_value **v = CL_NEWN(a, cl_value *, n + 1);
	for (size_t i = 0; i < n; i++)
		k[i] = t[i].key, v[i] = cl_value_cstr(a, t[i].value);
	return cl_value_map(a, &cl_type_string, k, v, (uint32_t)n);
}

void aws_obj_tags_xml(aws_obj *o, const aws_xml *list)
{
	aws_tag *t;
	size_t n = aws_tags_xml(o->op->arena, list, &t);
	aws_obj_tags(o, t, n);
}

/* What to set (new keys, changed values) and what to remove so that the
 * resource goes from what prior records to what config wants. */
static void tags_diff(aws_op *op, const cl_value *prior, const cl_value *config, aws_tag **set, size_t *ns,
                      aws_tag **gone, size_t *ng)
{
	aws_tag *want, *have;
	size_t nw = aws_tags_wanted(op, config, &want), nh;
	const cl_value *all = known(prior, "tags_all");
	if (all) {
		have = CL_NEWN(op->arena, aws_tag, all->n + 1);
		nh = put_map(have, 0, all);
	} else {
		nh = aws_tags_wanted(op, prior, &have);
	}
	*gone = CL_NEWN(op->arena, aws_tag, nh + 1), *set = CL_NEWN(op->arena, aws_tag, nw + 1);
	*ng = *ns = 0;
	for (size_t i = 0; i < nh; i++) {
		size_t j = 0;
		while (j < nw && strcmp(have[i].key, want[j].key))
			j++;
		if (j == nw)
			(*gone)[(*ng)++] = have[i];
	}
	for (size_t j = 0; j < nw; j++) {
		size_t i = 0;
		while (i < nh && strcmp(have[i].key, want[j].key))
			i++;
		if (i == nh || strcmp(have[i].value, want[j].value))
			(*set)[(*ns)++] = want[j];
	}
}

bool aws_tags_update_keyed(aws_op *op, aws_service s, const char *tag_action, const char *untag_action,
                           const char *id_param, const char *id, const cl_value *prior, const cl_value *config)
{
	aws_tag *set, *gone;
	size_t ns, ng;
	tags_diff(op, prior, config, &set, &ns, &gone, &ng);
	if (ng) {
		const char **keys = CL_NEWN(op->arena, const char *, ng + 1);
		for (size_t i = 0; i < ng; i++)
			keys[i] = gone[i].key;
		aws_params *p = aws_params_new(s);
		aws_params_add(p, id_param, id);
		aws_params_list(p, "TagKeys", keys, ng);
		if (!aws_op_call(op, untag_action, p, NULL, NULL))
			return false;
	}
	if (ns) {
		aws_params *p = aws_params_new(s);
		aws_params_add(p, id_param, id);
		tag_items(p, "Tags", set, ns, true);
		if (!aws_op_call(op, tag_action, p, NULL, NULL))
			return false;
	}
	return true;
}

bool aws_tags_update(aws_op *op, aws_service s, const char *id, const cl_value *prior,
                     const cl_value *config)
{
	/* ELBv2 adds with Tags.member.N.* and removes by TagKeys.member.N, the
	 * keyed form IAM and CloudWatch use too. */
	if (s == AWS_ELBV2)
		return aws_tags_update_keyed(op, s, "AddTags", "RemoveTags", "ResourceArns.member.1", id, prior,
		                             config);
	aws_tag *set, *gone;
	size_t ns, ng;
	tags_diff(op, prior, config, &set, &ns, &gone, &ng);
	/* EC2: ResourceId.1 + Tag.N.*; ELB: LoadBalancerNames.member.1 +
	 * Tags.member.N.*, both to add and to remove. */
	bool ec2 = s == AWS_EC2;
	for (int pass = 0; pass < 2; pass++) {
		aws_tag *t = pass ? set : gone;
		size_t n = pass ? ns : ng;
		if (!n)
			continue;
		aws_params *p = aws_params_new(s);
		aws_params_add(p, ec2 ? "ResourceId.1" : "LoadBalancerNames.member.1", id);
		tag_items(p, ec2 ? "Tag" : "Tags", t, n, pass);
		const char *action = ec2 ? (pass ? "CreateTags" : "DeleteTags") : (pass ? "AddTags" : "RemoveTags");
		if (!aws_op_call(op, action, p, NULL, NULL))
			return false;
	}
	return true;
}

bool aws_tags_identity(aws_op *op, const aws_xml *tags)
{
	aws_tag *t;
	size_t nt = aws_tags_xml(op->arena, tags, &t), hits = 0;
	for (size_t i = 0; i < nt; i++)
		hits += (!strcmp(t[i].key, AWS_TAG_ADDRESS) && !strcmp(t[i].value, op->addr)) ||
		        (!strcmp(t[i].key, AWS_TAG_LINEAGE) && op->lineage && !strcmp(t[i].value, op->lineage));
	return hits == (op->lineage ? 2u : 1u);
}

/* Auto Scaling filters match values exactly. */
void aws_params_identity(aws_op *op, aws_params *p)
{
	aws_params_filter(p, "tag:" AWS_TAG_ADDRESS, &op->addr, 1);
	if (op->lineage)
		aws_params_filter(p, "tag:" AWS_TAG_LINEAGE, &op->lineage, 1);
}
