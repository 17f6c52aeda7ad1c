/* error.c: AWS error envelopes to aws_error, and its one-line form.
 * Deciding whether to retry is retry.c's business, not this file's. */
#include "executor/aws/error.h"
#include "executor/aws/xml.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void aws_error_set(aws_error *e, int http_status, const char *code, const char *fmt, ...)
{
	memset(e, 0, sizeof *e);
	e->http_status = http_status;
	snprintf(e->code, sizeof e->code, "%s", code);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->message, sizeof e->message, fmt, ap);
	va_end(ap);
}

static const char *status_code(int status)
{
	switch (status) {
	case 400: return "BadRequest";
	case 403: return "Forbidden";
	case 404: return "NotFound";
	case 429: return "TooManyRequestsException";
	case 500: return "InternalError";
	case 502: return "BadGateway";
	case 503: return "ServiceUnavailable";
	case 504: return "GatewayTimeout";
	default: return "HttpError";
	}
}

void aws_error_parse(aws_error *e, int http_status, const char *body, size_t len)
{
	char *err = NULL;
	aws_xml *root = len ? aws_xml_parse(body, len, &err) : NULL;
	free(err);
	aws_xml *x = NULL;
	if (root) {
		x = strcmp(root->name, "Error") == 0 ? root
		    : aws_xml_child(root, "Error") ? aws_xml_child(root, "Error")
		    : aws_xml_find(root, "Errors/Error");
	}
	const char *code = aws_xml_str(x, "Code");
	if (code && *code) {
		aws_error_set(e, http_status, code, "%s", aws_xml_text(aws_xml_child(x, "Message")));
		const char *rid = aws_xml_str(root, "RequestID");
		if (!rid) rid = aws_xml_str(root, "RequestId");
		if (!rid) rid = aws_xml_str(x, "RequestId");
		snprintf(e->request_id, sizeof e->request_id, "%s", rid ? rid : "");
	} else {
		/* Not an AWS answer (a proxy's page, a cut-off body): keep its start. */
		int n = (int)(len > 200 ? 200 : len);
		aws_error_set(e, http_status, status_code(http_status), "HTTP %d%s%.*s", http_status,
		              n ? ": " : " with an empty body", n, body ? body : "");
		for (char *p = e->message; *p; p++)
			if (*p == '\n' || *p == '\r') *p = ' ';
	}
	aws_xml_free(root);
}

const char *aws_error_format(const aws_error *e, char *buf, size_t n)
{
	snprintf(buf, n, "%s: %s", e->code, e->message);
	return buf;
}

bool aws_error_not_found(const aws_error *e)
{
	/* InvalidVpcID.NotFound (EC2), LoadBalancerNotFound (ELB), …;
	 * IAM says NoSuchEntity. */
	size_t l = strlen(e->code);
	return (l > 8 && strcmp(e->code + l - 8, "NotFound") == 0) || strcmp(e->code, "NoSuchEntity") == 0;
}
