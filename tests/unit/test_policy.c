/* test_policy.c: policy documents compared as policies (compiler/policy.h),
 * the rule that keeps a reformatted IAM policy from planning a change.
 * Each case is the provider's awspolicyequivalence verdict. */
#include "compiler/policy.h"
#include "tests/unit/tap.h"

int main(void)
{
	const char *a = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\"],"
	                "\"Resource\":[\"*\"]}]}";
	ok(cl_policy_equal(a, "{\n  \"Statement\": {\n    \"Resource\": \"*\", \"Action\": \"s3:GetObject\",\n"
	                      "    \"Effect\": \"Allow\"\n  },\n  \"Version\": \"2012-10-17\"\n}\n"),
	   "whitespace, key order, a lone statement and lone values are the same policy");
	ok(!cl_policy_equal(a, "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"s3:GetObject\","
	                       "\"Resource\":\"*\"}]}"), "another effect is another policy");
	ok(cl_policy_equal("{\"Statement\":[{\"Action\":[\"a:B\",\"a:C\"]}]}", "{\"Statement\":[{\"Action\":[\"a:C\",\"a:B\"]}]}"),
	   "lists compare as sets");
	ok(!cl_policy_equal("{\"Statement\":[{\"Action\":[\"a:B\",\"a:C\"]}]}", "{\"Statement\":[{\"Action\":[\"a:B\"]}]}"),
	   "a missing action is a change");
	ok(cl_policy_equal("{\"Statement\":[]}", "{\"Version\":\"2008-10-17\",\"Statement\":[]}"),
	   "no Version is 2008-10-17");
	ok(cl_policy_equal("{\"Statement\":[{\"Principal\":{\"AWS\":\"123456789012\"}}]}",
	                   "{\"Statement\":[{\"Principal\":{\"AWS\":\"arn:aws:iam::123456789012:root\"}}]}"),
	   "an account id principal is that account's root");
	ok(cl_policy_equal("{\"Statement\":[{\"Condition\":{\"Bool\":{\"aws:SecureTransport\":false}}}]}",
	                   "{\"Statement\":[{\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}]}"),
	   "a condition value and its string are the same");
	ok(cl_policy_equal("{\"Statement\":[{\"Effect\":\"Allow\",\"Condition\":{}}]}",
	                   "{\"Statement\":[{\"Effect\":\"Allow\"}]}"), "an empty Condition is none");
	ok(!cl_policy_equal("not json", "not  json") && cl_policy_equal("not json", "not json"),
	   "text that is not JSON equals only itself");
	return tap_done();
}
