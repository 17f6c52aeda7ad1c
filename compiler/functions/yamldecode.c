/* yamldecode.c: YAML to a value through libyaml's document loader, with the
 * plain-scalar resolution of go-cty's YAML (null ~, YAML 1.1 booleans, integers,
 * floats, .inf, .nan; everything else a string), anchors and aliases
 * followed, explicit !!str/!!int/!!float/!!bool/!!null tags obeyed. */
#include "compiler/functions/fn.h"

#include <stdlib.h>
#include <yaml.h>

enum { MAX_NODES_DEEP = 200 };

static bool any_of(const char *s, const char *const *set)
{
	for (; *set; set++)
		if (!strcmp(s, *set))
			return true;
	return false;
}

static const char *const nulls[] = { "", "~", "null", "Null", "NULL", NULL };
/* YAML 1.1's booleans, as go-yaml (and so Terraform) reads them. */
static const char *const trues[] = { "true", "True", "TRUE", "y", "Y", "yes", "Yes", "YES", "on", "On", "ON", NULL };
static const char *const falses[] = { "false", "False", "FALSE", "n", "N", "no", "No", "NO", "off", "Off", "OFF", NULL };

/* A number as YAML 1.2's core schema spells one; NULL when s is not. */
static cl_value *yaml_number(cl_arena *a, const char *s)
{
	if (!strcmp(s, ".inf") || !strcmp(s, ".Inf") || !strcmp(s, ".INF") || !strcmp(s, "+.inf"))
		return cl_value_double(a, 1.0 / 0.0);
	if (!strcmp(s, "-.inf") || !strcmp(s, "-.Inf") || !strcmp(s, "-.INF"))
		return cl_value_double(a, -1.0 / 0.0);
	const char *p = s + (*s == '-' || *s == '+');
	if ((p[0] == '0' && (p[1] == 'x' || p[1] == 'o')) && p[2]) {
		char *e;
		long long v = strtoll(p + 2, &e, p[1] == 'x' ? 16 : 8);
		return *e ? NULL : cl_value_double(a, (double)(*s == '-' ? -v : v));
	}
	return cl_value_number_parse(a, s, strlen(s));
}

static cl_value *scalar(cl_fn_call *c, yaml_node_t *n)
{
	const char *s = (const char *)n->data.scalar.value;
	const char *tag = (const char *)n->tag;
	bool plain = n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	if (tag && strcmp(tag, YAML_STR_TAG) == 0 && !plain)
		return cl_value_string(c->a, s, n->data.scalar.length);
	bool explicit = tag && strcmp(tag, YAML_STR_TAG) != 0;
	if (explicit && !strcmp(tag, YAML_STR_TAG))
		return cl_value_string(c->a, s, n->data.scalar.length);
	if (!plain && !explicit)
		return cl_value_string(c->a, s, n->data.scalar.length);
	if ((!explicit || !strcmp(tag, YAML_NULL_TAG)) && any_of(s, nulls))
		return cl_value_null(c->a, NULL);
	if (!explicit || !strcmp(tag, YAML_BOOL_TAG)) {
		if (any_of(s, trues))
			return cl_value_bool(c->a, true);
		if (any_of(s, falses))
			return cl_value_bool(c->a, false);
	}
	if (!explicit || !strcmp(tag, YAML_INT_TAG) || !strcmp(tag, YAML_FLOAT_TAG)) {
		cl_value *v = yaml_number(c->a, s);
		if (v)
			return v;
	}
	if (explicit && strcmp(tag, YAML_STR_TAG))
		return fn_error(c, "cannot decode \"%s\" as %s", s, tag);
	return cl_value_string(c->a, s, n->data.scalar.length);
}

static cl_value *node_value(cl_fn_call *c, yaml_document_t *doc, yaml_node_t *n, int depth)
{
	if (depth > MAX_NODES_DEEP)
		return fn_error(c, "the YAML is nested too deeply (or an alias refers to itself)");
	switch (n->type) {
	case YAML_SCALAR_NODE:
		return scalar(c, n);
	case YAML_SEQUENCE_NODE: {
		uint32_t cnt = (uint32_t)(n->data.sequence.items.top - n->data.sequence.items.start);
		cl_value **v = CL_NEWN(c->a, cl_value *, cnt ? cnt : 1);
		for (uint32_t i = 0; i < cnt; i++)
			if (!(v[i] = node_value(c, doc, yaml_document_get_node(doc, n->data.sequence.items.start[i]), depth + 1)))
				return NULL;
		return cl_value_tuple(c->a, v, cnt);
	}
	case YAML_MAPPING_NODE: {
		uint32_t cnt = (uint32_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
		const char **keys = CL_NEWN(c->a, const char *, cnt ? cnt : 1);
		cl_value **v = CL_NEWN(c->a, cl_value *, cnt ? cnt : 1);
		for (uint32_t i = 0; i < cnt; i++) {
			yaml_node_pair_t *p = &n->data.mapping.pairs.start[i];
			yaml_node_t *k = yaml_document_get_node(doc, p->key);
			if (k->type != YAML_SCALAR_NODE)
				return fn_error(c, "only strings are allowed as YAML mapping keys");
			keys[i] = cl_arena_strdup(c->a, (const char *)k->data.scalar.value);
			for (uint32_t j = 0; j < i; j++)
				if (!strcmp(keys[j], keys[i]))
					return fn_error(c, "duplicate key \"%s\" in a YAML mapping", keys[i]);
			if (!(v[i] = node_value(c, doc, yaml_document_get_node(doc, p->value), depth + 1)))
				return NULL;
		}
		return cl_value_object(c->a, keys, v, cnt);
	}
	default:
		return cl_value_null(c->a, NULL);
	}
}

cl_value *fn_yamldecode(cl_fn_call *c, cl_value **args, uint32_t n)
{
	yaml_parser_t p;
	yaml_document_t doc;
	if (!yaml_parser_initialize(&p))
		return fn_error(c, "the YAML parser could not start");
	yaml_parser_set_input_string(&p, (const unsigned char *)args[0]->u.str.s, args[0]->u.str.len);
	cl_value *v = NULL;
	if (!yaml_parser_load(&p, &doc)) {
		fn_error(c, "on line %zu, column %zu: %s", p.problem_mark.line + 1, p.problem_mark.column + 1,
		         p.problem ? p.problem : "invalid YAML");
		yaml_parser_delete(&p);
		return NULL;
	}
	yaml_node_t *root = yaml_document_get_root_node(&doc);
	v = root ? node_value(c, &doc, root, 0) : cl_value_null(c->a, NULL);
	yaml_document_delete(&doc);
	/* One document only, as Terraform. */
	if (v && yaml_parser_load(&p, &doc)) {
		if (yaml_document_get_root_node(&doc))
			v = fn_error(c, "on line %zu, column %zu: unexpected extra content after value",
			             doc.start_mark.line + 1, doc.start_mark.column + 1);
		yaml_document_delete(&doc);
	}
	yaml_parser_delete(&p);
	return v;
}
