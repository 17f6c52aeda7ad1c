/* ctyjson.c: cty's JSON type syntax and Terraform's sensitive-path
 * syntax.  Paths address object attributes by get_attr, list, tuple and map
 * elements by index; a set has no stable index, so a mark inside one marks
 * the whole set. */
#include "executor/ctyjson.h"

#include <string.h>

/* A type as cty's JSON writes it: "string", ["list","string"],
 * ["object",{"a":"number"}], ["tuple",[...]], "dynamic". */
json_t *cl_ctyjson_type(const cl_type *t)
{
	static const char *prim[] = { [CL_T_ANY] = "dynamic", [CL_T_BOOL] = "bool",
	                              [CL_T_NUMBER] = "number", [CL_T_STRING] = "string" };
	static const char *coll[] = { [CL_T_LIST] = "list", [CL_T_SET] = "set", [CL_T_MAP] = "map" };
	switch (t->kind) {
	case CL_T_LIST: case CL_T_SET: case CL_T_MAP:
		return json_pack("[so]", coll[t->kind], cl_ctyjson_type(t->elem));
	case CL_T_TUPLE: {
		json_t *e = json_array();
		for (uint32_t i = 0; i < t->n; i++)
			json_array_append_new(e, cl_ctyjson_type(t->elems[i]));
		return json_pack("[so]", "tuple", e);
	}
	case CL_T_OBJECT: {
		json_t *e = json_object();
		for (uint32_t i = 0; i < t->n; i++)
			json_object_set_new(e, t->names[i], cl_ctyjson_type(t->elems[i]));
		return json_pack("[so]", "object", e);
	}
	default:
		return json_string(prim[t->kind]);
	}
}

const cl_type *cl_ctyjson_parse_type(cl_arena *a, const json_t *j)
{
	const char *s = json_string_value(j);
	if (s) {
		if (!strcmp(s, "string")) return &cl_type_string;
		if (!strcmp(s, "number")) return &cl_type_number;
		if (!strcmp(s, "bool")) return &cl_type_bool;
		return &cl_type_any;
	}
	const char *k = json_string_value(json_array_get(j, 0));
	const json_t *arg = json_array_get(j, 1);
	if (!k || !arg)
		return &cl_type_any;
	if (!strcmp(k, "list") || !strcmp(k, "set") || !strcmp(k, "map"))
		return cl_type_collection(a, k[0] == 'l' ? CL_T_LIST : k[0] == 's' ? CL_T_SET : CL_T_MAP,
		                          cl_ctyjson_parse_type(a, arg));
	if (!strcmp(k, "tuple") && json_is_array(arg)) {
		uint32_t n = (uint32_t)json_array_size(arg);
		const cl_type **e = CL_NEWN(a, const cl_type *, n ? n : 1);
		for (uint32_t i = 0; i < n; i++)
			e[i] = cl_ctyjson_parse_type(a, json_array_get(arg, i));
		return cl_type_tuple(a, e, n);
	}
	if (!strcmp(k, "object") && json_is_object(arg)) {
		uint32_t n = (uint32_t)json_object_size(arg), i = 0;
		const char **names = CL_NEWN(a, const char *, n ? n : 1);
		const cl_type **e = CL_NEWN(a, const cl_type *, n ? n : 1);
		const char *name;
		json_t *v;
		json_object_foreach((json_t *)arg, name, v) {
			names[i] = cl_arena_strdup(a, name);
			e[i++] = cl_ctyjson_parse_type(a, v);
		}
		return cl_type_object(a, names, e, n);
	}
	return &cl_type_any;
}

/* Appends to paths the path of every sensitive-marked part of v.  Inside a
 * set, which has no stable index, the whole set is marked. */
