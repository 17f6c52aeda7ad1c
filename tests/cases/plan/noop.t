# Configuration and state agree: nothing to do (no AWS call with -refresh=false).
args: plan -refresh=false -no-color -detailed-exitcode
--- main.cl
resource "aws_vpc" "main" {
  cidr_block           = "10.0.0.0/16"
  enable_dns_hostnames = true
  tags = {
    Name = "main"
  }
}

resource "aws_elb" "web" {
  name               = "web"
  availability_zones = ["us-east-1a"]

  listener {
    instance_port     = 80
    instance_protocol = "http"
    lb_port           = 80
    lb_protocol       = "http"
  }

  health_check {
    healthy_threshold   = 3
    unhealthy_threshold = 2
    target              = "HTTP:80/"
    interval            = 30
    timeout             = 10
  }
}
--- clicamosc.tfstate
{"version":4,"terraform_version":"1.5.0","serial":3,"lineage":"6c2b1f5e-0d6a-4a55-9b7e-3f1a2c4d5e6f","outputs":{},"resources":[{"mode":"managed","type":"aws_vpc","name":"main","provider":"provider[\"registry.terraform.io/hashicorp/aws\"]","instances":[{"schema_version":0,"attributes":{"id":"vpc-0a1","arn":"arn:aws:ec2:us-east-1:123456789012:vpc/vpc-0a1","cidr_block":"10.0.0.0/16","enable_dns_support":true,"enable_dns_hostnames":true,"instance_tenancy":"default","assign_generated_ipv6_cidr_block":false,"tags":{"Name":"main"},"tags_all":{"Name":"main"},"main_route_table_id":"rtb-0m","default_security_group_id":"sg-0d","owner_id":"123456789012"}}]},{"mode":"managed","type":"aws_elb","name":"web","provider":"provider[\"registry.terraform.io/hashicorp/aws\"]","instances":[{"schema_version":0,"attributes":{"id":"web","name":"web","availability_zones":["us-east-1a"],"subnets":[],"security_groups":[],"internal":false,"instances":[],"cross_zone_load_balancing":true,"idle_timeout":60,"connection_draining":false,"connection_draining_timeout":300,"desync_mitigation_mode":"defensive","dns_name":"web-1.us-east-1.elb.amazonaws.com","zone_id":"Z35","listener":[{"instance_port":80,"instance_protocol":"http","lb_port":80,"lb_protocol":"http","ssl_certificate_id":null}],"health_check":[{"healthy_threshold":3,"unhealthy_threshold":2,"target":"HTTP:80/","interval":30,"timeout":10}],"access_logs":[],"tags":null,"tags_all":{}}}]}]}
--- stdout

No changes. Your infrastructure matches the configuration.

clicamosc has compared your real infrastructure against your configuration
and found no differences, so no changes are needed.
--- stderr
