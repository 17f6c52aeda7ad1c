/* query.h: the parameters of one query-protocol call, and their
 * form-encoded body.  Knows each service's list convention (EC2 Name.N,
 * ELB and Auto Scaling Name.member.N); knows nothing of any action. */
#ifndef AWS_QUERY_H
#define AWS_QUERY_H

#include "executor/aws/endpoint.h"
#include "util/buf.h"

#include <stddef.h>

typedef struct aws_params aws_params;

aws_params *aws_params_new(aws_service s);
void aws_params_free(aws_params *p);

void aws_params_add(aws_params *p, const char *key, const char *value);
void aws_params_addf(aws_params *p, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Name.1..Name.n (EC2) or Name.member.1.. (ELB, Auto Scaling). */
void aws_params_list(aws_params *p, const char *name, const char *const *values, size_t n);
/* One field of the i-th (1-based) structure of a list:
 * ("Listeners", 2, "Protocol") -> Listeners.member.2.Protocol. */
void aws_params_item(aws_params *p, const char *list, size_t i, const char *field,
                     const char *value);
/* Appends a filter: EC2 Filter.N.Name/Value.M, Auto Scaling
 * Filters.member.N.Name/Values.member.M. */
void aws_params_filter(aws_params *p, const char *name, const char *const *values, size_t n);

/* The call follows a create: a *NotFound answer is the API lagging behind,
 * so the client retries it for a while instead of failing. */
void aws_params_after_create(aws_params *p);
bool aws_params_is_after_create(const aws_params *p);
/* The call makes something (CreateVpc...): an attempt whose outcome is
 * unknown (no answer, a 5xx: AWS may have acted) is not sent again
 * blindly; the client hands the error back marked ambiguous and the
 * caller looks for what the attempt may have made first. */
void aws_params_once(aws_params *p);
bool aws_params_is_once(const aws_params *p);

/* Action=…&Version=…&k=v… (plus extra_key=extra_value when not NULL). */
void aws_params_encode(const aws_params *p, const char *action, const char *extra_key,
                       const char *extra_value, cl_buf *out);
aws_service aws_params_service(const aws_params *p);

#endif
