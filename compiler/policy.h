/* policy.h: are two JSON policy documents (IAM's, S3's) the same policy?
 * The rule of the AWS provider's awspolicyequivalence, which its diffs use:
 * not a JSON library and knows no resource type. */
#ifndef CL_POLICY_H
#define CL_POLICY_H

#include <stdbool.h>

/* True when a and b parse as JSON and say the same: key order and
 * whitespace aside, a lone value equal to a list of that one value, lists
 * compared as sets, "Version" absent equal to "2008-10-17", the principal
 * "123456789012" equal to "arn:aws:iam::123456789012:root".  Text that is
 * not JSON is equal only to the same text. */
bool cl_policy_equal(const char *a, const char *b);

#endif
