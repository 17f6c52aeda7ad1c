/* provider.h: the AWS provider: every resource type it implements, and the
 * shorthand its schema tables are written in.  Each type lives in a file of
 * its own (vpc.c, subnet.c, elb.c, ...); this header only lists them. */
/* Memory, once for the whole provider interface: every cl_value an
 * operation returns (*state) lives in op->arena, which the caller owns and
 * frees; values passed in (config, prior, replacing, default_tags) are only
 * read and outlive the call.  A json_t handed to op->event is consumed by
 * the callee.  Nothing an operation returns is on the heap. */
#ifndef AWS_PROVIDER_H
#define AWS_PROVIDER_H

#include "compiler/schema.h"
#include "compiler/value.h"
#include "executor/aws/client.h"

#include <jansson.h>

/* What an operation gets: the client, where to put values, who it is for.
 * Operations are called from worker threads, one per instance at a time. */
typedef struct aws_op {
	aws_client *client;
	cl_arena *arena;            /* results live here (the caller locks nothing) */
	const cl_resource_type *rt;
	const char *addr;           /* "module.net.aws_vpc.this", for tags and messages */
	const char *lineage;        /* the state's lineage, tagged on what is created */
	/* The crash journal's token for this create (and for find after a
	 * crash), or NULL: what cannot be tagged carries it in its name. */
	const char *token;
	const cl_value *default_tags;   /* the provider's default_tags map, or NULL */
	/* Progress lines for long waits ("2/3 InService"); may be NULL. */
	void (*progress)(void *ud, const char *line);
	/* A structured event for -json output ("rollout_summary"), its fields
	 * as a JSON object taken over by the callee; may be NULL. */
	void (*event)(void *ud, const char *type, const char *message, json_t *fields);
	void *ud;
	volatile int *cancel;       /* non-zero: give up waiting, as soon as it is safe */
	/* create of a replacement: the object it replaces (still there when
	 * created before destroying), so that a rollout can carry its capacity
	 * over and roll back to it; NULL otherwise. */
	const cl_value *replacing;
	/* A replacement's two halves share this slot: what the new object's
	 * create learns that the old one's destroy needs (a rollout's timings
	 * and carried capacity).  It holds one malloc'd block or NULL; the
	 * destroy takes and frees it, and apply frees one never taken.  NULL
	 * outside a replacement. */
	void **handoff;
	bool keep_failed;           /* -keep-failed: a failed rollout keeps its new object (tainted) */
	/* find: ids already recorded, which it must pass over (so that what
	 * several killed runs left behind is found one object at a time). */
	const char *const *known_ids;
	unsigned nknown;
	char err[1024];             /* on failure: "CODE: message" or what went wrong */
} aws_op;

/* A resource type's operations.  Values are objects of the type's schema
 * (cl_schema_type): config is the planned value with everything known but
 * what AWS computes; the results are the new state. */
typedef struct aws_ops {
	bool (*create)(aws_op *op, const cl_value *config, cl_value **state);
	/* *state NULL: the object is gone (deleted outside clicamosc). */
	bool (*read)(aws_op *op, const cl_value *prior, cl_value **state);
	/* NULL when every change forces replacement. */
	bool (*update)(aws_op *op, const cl_value *prior, const cl_value *config, cl_value **state);
	bool (*destroy)(aws_op *op, const cl_value *prior);
	/* Find what a create interrupted by a crash left behind, by its
	 * clicamosc:address and clicamosc:lineage tags; *state NULL: nothing. */
	bool (*find)(aws_op *op, cl_value **state);
	/* After find: wait for what create waits for once the object exists
	 * (a group's capacity), which the interrupted run may not have seen
	 * through; false (op->err) when it does not come.  NULL: nothing. */
	bool (*settle)(aws_op *op, const cl_value *found);
	/* A data source that needs no client (terraform_remote_state): read
	 * while planning even when AWS is not asked. */
	bool standalone;
} aws_ops;

/* Registers every type below with the compiler's schema registry. */
void aws_provider_register(void);

extern const cl_resource_type aws_vpc_type, aws_subnet_type, aws_internet_gateway_type,
	aws_route_table_type, aws_route_table_association_type, aws_security_group_type,
	aws_instance_type, aws_eip_type, aws_key_pair_type, aws_elb_type,
	aws_launch_configuration_type, aws_autoscaling_group_type, aws_launch_template_type,
	aws_nat_gateway_type, aws_route_type, aws_security_group_rule_type,
	aws_vpc_security_group_ingress_rule_type, aws_vpc_security_group_egress_rule_type,
	aws_lb_type, aws_lb_target_group_type, aws_lb_listener_type, aws_lb_listener_rule_type,
	aws_lb_target_group_attachment_type,
	aws_ami_data, aws_availability_zones_data, aws_vpc_data, aws_subnet_data, aws_subnets_data,
	aws_subnet_ids_data, aws_security_group_data, aws_region_data;
extern const cl_resource_type aws_iam_role_type, aws_iam_instance_profile_type, aws_iam_role_policy_type,
	aws_iam_role_policy_attachment_type, aws_cloudwatch_metric_alarm_type,
	aws_autoscaling_policy_type, aws_autoscaling_schedule_type;

/* The body of a data source's filter { name, values } block. */
extern const cl_schema aws_filter_schema;

/* Schema shorthand: REQ/OPT/COMP/NEW flags and one macro per attribute shape. */
#define REQ  CL_SA_REQUIRED
#define OPT  CL_SA_OPTIONAL
#define COMP CL_SA_COMPUTED
#define NEW  CL_SA_FORCE_NEW
#define A_STR(n, f)     { (n), CL_AT_STRING, CL_AT_STRING, (f), NULL, NULL }
#define A_NUM(n, f)     { (n), CL_AT_NUMBER, CL_AT_NUMBER, (f), NULL, NULL }
#define A_BOOL(n, f)    { (n), CL_AT_BOOL, CL_AT_BOOL, (f), NULL, NULL }
#define A_LIST(n, f)    { (n), CL_AT_LIST, CL_AT_STRING, (f), NULL, NULL }
#define A_SET(n, f)     { (n), CL_AT_SET, CL_AT_STRING, (f), NULL, NULL }
#define A_MAP(n, f)     { (n), CL_AT_MAP, CL_AT_STRING, (f), NULL, NULL }
#define A_DEF(t, n, f, d) { (n), (t), (t), (f) | OPT, (d), NULL }
#define A_ID            A_STR("id", COMP)
#define A_TAGS          A_MAP("tags", OPT), A_MAP("tags_all", COMP)
#define A_END           { NULL }

#endif
