/* test_awsxml.c: the XML tree and accessors on recorded AWS answers
 * (tests/unit/data/aws/), both error envelopes, page merging, the query
 * parameter conventions, and redaction of what the trace log shows. */
#include "executor/aws/error.h"
#include "executor/aws/query.h"
#include "executor/aws/trace.h"
#include "executor/aws/xml.h"
#include "util/buf.h"
#include "util/fatal.h"
#include "tap.h"

#include <stdlib.h>

static char *slurp(const char *name, size_t *len)
{
	char path[1024];
	const char *top = getenv("TOP");
	snprintf(path, sizeof path, "%s/tests/unit/data/aws/%s", top ? top : ".", name);
	char *s = tap_slurp(path, len);
	if (!s) {   /* the checks then fail on an empty document */
		printf("# cannot read %s\n", path);
		*len = 0;
		s = cl_xstrdup("");
	}
	return s;
}

static aws_xml *load(const char *name)
{
	size_t len;
	char *s = slurp(name, &len), *err = NULL;
	aws_xml *x = aws_xml_parse(s, len, &err);
	if (!x)
		printf("# %s: %s\n", name, err);
	free(err);
	free(s);
	return x;
}

static void vpcs(void)
{
	aws_xml *r = load("describe_vpcs.xml");
	ok(r && strcmp(r->name, "DescribeVpcsResponse") == 0, "DescribeVpcs: root, namespace dropped");
	aws_xml *set = aws_xml_child(r, "vpcSet");
	is_int(aws_xml_count(set), 2, "DescribeVpcs: two VPCs");
	aws_xml *v = aws_xml_first(set);
	is_str(aws_xml_str(v, "vpcId"), "vpc-0a60eb65b4EXAMPLE", "DescribeVpcs: vpcId");
	is_str(aws_xml_str(v, "cidrBlockAssociationSet/item/cidrBlockState/state"), "associated",
	       "DescribeVpcs: a path through a list");
	const char *addr = NULL;
	aws_xml_each(t, aws_xml_child(v, "tagSet"))
		if (strcmp(aws_xml_str(t, "key"), "cl:address") == 0)
			addr = aws_xml_str(t, "value");
	is_str(addr, "module.network.aws_vpc.main", "DescribeVpcs: tags by iteration");
	bool b = true;
	ok(aws_xml_bool(v, "isDefault", &b) && !b, "DescribeVpcs: bool false");
	v = aws_xml_next(v);
	ok(aws_xml_bool(v, "isDefault", &b) && b, "DescribeVpcs: bool true on the second item");
	is_int(aws_xml_count(aws_xml_child(v, "tagSet")), 0, "DescribeVpcs: empty <tagSet/>");
	ok(aws_xml_next(v) == NULL, "DescribeVpcs: iteration ends");
	ok(aws_xml_str(v, "nope/deeper") == NULL && aws_xml_find(NULL, "x") == NULL &&
	   strcmp(aws_xml_text(NULL), "") == 0, "missing paths give NULL, NULL gives NULL");
	aws_xml_free(r);
}

static void instances(void)
{
	aws_xml *r = load("run_instances.xml");
	aws_xml *i = aws_xml_first(aws_xml_child(r, "instancesSet"));
	is_str(aws_xml_str(r, "reservationId"), "r-1234567890abcdef0", "RunInstances: reservation");
	is_str(aws_xml_str(i, "instanceId"), "i-1234567890abcdef0", "RunInstances: instance id");
	long long code = -1;
	ok(aws_xml_int(i, "instanceState/code", &code) && code == 0, "RunInstances: int state code");
	is_str(aws_xml_str(i, "placement/availabilityZone"), "us-east-1a", "RunInstances: nested");
	bool sdc = true;
	ok(aws_xml_bool(i, "sourceDestCheck", &sdc) && !sdc, "RunInstances: sourceDestCheck false");
	is_str(aws_xml_str(i, "groupSet/item/groupId"), "sg-0123456789abcdef0", "RunInstances: group");
	is_str(aws_xml_str(i, "dnsName"), "", "RunInstances: <dnsName/> is empty, not missing");
	ok(!aws_xml_int(i, "instanceType", &code), "int accessor refuses text");
	aws_xml_free(r);

	r = load("describe_instances.xml");
	int n = 0, running = 0;
	aws_xml_each(res, aws_xml_child(r, "reservationSet"))
		aws_xml_each(in, aws_xml_child(res, "instancesSet")) {
			n++;
			running += strcmp(aws_xml_str(in, "instanceState/name"), "running") == 0;
		}
	ok(n == 3 && running == 1, "DescribeInstances: 3 instances in 2 reservations, 1 running");
	is_str(aws_xml_str(r, "nextToken"), "eyJvIjogM30=", "DescribeInstances: nextToken");

	/* Page two merges into page one's tree. */
	size_t len;
	char *s = slurp("describe_instances_page2.xml", &len), *err = NULL;
	aws_xml *p2 = aws_xml_parse_more(r, s, len, &err);
	ok(p2 != NULL, "page 2 parses into page 1's memory");
	aws_xml_merge(r, p2);
	is_int(aws_xml_count(aws_xml_child(r, "reservationSet")), 3, "merged: 3 reservations");
	is_str(aws_xml_str(r, "requestId"), "8f7724cf-496f-496e-8fe3-example", "merged: first page's id");
	aws_xml *last = aws_xml_first(aws_xml_child(r, "reservationSet"));
	while (aws_xml_next(last)) last = aws_xml_next(last);
	is_str(aws_xml_str(last, "instancesSet/item/instanceId"), "i-0fe3d2c1b0aEXAMPLE",
	       "merged: page 2's items come last");
	free(s);
	free(err);
	aws_xml_free(r);
}

