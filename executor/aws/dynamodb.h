/* dynamodb.h: DynamoDB's JSON 1.0 protocol, for the three item calls the
 * S3 backend's lock table needs (PutItem, GetItem, DeleteItem).  Tables
 * are made by the user, as with Terraform; no scans, no queries. */
#ifndef AWS_DYNAMODB_H
#define AWS_DYNAMODB_H

#include "executor/aws/rest.h"

#include <jansson.h>

/* One call: op is "PutItem", "GetItem"...; req is the request object (not
 * taken over).  On success *resp is the answer (json_decref it); on an
 * error err->code is the exception's short name
 * ("ConditionalCheckFailedException"). */
bool aws_dynamodb_call(aws_rest *r, const char *op, json_t *req, json_t **resp, aws_error *err);

#endif
