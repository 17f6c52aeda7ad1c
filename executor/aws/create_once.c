/* create_once.c: the create call that never makes a second object.  It is
 * sent without the client's blind retries; when its outcome is unknown (no
 * answer, a timeout, a 5xx: AWS may have acted) or AWS says the name is
 * taken, what the call may have made is looked for first, and adopted. */
#include "executor/aws/resource.h"
#include "executor/aws/retry.h"

#include <openssl/rand.h>
#include <stdio.h>
#include <string.h>

#define SENDS 3          /* of one create, at most, when nothing it made is found */
#define LOOKS 3          /* after a lost answer, SETTLE seconds apart: lists lag */
#define SETTLE 1.0

static bool in(const char *code, const char *const *codes)
{
	for (; codes && *codes; codes++)
		if (strcmp(code, *codes) == 0)
			return true;
	return false;
}

/* The type's find: what carries this resource's identity tags (address and
 * lineage) and is not recorded in state yet. */
static bool find_tagged(aws_op *op, void *ud, bool lost, const char **id)
{
	const aws_ops *ops = op->rt->provider;
	cl_value *found = NULL;
	*id = NULL;
	if (!ops->find(op, &found))
		return false;
	*id = found ? aws_str(found, "id") : NULL;
	return true;
}

/* Looks once, and again after pauses when the answer was lost (lists lag
 * behind creates); a taken name is there already, no pause needed. */
static bool look(aws_op *op, aws_lookup_fn lookup, void *ud, const aws_error *e, bool lost,
                 const char **id)
{
	for (int i = 0; i < (e->ambiguous ? LOOKS : 1); i++) {
		if (i)
			aws_op_nap(op, SETTLE);
		if (!lookup(op, ud, lost, id))
			return false;
		if (*id)
			return true;
	}
	return true;
}

bool aws_op_create(aws_op *op, const char *action, aws_params *p, const char *const *taken,
                   aws_lookup_fn lookup, void *ud, aws_xml **out, const char **adopted)
{
	lookup = lookup ? lookup : find_tagged;
	aws_params_once(p);
	*out = NULL;
	*adopted = NULL;
	bool lost = false, ok = false;
	aws_error e;
	for (int send = 1;; send++) {
		if (aws_call(op->client, aws_params_service(p), action, p, out, &e)) {
			ok = true;
			break;
		}
		bool dup = in(e.code, taken);
		if (!e.ambiguous && !dup)
			break;
		lost |= e.ambiguous;
		char why[sizeof op->err];
		aws_error_format(&e, why, sizeof why);
		if (!look(op, lookup, ud, &e, lost, adopted)) {
			char lookup_err[sizeof op->err];
			memcpy(lookup_err, op->err, sizeof lookup_err);
			aws_op_fail(op, "%s (and looking for what %s may have made failed: %.400s)", why,
			            action, lookup_err);
			aws_params_free(p);
			return false;
		}
		if (*adopted) {
			aws_op_progress(op, "%s %s (%.200s); %s is this resource's: adopted", action,
			                lost ? "lost its answer" : "was refused as a duplicate", why, *adopted);
			ok = true;
			break;
		}
		if (dup || send >= SENDS || aws_op_cancelled(op))
			break;
		aws_op_nap(op, aws_retry_backoff(send, aws_client_uniform()) + 0.1);
	}
	aws_params_free(p);
	if (!ok)
		aws_error_format(&e, op->err, sizeof op->err);
	return ok;
}

const char *aws_op_create_id(aws_op *op, const char *action, aws_params *p, const char *id_path,
                             const char *const *taken, aws_lookup_fn lookup, void *ud)
{
	aws_xml *x;
	const char *adopted;
	if (!aws_op_create(op, action, p, taken, lookup, ud, &x, &adopted))
		return NULL;
	if (adopted)
		return adopted;
	const char *id = id_path ? aws_xml_text(aws_xml_find(x, id_path)) : "";
	id = cl_arena_strdup(op->arena, id);
	aws_xml_free(x);
	if (id_path && !*id)
		aws_op_fail(op, "%s answered without %s", action, id_path);
	return *id || !id_path ? id : NULL;
}

const char *aws_client_token(cl_arena *a)
{
	unsigned char r[16];
	if (RAND_bytes(r, sizeof r) != 1)   /* the token need only be unique, not secret */
		for (size_t i = 0; i < sizeof r; i++)
			r[i] = (unsigned char)(aws_client_uniform() * 256);
	char *s = cl_arena_alloc(a, 2 * sizeof r + 1);
	for (size_t i = 0; i < sizeof r; i++)
		snprintf(s + 2 * i, 3, "%02x", r[i]);
	return s;
}
