/* state_show.c: Terraform's "values" representation of a state (see
 * state_show.h).  Each instance becomes one resource entry, addressed as
 * Terraform does; module instances nest as child_modules; entries sort by
 * resource address as terraform 1.11 orders them (data sources first, then
 * type, name, instance key; child modules by address). */
#include "view/state_show.h"
#include "util/buf.h"

#include <string.h>

/* Terraform's sensitive_values: true where sensitive; a primitive or null
 * is false; a list or set an array of its elements'; a map or object the
 * keys whose result is not false. */
static json_t *as_bool(const json_t *v)
{
	if (json_is_array(v)) {
		json_t *out = json_array();
		size_t i;
		json_t *e;
		json_array_foreach(v, i, e)
			json_array_append_new(out, as_bool(e));
		return out;
	}
	if (json_is_object(v)) {
		json_t *out = json_object();
		const char *k;
		json_t *e;
		json_object_foreach((json_t *)v, k, e) {
			json_t *b = as_bool(e);
			if (json_is_false(b))
				json_decref(b);
			else
				json_object_set_new(out, k, b);
		}
		return out;
	}
	return json_false();
}

/* Marks one sensitive_attributes path (steps of get_attr / index) true. */
static void mark(json_t *bools, const json_t *attrs, const json_t *path)
{
	json_t *at = bools;
	const json_t *val = attrs;
	size_t n = json_array_size(path);
	for (size_t i = 0; i < n && at; i++) {
		const json_t *step = json_array_get(path, i), *key = json_object_get(step, "value");
		if (json_is_object(key))   /* an index step's key, written as cty JSON {"value", "type"} */
			key = json_object_get(key, "value");
		bool last = i + 1 == n;
		if (json_is_object(at) && json_is_string(key)) {
			const char *k = json_string_value(key);
			val = json_object_get(val, k);
			if (last) {
				json_object_set_new(at, k, json_true());
			} else {
				if (!json_object_get(at, k))
					json_object_set_new(at, k, as_bool(val));
				at = json_object_get(at, k);
			}
		} else if (json_is_array(at) && json_is_integer(key)) {
			size_t idx = (size_t)json_integer_value(key);
			val = json_array_get(val, idx);
			if (idx >= json_array_size(at))
				return;
			if (last)
				json_array_set_new(at, idx, json_true());
			else
				at = json_array_get(at, idx);
		} else {
			return;
		}
	}
}

/* provider["registry.terraform.io/hashicorp/aws"].alias -> the quoted part. */
static json_t *provider_name(const char *p)
{
	const char *open = p ? strstr(p, "[\"") : NULL, *close = open ? strstr(open + 2, "\"]") : NULL;
	return open && close ? json_stringn(open + 2, (size_t)(close - open - 2)) : json_string(p ? p : "");
}

static void key_print(cl_buf *b, const json_t *key)
{
	char *k = json_dumps(key, JSON_ENCODE_ANY | JSON_COMPACT);
	cl_buf_printf(b, "[%s]", k);
	free(k);
}

static json_t *entry(const char *module, const json_t *res, const json_t *inst)
{
	const char *mode = json_string_value(json_object_get(res, "mode"));
	const char *type = json_string_value(json_object_get(res, "type"));
	const char *name = json_string_value(json_object_get(res, "name"));
	const json_t *key = json_object_get(inst, "index_key");
	const json_t *attrs = json_object_get(inst, "attributes");
	cl_buf addr = CL_BUF_INIT;
	cl_buf_printf(&addr, "%s%s%s%s.%s", module, *module ? "." : "", mode && !strcmp(mode, "data") ? "data." : "",
	              type ? type : "", name ? name : "");
	if (key)
		key_print(&addr, key);
	json_t *e = json_pack("{s:s, s:s, s:s, s:s}", "address", cl_buf_str(&addr), "mode", mode ? mode : "managed",
	                      "type", type ? type : "", "name", name ? name : "");
	cl_buf_free(&addr);
	if (key)
		json_object_set(e, "index", (json_t *)key);
	json_object_set_new(e, "provider_name", provider_name(json_string_value(json_object_get(res, "provider"))));
	json_object_set_new(e, "schema_version", json_integer(json_integer_value(json_object_get(inst, "schema_version"))));
	json_t *values = attrs ? json_deep_copy(attrs) : json_object();
	json_t *bools = as_bool(values);
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(inst, "sensitive_attributes"), i, p)
		mark(bools, values, p);
	json_object_set_new(e, "values", values);
	json_object_set_new(e, "sensitive_values", bools);
	const json_t *deps = json_object_get(inst, "dependencies");
	if (json_array_size(deps))
		json_object_set(e, "depends_on", (json_t *)deps);
	const char *status = json_string_value(json_object_get(inst, "status"));
	if (status && !strcmp(status, "tainted"))
		json_object_set_new(e, "tainted", json_true());
	const char *deposed = json_string_value(json_object_get(inst, "deposed"));
	if (deposed)
		json_object_set_new(e, "deposed_key", json_string(deposed));
	return e;
}

