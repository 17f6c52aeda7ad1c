/* policy.c: policy documents compared semantically (policy.h says the
 * rule).  Both documents are parsed with jansson, normalised in place, and
 * compared as values; nothing is kept. */
#include "compiler/policy.h"

#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool equal(json_t *a, json_t *b);

/* A lone value stands for the list of it: ["x"] is "x". */
static json_t *one(json_t *v)
{
	return json_is_array(v) && json_array_size(v) == 1 ? json_array_get(v, 0) : v;
}

/* "123456789012" as a principal is that account's root. */
static bool account_root(const char *a, const char *b)
{
	size_t n = strlen(a);
	if (n != 12 || strspn(a, "0123456789") != 12)
		return false;
	char arn[64];
	snprintf(arn, sizeof arn, "arn:aws:iam::%s:root", a);
	return !strcmp(arn, b);
}

/* Every element of a pairs with its own equal element of b. */
static bool same_set(json_t *a, json_t *b)
{
	size_t n = json_array_size(a);
	if (n != json_array_size(b))
		return false;
	bool used[n + 1];
	memset(used, 0, sizeof used);
	for (size_t i = 0; i < n; i++) {
		size_t j = 0;
		while (j < n && (used[j] || !equal(json_array_get(a, i), json_array_get(b, j))))
			j++;
		if (j == n)
			return false;
		used[j] = true;
	}
	return true;
}

static bool same_object(json_t *a, json_t *b)
{
	const char *k;
	json_t *v;
	/* A key with an empty list or object is as good as none (Condition {}). */
	json_object_foreach(a, k, v) {
		json_t *w = json_object_get(b, k);
		if (!w && (json_array_size(v) || json_object_size(v) || !(json_is_array(v) || json_is_object(v))))
			return false;
		if (w && !equal(v, w))
			return false;
	}
	json_object_foreach(b, k, v)
		if (!json_object_get(a, k) && (json_array_size(v) || json_object_size(v) ||
		                               !(json_is_array(v) || json_is_object(v))))
			return false;
	return true;
}

static bool equal(json_t *a, json_t *b)
{
	a = one(a), b = one(b);
	if (json_is_array(a) || json_is_array(b)) {
		json_t *x = json_is_array(a) ? a : json_pack("[O]", a);
		json_t *y = json_is_array(b) ? b : json_pack("[O]", b);
		bool r = same_set(x, y);
		if (x != a)
			json_decref(x);
		if (y != b)
			json_decref(y);
		return r;
	}
	if (json_is_object(a) && json_is_object(b))
		return same_object(a, b);
	if (json_is_string(a) && json_is_string(b)) {
		const char *s = json_string_value(a), *t = json_string_value(b);
		return !strcmp(s, t) || account_root(s, t) || account_root(t, s);
	}
	/* true and "true", 1 and "1": AWS gives condition values back as strings. */
	if (json_is_string(a) != json_is_string(b)) {
		json_t *s = json_is_string(a) ? a : b, *o = json_is_string(a) ? b : a;
		char *text = json_dumps(o, JSON_ENCODE_ANY);
		bool r = text && !strcmp(text, json_string_value(s));
		free(text);
		return r;
	}
	return json_equal(a, b);
}

/* "Version" left out is the policy language's first version. */
static void default_version(json_t *doc)
{
	if (json_is_object(doc) && !json_object_get(doc, "Version"))
		json_object_set_new(doc, "Version", json_string("2008-10-17"));
}

bool cl_policy_equal(const char *a, const char *b)
{
	if (!strcmp(a, b))
		return true;
	json_t *x = json_loads(a, JSON_DECODE_ANY, NULL), *y = json_loads(b, JSON_DECODE_ANY, NULL);
	bool r = false;
	if (x && y) {
		default_version(x);
		default_version(y);
		r = equal(x, y);
	}
	json_decref(x);
	json_decref(y);
	return r;
}
