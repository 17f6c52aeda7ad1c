/* dynamodb.c: a JSON 1.0 call (see dynamodb.h): the X-Amz-Target header,
 * the body, and the {"__type": "...#Code", "message": ...} error shape. */
#include "executor/aws/dynamodb.h"

#include <stdlib.h>
#include <string.h>

static void parse_error(aws_error *err, const aws_http_response *r)
{
	json_t *j = json_loadb(r->body.data ? r->body.data : "", r->body.len, 0, NULL);
	const char *type = json_string_value(json_object_get(j, "__type"));
	const char *msg = json_string_value(json_object_get(j, "message"));
	if (!msg)
		msg = json_string_value(json_object_get(j, "Message"));
	if (type) {
		const char *hash = strrchr(type, '#');
		aws_error_set(err, r->status, hash ? hash + 1 : type, "%s", msg ? msg : "");
	} else {
		aws_error_parse(err, r->status, r->body.data, r->body.len);
	}
	snprintf(err->request_id, sizeof err->request_id, "%s", r->request_id);
	json_decref(j);
}

bool aws_dynamodb_call(aws_rest *r, const char *op, json_t *req, json_t **resp, aws_error *err)
{
	const aws_endpoint *ep = &r->cfg->endpoint[AWS_DYNAMODB];
	char target[96];
	snprintf(target, sizeof target, "DynamoDB_20120810.%s", op);
	aws_header h[] = { { "Content-Type", "application/x-amz-json-1.0" }, { "X-Amz-Target", target } };
	char *body = json_dumps(req, JSON_COMPACT);
	aws_rest_req q = { AWS_DYNAMODB, "POST", ep->url, ep->host, ep->path, h, 2, body, strlen(body) };
	aws_http_response a;
	*resp = NULL;
	bool ok = aws_rest_send(r, &q, &a, err);
	free(body);
	if (!ok)
		return false;
	if (a.status >= 200 && a.status < 300) {
		json_error_t je;
		*resp = json_loadb(a.body.data ? a.body.data : "{}", a.body.len ? a.body.len : 2, 0, &je);
		if (!*resp)
			aws_error_set(err, a.status, "MalformedResponse", "DynamoDB answered %s with: %s", op, je.text);
	} else {
		parse_error(err, &a);
	}
	aws_http_response_free(&a);
	return *resp != NULL;
}
