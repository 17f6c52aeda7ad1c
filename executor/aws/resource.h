/* resource.h: what the AWS resource types share: calls that report into
 * op->err, state objects built attribute by attribute from the schema,
 * arguments read from configuration values, tags (default, configured and
 * identity), unique names, waiters and retried deletes.  Knows no type. */
#ifndef AWS_RESOURCE_H
#define AWS_RESOURCE_H

#include "executor/aws/provider.h"

#include <stdarg.h>

/* ---- calls.  Each takes ownership of p and frees it.  On failure op->err
 * is "CODE: message" and *e (when e is not NULL) the error. */
bool aws_op_call(aws_op *op, const char *action, aws_params *p, aws_xml **out, aws_error *e);
bool aws_op_call_all(aws_op *op, const char *action, aws_params *p, aws_xml **out, aws_error *e);
/* A delete: failures with one of codes (NULL-terminated: DependencyViolation,
 * ResourceInUse, ...) are retried with backoff for up to timeout_s seconds;
 * a *NotFound answer means it is gone already, which is success. */
bool aws_op_delete(aws_op *op, const char *action, aws_params *p, const char *const *codes,
                   double timeout_s);
/* That delete of one EC2 object named by its id alone (DeleteVpc VpcId=...). */
bool aws_delete_ec2(aws_op *op, const char *action, const char *id_param, const char *id,
                    const char *const *codes, double timeout_s);
/* The same retry for a call that must wait for AWS (IncorrectInstanceState...). */
bool aws_op_call_retry(aws_op *op, const char *action, aws_params *p, const char *const *codes,
                       double timeout_s, aws_xml **out);
/* One object by id: *item its element under list_path ("vpcSet"), NULL
 * when it does not exist.  The caller frees *root. */
bool aws_describe_one(aws_op *op, const char *action, const char *id_param, const char *id,
                      const char *list_path, bool after_create, aws_xml **root, aws_xml **item);
/* find: what action lists (filtered by the identity tags, plus p's own
 * filters; p may be NULL) under list_path, the first item's id_field, read
 * through op->rt's ops.  *state NULL when nothing carries the tags. */
bool aws_find_ec2(aws_op *op, const char *action, aws_params *p, const char *list_path,
                  const char *id_field, cl_value **state);
/* Is id one of op->known_ids (find must pass it over)? */
bool aws_op_known(const aws_op *op, const char *id);
/* Did e say the object is not there (InvalidVpcID.NotFound, ValidationError
 * "... not found" from Auto Scaling)? */
