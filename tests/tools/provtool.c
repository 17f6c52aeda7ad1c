/* provtool.c: a test tool that runs one provider operation against AWS (the
 * emulator): JSON in on stdin, the resulting state as JSON on stdout, the
 * error on stderr (exit 1; a failed create that still made something prints
 * its state too).  Defaults are filled in from the schema as the compiler does.
 *
 *   provtool create|read|destroy TYPE ADDR < value.json
 *   provtool update TYPE ADDR < {"prior": ..., "config": ...}
 *   provtool find TYPE ADDR
 *   TYPE: aws_vpc, ... or data.aws_ami; env PROVTOOL_LINEAGE, PROVTOOL_DEFAULT_TAGS (JSON)
 */
#include "compiler/instance.h"
#include "executor/aws/provider.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(void)
{
	fprintf(stderr, "usage: provtool create|read|update|destroy|find TYPE ADDR < value.json\n");
	exit(2);
}

static json_t *default_json(const char *def)
{
	return def ? json_loads(def, JSON_DECODE_ANY, NULL) : json_null();
}

/* Every attribute and block of s present, as a configuration has them. */
static json_t *fill(json_t *in, const cl_schema *s)
{
	json_t *out = json_is_object(in) ? json_deep_copy(in) : json_object();
	for (const cl_schema_attr *sa = s->attrs; sa->name; sa++)
		if (!json_object_get(out, sa->name))
			json_object_set_new(out, sa->name, default_json(sa->def));
	for (const cl_schema_block *sb = s->blocks; sb && sb->name; sb++) {
		/* one block may be written as an object instead of a list of one */
		json_t *b = json_object_get(out, sb->name), *list = json_array(), *e;
		json_t *items = json_is_object(b) ? json_pack("[O]", b) : json_is_array(b) ? json_incref(b) : json_array();
		size_t i;
		json_array_foreach(items, i, e)
			json_array_append_new(list, fill(e, sb->body));
		json_decref(items);
		json_object_set_new(out, sb->name, list);
	}
	return out;
}

static cl_value *value_of(cl_arena *a, json_t *j, const cl_resource_type *rt)
{
	if (!j || json_is_null(j))
		return NULL;
	json_t *full = fill(j, rt->schema);
	const char *err = NULL;
	cl_value *v = cl_value_from_json(a, full, cl_schema_type(a, rt->schema), &err);
	json_decref(full);
	if (!v) {
		fprintf(stderr, "provtool: input does not fit %s: %s\n", rt->name, err);
		exit(2);
	}
	return v;
}

static void progress(void *ud, const char *line)
{
	fprintf(stderr, "%s\n", line);
}

int main(int argc, char **argv)
{
	if (argc != 4)
		usage();
	const char *cmd = argv[1], *type = argv[2];
	bool data = strncmp(type, "data.", 5) == 0;
	aws_provider_register();
	const cl_resource_type *rt = cl_schema_find(data ? type + 5 : type, data);
	if (!rt || !rt->provider) {
		fprintf(stderr, "provtool: no provider for %s\n", type);
		return 2;
	}
	const aws_ops *ops = rt->provider;

	cl_diags d = { 0 };
	aws_settings set = { 0 };
	aws_config cfg;
	aws_client *c = NULL;
	if (!aws_config_load(&cfg, &set, &d) || !(c = aws_client_new(&cfg, &d))) {
		cl_diags_print(stderr, &d, false);
		return 1;
	}
	cl_arena a;
	cl_arena_init(&a);
	volatile int cancel = 0;
	aws_op op = { .client = c, .arena = &a, .rt = rt, .addr = argv[3], .progress = progress,
	              .cancel = &cancel };
	op.lineage = getenv("PROVTOOL_LINEAGE") ? getenv("PROVTOOL_LINEAGE") : "provtool-lineage";
	json_t *dt = getenv("PROVTOOL_DEFAULT_TAGS") ? json_loads(getenv("PROVTOOL_DEFAULT_TAGS"), 0, NULL) : NULL;
	if (dt) {
		const char *err;
		op.default_tags = cl_value_from_json(&a, dt, cl_type_collection(&a, CL_T_MAP, &cl_type_string), &err);
		json_decref(dt);
	}

	json_t *in = strcmp(cmd, "find") ? json_loadf(stdin, JSON_DECODE_ANY, NULL) : NULL;
	if (strcmp(cmd, "find") && !in) {
		fprintf(stderr, "provtool: stdin is not JSON\n");
		return 2;
	}
	cl_value *state = NULL;
	bool ok, print = true;
	if (!strcmp(cmd, "create"))
		ok = ops->create(&op, value_of(&a, in, rt), &state);
	else if (!strcmp(cmd, "read"))
		ok = ops->read(&op, value_of(&a, in, rt), &state);
	else if (!strcmp(cmd, "update") && ops->update)
		ok = ops->update(&op, value_of(&a, json_object_get(in, "prior"), rt),
		                 value_of(&a, json_object_get(in, "config"), rt), &state);
	else if (!strcmp(cmd, "destroy") && ops->destroy)
		ok = ops->destroy(&op, value_of(&a, in, rt)), print = false;
	else if (!strcmp(cmd, "find") && ops->find)
		ok = ops->find(&op, &state);
	else
		usage();
	if (print && (ok || state)) {
		json_t *j = state ? cl_value_to_json(state) : json_null();
		json_dumpf(j, stdout, JSON_SORT_KEYS | JSON_INDENT(1) | JSON_ENCODE_ANY);
		putchar('\n');
		json_decref(j);
	}
	if (!ok)
		fprintf(stderr, "provtool: %s %s: %s\n", cmd, argv[3], op.err);
	json_decref(in);
	cl_arena_free(&a);
	aws_client_free(c);
	aws_config_free(&cfg);
	cl_diags_free(&d);
	return ok ? 0 : 1;
}