static const char *str(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

static int by_address(const void *a, const void *b)
{
	const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	return strcmp(str(x, "address"), str(y, "address"));
}

/* Instance keys: numbers in order, before strings in order. */
static int by_key(const json_t *x, const json_t *y)
{
	if (!x || !y)
		return !x - !y ? (x ? 1 : -1) : 0;
	if (json_is_integer(x) != json_is_integer(y))
		return json_is_integer(x) ? -1 : 1;
	if (json_is_integer(x))
		return (json_integer_value(x) > json_integer_value(y)) - (json_integer_value(x) < json_integer_value(y));
	return strcmp(json_string_value(x) ? json_string_value(x) : "", json_string_value(y) ? json_string_value(y) : "");
}

static int by_resource(const void *a, const void *b)
{
	const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	int c = strcmp(str(x, "mode"), str(y, "mode"));   /* "data" before "managed" */
	if (!c)
		c = strcmp(str(x, "type"), str(y, "type"));
	if (!c)
		c = strcmp(str(x, "name"), str(y, "name"));
	if (!c)
		c = by_key(json_object_get(x, "index"), json_object_get(y, "index"));
	if (!c)
		c = strcmp(str(x, "deposed_key"), str(y, "deposed_key"));   /* the current object first */
	return c;
}

/* Sorts the array of objects arr with cmp. */
static void sort_array(json_t *arr, int (*cmp)(const void *, const void *))
{
	size_t n = json_array_size(arr);
	json_t **v = calloc(n + 1, sizeof *v);
	for (size_t i = 0; i < n; i++)
		v[i] = json_incref(json_array_get(arr, i));
	qsort(v, n, sizeof *v, cmp);
	json_array_clear(arr);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, v[i]);
	free(v);
}

/* The module object for path ("module.a.module.b[0]"), made as needed
 * under root: each module's parent is its path less the last module step. */
static json_t *module_for(json_t *root, json_t *index, const char *path)
{
	if (!*path)
		return root;
	json_t *m = json_object_get(index, path);
	if (m)
		return m;
	const char *last = path, *p;
	for (p = path; (p = strstr(p, ".module.")); p++)
		last = p + 1;
	char *parent = strndup(path, last == path ? 0 : (size_t)(last - path - 1));
	json_t *up = module_for(root, index, parent);
	free(parent);
	m = json_pack("{s:s}", "address", path);
	json_object_set_new(index, path, m);
	json_t *kids = json_object_get(up, "child_modules");
	if (!kids)
		json_object_set_new(up, "child_modules", kids = json_array());
	json_array_append(kids, m);
	return m;
}

static void sort_tree(json_t *m)
{
	json_t *r = json_object_get(m, "resources"), *kids = json_object_get(m, "child_modules");
	if (r)
		sort_array(r, by_resource);
	if (kids) {
		sort_array(kids, by_address);
		size_t i;
		json_t *k;
		json_array_foreach(kids, i, k)
			sort_tree(k);
	}
}

json_t *cl_state_show_json(const json_t *state, const char *version)
{
	json_t *out = json_pack("{s:s}", "format_version", "1.0");
	if (!state)
		return out;
	json_object_set_new(out, "terraform_version", json_string(version));
	json_t *values = json_object(), *root = json_object(), *index = json_object();
	const json_t *outs = json_object_get(state, "outputs");
	if (json_object_size(outs)) {
		json_t *o = json_object();
		const char *k;
		json_t *v;
		json_object_foreach((json_t *)outs, k, v) {
			json_t *e = json_pack("{s:b, s:O}", "sensitive", json_is_true(json_object_get(v, "sensitive")),
			                      "value", json_object_get(v, "value"));
			if (json_object_get(v, "type"))
				json_object_set(e, "type", json_object_get(v, "type"));
			json_object_set_new(o, k, e);
		}
		json_object_set_new(values, "outputs", o);
	}
	size_t i, j;
	json_t *res, *inst;
	json_array_foreach(json_object_get(state, "resources"), i, res) {
		const char *module = json_string_value(json_object_get(res, "module"));
		json_t *m = module_for(root, index, module ? module : "");
		json_t *list = json_object_get(m, "resources");
		if (!list)
			json_object_set_new(m, "resources", list = json_array());
		json_array_foreach(json_object_get(res, "instances"), j, inst)
			json_array_append_new(list, entry(module ? module : "", res, inst));
	}
	sort_tree(root);
	json_decref(index);
	json_object_set_new(values, "root_module", root);
	json_object_set_new(out, "values", values);
	return out;
}
