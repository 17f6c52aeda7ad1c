/* schemadump.c: a test tool that prints clicamosc's schema tables in the
 * layout of `terraform providers schema -json` (resource_schemas and
 * data_source_schemas of one provider), so that tests can hold them to
 * the real provider's.  Defaults and our own flags go under "clicamosc". */
#include "compiler/schema.h"
#include "executor/aws/provider.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

static json_t *type_json(cl_attr_type t, cl_attr_type elem)
{
	static const char *const prim[] = { [CL_AT_STRING] = "string", [CL_AT_NUMBER] = "number",
	                                    [CL_AT_BOOL] = "bool", [CL_AT_ANY] = "dynamic" };
	switch (t) {
	case CL_AT_LIST:
		return json_pack("[ss]", "list", prim[elem]);
	case CL_AT_SET:
		return json_pack("[ss]", "set", prim[elem]);
	case CL_AT_MAP:
		return json_pack("[ss]", "map", prim[elem]);
	default:
		return json_string(prim[t]);
	}
}

static json_t *block_json(const cl_schema *s)
{
	json_t *attrs = json_object(), *blocks = json_object();
	for (const cl_schema_attr *sa = s->attrs; sa->name; sa++) {
		json_t *a = json_pack("{so}", "type", type_json(sa->type, sa->elem));
		if (sa->flags & CL_SA_REQUIRED)
			json_object_set_new(a, "required", json_true());
		if (sa->flags & CL_SA_OPTIONAL)
			json_object_set_new(a, "optional", json_true());
		if (sa->flags & CL_SA_COMPUTED)
			json_object_set_new(a, "computed", json_true());
		if (sa->flags & CL_SA_SENSITIVE)
			json_object_set_new(a, "sensitive", json_true());
		if (sa->def)
			json_object_set_new(a, "clicamosc_default", json_string(sa->def));
		if (sa->flags & CL_SA_FORCE_NEW)
			json_object_set_new(a, "clicamosc_force_new", json_true());
		json_object_set_new(attrs, sa->name, a);
	}
	static const char *const nesting[] = { [CL_NEST_LIST] = "list", [CL_NEST_SET] = "set",
	                                       [CL_NEST_SINGLE] = "single" };
	for (const cl_schema_block *sb = s->blocks; sb && sb->name; sb++) {
		json_t *b = json_pack("{ss so}", "nesting_mode", nesting[sb->nesting], "block", block_json(sb->body));
		if (sb->min)
			json_object_set_new(b, "min_items", json_integer(sb->min));
		if (sb->max)
			json_object_set_new(b, "max_items", json_integer(sb->max));
		if (sb->flags & CL_SA_COMPUTED)
			json_object_set_new(b, "clicamosc_computed", json_true());
		json_object_set_new(blocks, sb->name, b);
	}
	json_t *o = json_pack("{so}", "attributes", attrs);
	if (json_object_size(blocks))
		json_object_set_new(o, "block_types", blocks);
	else
		json_decref(blocks);
	return o;
}

int main(void)
{
	aws_provider_register();
	json_t *res = json_object(), *data = json_object();
	unsigned n;
	const cl_resource_type *const *all = cl_schema_all(&n);
	for (unsigned i = 0; i < n; i++) {
		const cl_resource_type *rt = all[i];
		if (strncmp(rt->name, "aws_", 4) != 0)
			continue;   /* terraform_remote_state is Terraform's own, not the provider's */
		json_object_set_new(rt->data ? data : res, rt->name,
		                    json_pack("{si so}", "version", (int)rt->schema_version, "block", block_json(rt->schema)));
	}
	json_t *root = json_pack("{so so}", "resource_schemas", res, "data_source_schemas", data);
	json_dumpf(root, stdout, JSON_INDENT(1) | JSON_SORT_KEYS);
	putchar('\n');
	json_decref(root);
	return 0;
}
