/* trace.h: what of an AWS exchange may reach the CL_LOG=trace log.  Values
 * that may hold secrets (passwords, tokens, user data, key material) are
 * replaced by "<redacted>"; a secret key never gets here at all. */
#ifndef AWS_TRACE_H
#define AWS_TRACE_H

#include "executor/aws/sigv4.h"
#include "util/buf.h"

bool aws_trace_secret_name(const char *name);
/* A value the configuration marks sensitive: from now on redacted in every
 * trace, as written and percent-encoded.  Thread-safe. */
void aws_trace_sensitive(const char *value);
void aws_redact_form(cl_buf *out, const char *body);          /* k=v&k=v */
void aws_redact_xml(cl_buf *out, const char *body);
void aws_redact_header(cl_buf *out, const aws_header *h);    /* "Name: value" */
void aws_redact_creq(cl_buf *out, const char *creq);         /* a canonical request */

#endif