static void collect_sensitive(const cl_value *v, json_t *path, json_t *paths)
{
	if (v->marks & CL_MARK_SENSITIVE) {
		json_array_append_new(paths, json_deep_copy(path));
		return;
	}
	if (v->kind == CL_V_SET) {
		if (cl_value_marks_deep(v) & CL_MARK_SENSITIVE)
			json_array_append_new(paths, json_deep_copy(path));
		return;
	}
	bool keyed = v->kind == CL_V_MAP || v->kind == CL_V_OBJECT;
	if (!keyed && v->kind != CL_V_LIST && v->kind != CL_V_TUPLE)
		return;
	for (uint32_t i = 0; i < v->n; i++) {
		if (!(cl_value_marks_deep(v->u.c.v[i]) & CL_MARK_SENSITIVE))
			continue;
		json_t *step;
		if (v->kind == CL_V_OBJECT)
			step = json_pack("{s:s,s:s}", "type", "get_attr", "value", v->u.c.keys[i]);
		else if (keyed)
			step = json_pack("{s:s,s:{s:s,s:s}}", "type", "index", "value", "value", v->u.c.keys[i], "type", "string");
		else
			step = json_pack("{s:s,s:{s:I,s:s}}", "type", "index", "value", "value", (json_int_t)i, "type", "number");
		json_array_append_new(path, step);
		collect_sensitive(v->u.c.v[i], path, paths);
		json_array_remove(path, json_array_size(path) - 1);
	}
}

/* v with the part at path[i...] marked sensitive (copies along the path). */
static cl_value *mark_from(cl_arena *a, cl_value *v, const json_t *path, size_t i)
{
	if (i == json_array_size(path))
		return cl_value_mark(a, v, CL_MARK_SENSITIVE);
	const json_t *step = json_array_get(path, i);
	const char *type = json_string_value(json_object_get(step, "type"));
	const json_t *val = json_object_get(step, "value");
	long idx = -1;
	if (type && !strcmp(type, "get_attr") && json_is_string(val) && v->kind == CL_V_OBJECT) {
		/* By name: values may be shared (nulls), so not by identity. */
		for (uint32_t k = 0; k < v->n; k++)
			if (!strcmp(v->u.c.keys[k], json_string_value(val)))
				idx = k;
	} else if (type && !strcmp(type, "index") && json_is_object(val)) {
		const json_t *kv = json_object_get(val, "value");
		if (json_is_integer(kv) && (v->kind == CL_V_LIST || v->kind == CL_V_TUPLE) &&
		    json_integer_value(kv) >= 0 && json_integer_value(kv) < v->n)
			idx = (long)json_integer_value(kv);
		else if (json_is_string(kv) && (v->kind == CL_V_MAP || v->kind == CL_V_OBJECT))
			for (uint32_t k = 0; k < v->n; k++)
				if (!strcmp(v->u.c.keys[k], json_string_value(kv)))
					idx = k;
	}
	if (idx < 0)     /* a path that no longer fits the value: mark the whole */
		return cl_value_mark(a, v, CL_MARK_SENSITIVE);
	cl_value *c = CL_NEW(a, cl_value);
	*c = *v;
	c->u.c.v = CL_NEWN(a, cl_value *, v->n);
	memcpy(c->u.c.v, v->u.c.v, v->n * sizeof *c->u.c.v);
	c->u.c.v[idx] = mark_from(a, v->u.c.v[idx], path, i + 1);
	return c;
}

json_t *cl_ctyjson_sensitive_paths(const cl_value *v)
{
	json_t *paths = json_array(), *path = json_array();
	collect_sensitive(v, path, paths);
	json_decref(path);
	return paths;
}

cl_value *cl_ctyjson_mark(cl_arena *a, cl_value *v, const json_t *path)
{
	return mark_from(a, v, path, 0);
}

cl_value *cl_ctyjson_retype(cl_arena *a, const cl_value *v, const cl_type *t, const char **err)
{
	json_t *js = cl_value_to_json(v);
	cl_value *typed = cl_value_from_json(a, js, t, err);
	json_decref(js);
	return typed;
}