bool aws_gone(const aws_error *e);
/* New parameters; after_create marks them as following a create. */
aws_params *aws_op_params(aws_service s, bool after_create);
bool aws_op_fail(aws_op *op, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Has the user interrupted (op->cancel)? */
bool aws_op_cancelled(const aws_op *op);
/* Sleeps s seconds, or until an interrupt. */
void aws_op_nap(const aws_op *op, double s);
/* "ADDR: line" to op->progress. */
void aws_op_progress(aws_op *op, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- creates that make one object, whatever the network does
 * (create_once.c).  lookup finds what an earlier send of this create made:
 * *id NULL when nothing; lost tells that a send's answer was lost (rather
 * than the name being found taken); ud is the caller's.  NULL: the type's
 * find, by identity tags. */
typedef bool (*aws_lookup_fn)(aws_op *op, void *ud, bool lost, const char **id);
/* Sends action once.  An ambiguous outcome (no answer, timeout, 5xx), or an
 * error whose code is in taken (NULL-terminated: InvalidGroup.Duplicate...),
 * first looks the object up: when found, *adopted is its id (and *out
 * NULL); else an ambiguous send is sent again, a few times at most.  On
 * success without adoption *out is the answer (the caller frees it). */
bool aws_op_create(aws_op *op, const char *action, aws_params *p, const char *const *taken,
                   aws_lookup_fn lookup, void *ud, aws_xml **out, const char **adopted);
/* The same, giving the new object's id: the text at id_path in the answer,
 * or the adopted id; id_path NULL ("", or the adopted id): the caller named
 * the object.  NULL on failure. */
const char *aws_op_create_id(aws_op *op, const char *action, aws_params *p, const char *id_path,
                             const char *const *taken, aws_lookup_fn lookup, void *ud);
/* A fresh ClientToken (32 hex digits) for a create made without a journal. */
const char *aws_client_token(cl_arena *a);

/* ---- state objects.  Start from base (the configuration on create, the
 * prior state on read; NULL: all null), overwrite what AWS reports, finish:
 * whatever is still unknown becomes null, so state is wholly known. */
typedef struct aws_obj aws_obj;
aws_obj *aws_obj_new(aws_op *op, const cl_schema *s, const cl_value *base);
cl_value *aws_obj_done(aws_obj *o);
cl_value *aws_obj_get(const aws_obj *o, const char *name);     /* NULL when null */
void aws_obj_set(aws_obj *o, const char *name, cl_value *v);   /* v NULL: null */
void aws_obj_str(aws_obj *o, const char *name, const char *s); /* NULL or "": null */
void aws_obj_int(aws_obj *o, const char *name, long long n);
void aws_obj_bool(aws_obj *o, const char *name, bool b);
/* The string at path under x, into a string, number or bool attribute. */
void aws_obj_x(aws_obj *o, const char *name, const aws_xml *x, const char *path);
/* The same from a string as AWS writes it ("60", "true"; NULL or "": null). */
void aws_obj_text(aws_obj *o, const char *name, const char *s);
/* A list or set attribute (whichever the schema says).  Empty becomes null
 * unless the base held an empty collection, as a configuration would. */
void aws_obj_strs(aws_obj *o, const char *name, const char *const *v, size_t n);
/* The same from the items of an XML list: path names the field in each item
 * ("" for the item's own text). */
void aws_obj_xstrs(aws_obj *o, const char *name, const aws_xml *list, const char *path);
/* A nested block from its element objects.  When canon is given and maps the
 * base's block and the new one to equal values, the base's is kept: AWS says
 * the same thing in other words (upper case, split or merged rules). */
typedef cl_value *(*aws_canon_fn)(aws_op *op, const cl_value *block);
void aws_obj_block(aws_obj *o, const char *name, cl_value **elems, size_t n, aws_canon_fn canon);
/* user_data as its SHA-1, or user_data_base64 when the base has that,
 * from ud: the base64 that AWS holds (NULL or "": none). */
void aws_obj_user_data(aws_obj *o, const char *ud);
/* base (NULL: all null) with its id set: what load functions start from. */
cl_value *aws_with_id(aws_op *op, const cl_value *base, const char *id);

/* ---- reading values (configuration or state).  NULL/false when null or unknown. */
const char *aws_str(const cl_value *v, const char *name);
bool aws_int(const cl_value *v, const char *name, long long *out);
bool aws_bool(const cl_value *v, const char *name, bool dflt);
/* The strings of a list or set attribute; their count. */
size_t aws_strs(cl_arena *a, const cl_value *v, const char *name, const char ***out);
/* Did name change between prior and config? */
bool aws_changed(const cl_value *prior, const cl_value *config, const char *name);
/* x minus y (strings), in x's order. */
size_t aws_minus(cl_arena *a, const char *const *x, size_t nx, const char *const *y, size_t ny,
                 const char ***out);
/* Elements of collection x not in collection y (either may be NULL). */
size_t aws_values_minus(cl_arena *a, const cl_value *x, const cl_value *y, cl_value ***out);
/* Adds Name.1..n (EC2) or Name.member.1..n from a list/set attribute. */
void aws_params_strs(aws_op *op, aws_params *p, const char *param, const cl_value *v,
                     const char *name);
/* A data source's filter { name, values } blocks as Filter.N. */
void aws_params_filters(aws_op *op, aws_params *p, const cl_value *cfg);
/* Filter name=value when the configuration sets attr (a data source's
 * attribute arguments); a bool becomes "true"/"false". */
void aws_params_attr_filter(aws_params *p, const cl_value *cfg, const char *attr, const char *name);
/* A data source's tags argument as tag:KEY filters. */
void aws_params_tag_filters(aws_op *op, aws_params *p, const cl_value *cfg);
/* A data source that must match one object: *item the one item under
 * list_path; "no matching WHAT found" or "multiple WHATs matched" in
 * op->err otherwise (the provider's words).  The caller frees *root. */
bool aws_data_one(aws_op *op, const char *action, aws_params *p, const char *list_path, const char *what,
                  aws_xml **root, const aws_xml **item);
void aws_params_int(aws_params *p, const char *key, long long n);
void aws_params_bool(aws_params *p, const char *key, bool b);

/* ---- names, hashes, encodings */
/* name, else name_prefix plus a unique suffix, else dflt_prefix plus one
 * (Terraform's PrefixedUniqueId: UTC timestamp to the millisecond + counter). */
/* The 26 characters a journal token puts at the end of a generated name,
 * so that what cannot be tagged can still be found after a crash. */
const char *aws_token_suffix(cl_arena *a, const char *token);
const char *aws_unique_name(aws_op *op, const cl_value *config, const char *name_attr,
                            const char *prefix_attr, const char *dflt_prefix);
/* An import id naming two objects ("GROUP/NAME", "ROLE:NAME") split at
 * its first sep; false when there is none or a half is empty. */
bool aws_split_id(cl_arena *a, const char *id, char sep, const char **first, const char **second);
/* name_prefix from a name that ends in a unique suffix (26 hex digits), as
 * the provider reads it back on import; left alone when o has one. */
void aws_obj_name_prefix(aws_obj *o, const char *name);
const char *aws_sha1_hex(cl_arena *a, const char *s, size_t len);
const char *aws_base64(cl_arena *a, const char *s, size_t len);
/* NULL when s is not base64. */
const char *aws_unbase64(cl_arena *a, const char *s, size_t *len);

/* ---- tags */
#define AWS_TAG_ADDRESS "clicamosc:address"
#define AWS_TAG_LINEAGE "clicamosc:lineage"
typedef struct aws_tag {
	const char *key, *value;
} aws_tag;
/* What the resource should carry: default_tags, the configured tags over
 * them, then the identity tags.  Sorted by key. */
size_t aws_tags_wanted(aws_op *op, const cl_value *config, aws_tag **out);
/* TagSpecification.1 (EC2 creates) of resource_type ("vpc", "instance"...). */
void aws_tags_spec(aws_op *op, aws_params *p, const char *resource_type, const cl_value *config);
/* Tags.member.N.Key/Value (ELB). */
void aws_tags_members(aws_op *op, aws_params *p, const cl_value *config);
/* EC2 tagSet or ELB Tags (key/value or Key/Value items). */
size_t aws_tags_xml(cl_arena *a, const aws_xml *list, aws_tag **out);
/* An EC2 tagSet as a map value, all of it (a data source's tags). */
cl_value *aws_tags_value(cl_arena *a, const aws_xml *list);
/* tags (without identity tags, and without default tags not configured)
 * and tags_all (everything) from what AWS holds. */
void aws_obj_tags(aws_obj *o, const aws_tag *have, size_t n);
/* The same from what AWS answered: an EC2 tagSet or ELB Tags element. */
void aws_obj_tags_xml(aws_obj *o, const aws_xml *list);
/* CreateTags/DeleteTags (EC2) or AddTags/RemoveTags (ELB, id = the name)
 * so that the resource carries what config wants. */
bool aws_tags_update(aws_op *op, aws_service s, const char *id, const cl_value *prior,
                     const cl_value *config);
/* The same for the APIs that tag with tag_action (id_param = id,
 * Tags.member.N.Key/Value) and untag with untag_action (TagKeys.member.N):
 * IAM's TagRole/UntagRole, CloudWatch's TagResource/UntagResource. */
bool aws_tags_update_keyed(aws_op *op, aws_service s, const char *tag_action, const char *untag_action,
                           const char *id_param, const char *id, const cl_value *prior, const cl_value *config);
/* Do these tags (an ELB Tags element) name op's address and lineage? */
bool aws_tags_identity(aws_op *op, const aws_xml *tags);
/* Filters tag:clicamosc:address and tag:clicamosc:lineage for op (Auto
 * Scaling: EC2 filter values are patterns, see aws_find_ec2). */
void aws_params_identity(aws_op *op, aws_params *p);

/* ---- waiting.  check returns 1 (done), 0 (not yet) or -1 (failed, op->err
 * set).  Checks at once, then polls (aws_retry_poll: from 20 ms, growing,
 * jittered) until done, failure, timeout or op->cancel. */
typedef int (*aws_check_fn)(aws_op *op, void *ud);
bool aws_wait(aws_op *op, const char *what, double timeout_s, aws_check_fn check, void *ud);

/* ---- ending a create.  A type's load: the object named by base's id, as
 * a read gives it (fresh: right after a create); *state NULL when gone. */
typedef bool (*aws_load_fn)(aws_op *op, const cl_value *base, bool fresh, cl_value **state);
/* The object that a create made, read by id with cfg as the base even when
 * a later step failed (ok false): it exists, so it is recorded (tainted),
 * and op->err keeps that step's error.  True when ok and it was read. */
bool aws_created(aws_op *op, bool ok, const cl_value *cfg, const char *id, aws_load_fn load,
                 cl_value **state);

#endif
