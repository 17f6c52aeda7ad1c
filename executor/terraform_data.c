/* terraform_data.c: resource "terraform_data", Terraform's built-in
 * resource that stores a value: input (any value) is copied to output when
 * the object is created or input changes; a change of triggers_replace
 * replaces it.  No API is called; id is a random UUID. */
#include "executor/terraform_data.h"
#include "executor/aws/resource.h"
#include "executor/state.h"

static const cl_schema_attr attrs[] = {
	{ "input", CL_AT_ANY, CL_AT_ANY, OPT, NULL, "a value to store: output takes it" },
	{ "output", CL_AT_ANY, CL_AT_ANY, COMP, NULL, "input, as last applied" },
	{ "triggers_replace", CL_AT_ANY, CL_AT_ANY, OPT | NEW, NULL, "a value whose change replaces the object" },
	A_ID,
	A_END
};
static const cl_schema schema = { attrs, NULL };

static bool store(aws_op *op, const cl_value *cfg, const char *id, cl_value **state)
{
	aws_obj *o = aws_obj_new(op, &schema, cfg);
	aws_obj_set(o, "id", cl_value_cstr(op->arena, id));
	aws_obj_set(o, "output", (cl_value *)cl_value_get(cfg, "input"));
	*state = aws_obj_done(o);
	return true;
}

static bool create(aws_op *op, const cl_value *cfg, cl_value **state)
{
	char id[37];
	cl_uuid(id);
	return store(op, cfg, id, state);
}

static bool read(aws_op *op, const cl_value *prior, cl_value **state)
{
	*state = (cl_value *)prior;   /* nothing outside state to ask */
	return true;
}

static bool update(aws_op *op, const cl_value *prior, const cl_value *cfg, cl_value **state)
{
	return store(op, cfg, aws_str(prior, "id"), state);
}

static bool destroy(aws_op *op, const cl_value *prior)
{
	return true;
}

static bool find(aws_op *op, cl_value **state)
{
	*state = NULL;   /* a create cut short left nothing anywhere */
	return true;
}

static const aws_ops ops = { create, read, update, destroy, find, .standalone = true };
const cl_resource_type cl_terraform_data_type = { "terraform_data", false, &schema, 10, false, &ops };
