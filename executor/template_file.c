/* template_file.c: data "template_file" (see template_file.h): rendered
 * is the template with vars in scope, id the SHA-256 of rendered as the
 * template provider made it. */
#include "executor/template_file.h"
#include "executor/aws/resource.h"
#include "compiler/template.h"

#include <openssl/evp.h>
#include <stdio.h>

static const cl_schema_attr attrs[] = {
	A_STR("template", REQ),
	A_MAP("vars", OPT),
	A_ID, A_STR("rendered", COMP),
	A_END
};
static const cl_schema schema = { attrs, NULL };

static bool read(aws_op *op, const cl_value *cfg, cl_value **state)
{
	const cl_value *vars = cl_value_get(cfg, "vars");
	if (!vars || cl_value_is_null(vars))
		vars = cl_value_map(op->arena, &cl_type_string, NULL, NULL, 0);
	*state = NULL;
	char err[sizeof op->err - 64];
	cl_value *out = cl_template_render(op->arena, cl_arena_printf(op->arena, "%s template", op->addr),
	                                   aws_str(cfg, "template"), vars, err, sizeof err);
	if (!out)
		return aws_op_fail(op, "rendering the template failed:\n%s", err);
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned n = 0;
	EVP_Digest(out->u.str.s, out->u.str.len, md, &n, EVP_sha256(), NULL);
	char hex[2 * EVP_MAX_MD_SIZE + 1];
	for (unsigned i = 0; i < n; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	aws_obj *o = aws_obj_new(op, &schema, cfg);
	aws_obj_set(o, "rendered", out);
	aws_obj_str(o, "id", hex);
	*state = aws_obj_done(o);
	return true;
}

/* Read, never created; standalone: it needs no AWS client. */
static const aws_ops ops = { read, read, NULL, NULL, NULL, NULL, true };
const cl_resource_type cl_template_file_data = {
	"template_file", true, &schema, 10, false, &ops,
	.deprecated = "the template provider is archived: use the templatefile(path, vars) function, or templatestring(ref, vars) "
	"for a template held in a variable"
};