static void elb_asg(void)
{
	aws_xml *r = load("create_load_balancer.xml");
	is_str(aws_xml_str(r, "CreateLoadBalancerResult/DNSName"),
	       "app-1234567890.us-east-1.elb.amazonaws.com", "CreateLoadBalancer: DNS name");
	aws_xml_free(r);

	r = load("describe_load_balancers.xml");
	aws_xml *lb = aws_xml_first(aws_xml_find(r, "DescribeLoadBalancersResult/LoadBalancerDescriptions"));
	is_str(aws_xml_str(lb, "ListenerDescriptions/member/Listener/Protocol"), "HTTP",
	       "DescribeLoadBalancers: listener");
	long long v = 0;
	ok(aws_xml_int(lb, "HealthCheck/HealthyThreshold", &v) && v == 3, "DescribeLoadBalancers: healthy 3");
	is_str(aws_xml_str(lb, "HealthCheck/Target"), "HTTP:80/", "DescribeLoadBalancers: target");
	is_int(aws_xml_count(aws_xml_child(lb, "Subnets")), 3, "DescribeLoadBalancers: 3 subnets");
	is_str(aws_xml_text(aws_xml_first(aws_xml_child(lb, "AvailabilityZones"))), "us-east-1a",
	       "DescribeLoadBalancers: a list of plain strings");
	is_str(aws_xml_str(r, "DescribeLoadBalancersResult/NextMarker"), "YXBwLTI=",
	       "DescribeLoadBalancers: NextMarker");
	aws_xml_free(r);

	r = load("describe_instance_health.xml");
	int in = 0, out = 0;
	aws_xml_each(s, aws_xml_find(r, "DescribeInstanceHealthResult/InstanceStates")) {
		in += strcmp(aws_xml_str(s, "State"), "InService") == 0;
		out += strcmp(aws_xml_str(s, "State"), "OutOfService") == 0;
	}
	ok(in == 1 && out == 1, "DescribeInstanceHealth: 1 InService, 1 OutOfService");
	aws_xml_free(r);

	r = load("describe_auto_scaling_groups.xml");
	aws_xml *g = aws_xml_first(aws_xml_find(r, "DescribeAutoScalingGroupsResult/AutoScalingGroups"));
	is_str(aws_xml_str(g, "AutoScalingGroupName"), "app-lc-20240501", "DescribeAutoScalingGroups: name");
	ok(aws_xml_int(g, "DesiredCapacity", &v) && v == 2, "DescribeAutoScalingGroups: desired 2");
	int inservice = 0;
	aws_xml_each(i, aws_xml_child(g, "Instances"))
		inservice += strcmp(aws_xml_str(i, "LifecycleState"), "InService") == 0;
	is_int(inservice, 1, "DescribeAutoScalingGroups: 1 of 2 instances InService");
	bool prop = false;
	ok(aws_xml_bool(aws_xml_first(aws_xml_child(g, "Tags")), "PropagateAtLaunch", &prop) && prop,
	   "DescribeAutoScalingGroups: tag propagated at launch");
	aws_xml_free(r);
}

