/* availability_zones.c: data "aws_availability_zones": the region's zones,
 * by state and filters, minus the excluded ones; names sorted. */
#include "executor/aws/resource.h"

#include <stdlib.h>
#include <string.h>

static const cl_schema_block blocks[] = {
	{ "filter", CL_NEST_SET, 0, 0, 0, &aws_filter_schema },
	{ NULL }
};
static const cl_schema_attr attrs[] = {
	A_STR("state", OPT),
	A_BOOL("all_availability_zones", OPT),
	A_SET("exclude_names", OPT), A_SET("exclude_zone_ids", OPT),
	A_ID,
	A_LIST("names", COMP), A_LIST("zone_ids", COMP), A_SET("group_names", COMP),
	A_END
};
static const cl_schema schema = { attrs, blocks };

typedef struct zone {
	const char *name, *id, *group;
} zone;

static int by_name(const void *a, const void *b)
{
	return strcmp(((const zone *)a)->name, ((const zone *)b)->name);
}

static bool listed(const char *s, const char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(s, v[i]))
			return true;
	return false;
}

static bool read(aws_op *op, const cl_value *cfg, cl_value **state)
{
	aws_params *p = aws_params_new(AWS_EC2);
	if (aws_bool(cfg, "all_availability_zones", false))
		aws_params_add(p, "AllAvailabilityZones", "true");
	const char *st = aws_str(cfg, "state");
	if (st)
		aws_params_filter(p, "state", &st, 1);
	aws_params_filters(op, p, cfg);
	aws_xml *x;
	*state = NULL;
	if (!aws_op_call(op, "DescribeAvailabilityZones", p, &x, NULL))
		return false;
	const char **xn, **xi;
	size_t nxn = aws_strs(op->arena, cfg, "exclude_names", &xn), nxi = aws_strs(op->arena, cfg, "exclude_zone_ids", &xi);
	const aws_xml *list = aws_xml_child(x, "availabilityZoneInfo");
	zone *z = CL_NEWN(op->arena, zone, aws_xml_count(list) + 1);
	size_t n = 0;
	const char *region = NULL;
	aws_xml_each(it, list) {
		zone y = { cl_arena_strdup(op->arena, aws_xml_text(aws_xml_child(it, "zoneName"))),
		           cl_arena_strdup(op->arena, aws_xml_text(aws_xml_child(it, "zoneId"))),
		           cl_arena_strdup(op->arena, aws_xml_text(aws_xml_child(it, "groupName"))) };
		region = region ? region : cl_arena_strdup(op->arena, aws_xml_text(aws_xml_child(it, "regionName")));
		if (!listed(y.name, xn, nxn) && !listed(y.id, xi, nxi))
			z[n++] = y;
	}
	aws_xml_free(x);
	qsort(z, n, sizeof *z, by_name);
	const char **names = CL_NEWN(op->arena, const char *, n + 1), **ids = CL_NEWN(op->arena, const char *, n + 1),
	           **groups = CL_NEWN(op->arena, const char *, n + 1);
	for (size_t i = 0; i < n; i++)
		names[i] = z[i].name, ids[i] = z[i].id, groups[i] = z[i].group;
	aws_obj *o = aws_obj_new(op, &schema, cfg);
	aws_obj_str(o, "id", region);
	aws_obj_strs(o, "names", names, n);
	aws_obj_strs(o, "zone_ids", ids, n);
	aws_obj_strs(o, "group_names", groups, n);
	*state = aws_obj_done(o);
	return true;
}

/* A data source is read, never created: create is the first read. */
static const aws_ops ops = { read, read, NULL, NULL, NULL };
const cl_resource_type aws_availability_zones_data = {
	"aws_availability_zones", true, &schema, 1000, false, &ops
};
