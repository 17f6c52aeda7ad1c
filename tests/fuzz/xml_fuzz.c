/* xml_fuzz.c: libFuzzer entry for the AWS wire's response parsing: the XML
 * tree with its accessors and list walk, and the error envelope reader,
 * both on every input. */
#include "executor/aws/error.h"
#include "executor/aws/xml.h"

#include <stdint.h>
#include <stdlib.h>

static size_t walk(const aws_xml *n)
{
	size_t k = 0;
	for (; n; n = n->next)
		k += 1 + walk(n->child) + aws_xml_count(n);
	return k;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *err = NULL;
	aws_xml *root = aws_xml_parse((const char *)data, size, &err);
	free(err);
	if (root) {
		long long i;
		bool b;
		walk(root);
		aws_xml_str(root, "vpcSet/item/vpcId");
		aws_xml_int(root, "DescribeAutoScalingGroupsResult/AutoScalingGroups/member/MinSize", &i);
		aws_xml_bool(root, "return", &b);
		err = NULL;
		aws_xml *more = aws_xml_parse_more(root, (const char *)data, size, &err);
		free(err);
		if (more)
			aws_xml_merge(root, more);
		aws_xml_free(root);
	}
	aws_error e;
	aws_error_parse(&e, 400, (const char *)data, size);
	char buf[256];
	aws_error_format(&e, buf, sizeof buf);
	aws_error_not_found(&e);
	return 0;
}