static void errors(void)
{
	size_t len;
	char *s = slurp("error_ec2.xml", &len), buf[1200];
	aws_error e;
	aws_error_parse(&e, 400, s, len);
	is_str(aws_error_format(&e, buf, sizeof buf),
	       "InvalidVpcID.NotFound: The vpc ID 'vpc-1a2b3c4d' does not exist", "EC2 envelope");
	is_str(e.request_id, "ea966190-f9aa-478e-9ede-example", "EC2 envelope: RequestID");
	ok(e.http_status == 400 && aws_error_not_found(&e), "EC2 envelope: status, NotFound");
	free(s);

	s = slurp("error_query.xml", &len);
	aws_error_parse(&e, 400, s, len);
	is_str(aws_error_format(&e, buf, sizeof buf),
	       "LoadBalancerNotFound: There is no ACTIVE Load Balancer named 'app'", "ELB envelope");
	is_str(e.request_id, "a1b2c3d4-5e6f-11e3-8b82-87b12EXAMPLE", "ELB envelope: RequestId");
	ok(aws_error_not_found(&e), "ELB envelope: LoadBalancerNotFound is a NotFound");
	free(s);

	s = slurp("error_s3.xml", &len);
	aws_error_parse(&e, 404, s, len);
	ok(strcmp(e.code, "NoSuchKey") == 0 && strcmp(e.request_id, "4442587FB7D0A2F9") == 0,
	   "S3 envelope");
	free(s);

	const char *html = "<html><body>502 Bad Gateway</body></html>";
	aws_error_parse(&e, 502, html, strlen(html));
	ok(strcmp(e.code, "BadGateway") == 0 && strstr(e.message, "HTTP 502"), "a proxy's page: code from status");
	aws_error_parse(&e, 503, "", 0);
	ok(strcmp(e.code, "ServiceUnavailable") == 0, "an empty 503: ServiceUnavailable");
	char *err = NULL;
	ok(aws_xml_parse("<a><b></a>", 10, &err) == NULL && err && strstr(err, "malformed XML"),
	   "malformed XML is an error, not a crash");
	free(err);
}

static void params(void)
{
	cl_buf b = CL_BUF_INIT;
	aws_params *p = aws_params_new(AWS_EC2);
	const char *ids[] = { "sg-1", "sg-2" }, *vals[] = { "vpc-1" };
	aws_params_list(p, "SecurityGroupId", ids, 2);
	aws_params_filter(p, "vpc-id", vals, 1);
	aws_params_add(p, "UserData", "a b+c/=");
	aws_params_encode(p, "RunInstances", NULL, NULL, &b);
	is_str(cl_buf_str(&b), "Action=RunInstances&Version=2016-11-15&SecurityGroupId.1=sg-1&"
	       "SecurityGroupId.2=sg-2&Filter.1.Name=vpc-id&Filter.1.Value.1=vpc-1&"
	       "UserData=a+b%2Bc%2F%3D", "EC2: Name.N lists, Filter.N, form encoding: a space is '+' as the SDKs send it");
	aws_params_free(p);

	p = aws_params_new(AWS_ELB);
	const char *subnets[] = { "subnet-1" };
	aws_params_list(p, "Subnets", subnets, 1);
	aws_params_item(p, "Listeners", 1, "Protocol", "HTTP");
	aws_params_encode(p, "CreateLoadBalancer", "Marker", "m1", &b);
	is_str(cl_buf_str(&b), "Action=CreateLoadBalancer&Version=2012-06-01&Subnets.member.1=subnet-1&"
	       "Listeners.member.1.Protocol=HTTP&Marker=m1", "ELB: Name.member.N, struct items, marker");
	aws_params_free(p);

	p = aws_params_new(AWS_ASG);
	const char *names[] = { "app" };
	aws_params_filter(p, "tag:Name", names, 1);
	aws_params_encode(p, "DescribeAutoScalingGroups", NULL, NULL, &b);
	is_str(cl_buf_str(&b), "Action=DescribeAutoScalingGroups&Version=2011-01-01&"
	       "Filters.member.1.Name=tag%3AName&Filters.member.1.Values.member.1=app",
	       "Auto Scaling: Filters.member.N.Values.member.M");
	aws_params_free(p);
	cl_buf_free(&b);
}

static void redaction(void)
{
	cl_buf b = CL_BUF_INIT;
	aws_redact_form(&b, "Action=RunInstances&UserData=c2VjcmV0&LaunchSpecification.UserData=eA"
	                "&Password=hunter2&ImageId=ami-1");
	is_str(cl_buf_str(&b), "Action=RunInstances&UserData=<redacted>&"
	       "LaunchSpecification.UserData=<redacted>&Password=<redacted>&ImageId=ami-1",
	       "form bodies: user data and passwords redacted");
	cl_buf_reset(&b);
	aws_redact_xml(&b, "<r><keyName>k</keyName><keyMaterial>-----BEGIN RSA</keyMaterial>"
	               "<userData><value>abc</value></userData><SecretAccessKey>s</SecretAccessKey></r>");
	is_str(cl_buf_str(&b), "<r><keyName>k</keyName><keyMaterial><redacted></keyMaterial>"
	       "<userData><redacted></userData><SecretAccessKey><redacted></SecretAccessKey></r>",
	       "XML answers: key material, user data and secrets redacted");
	cl_buf_reset(&b);
	aws_header h = { "X-Amz-Security-Token", "tok" };
	aws_redact_header(&b, &h);
	is_str(cl_buf_str(&b), "X-Amz-Security-Token: <redacted>", "token header redacted");
	cl_buf_free(&b);
}

int main(void)
{
	vpcs();
	instances();
	elb_asg();
	errors();
	params();
	redaction();
	return tap_done();
}
