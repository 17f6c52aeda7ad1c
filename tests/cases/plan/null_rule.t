# compare.h's rule end to end: "= null" is the argument left out (the default,
# false, is compared); an Optional+Computed argument left out keeps what AWS
# reports (moto: associate_public_ip_address = false); set blocks compare as
# sets, and the zero values a Terraform state records ("", [], false) are null.
args: plan -refresh=false -no-color -detailed-exitcode
--- main.cl
resource "aws_vpc" "main" {
  cidr_block                       = "10.0.0.0/16"
  assign_generated_ipv6_cidr_block = null
}

resource "aws_security_group" "web" {
  name   = "web"
  vpc_id = aws_vpc.main.id

  ingress {
    from_port   = 80
    to_port     = 80
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }
}

resource "aws_launch_configuration" "app" {
  name            = "app"
  image_id        = "ami-1"
  instance_type   = "t2.micro"
  security_groups = [aws_security_group.web.id]
}
--- clicamosc.tfstate
{"version":4,"terraform_version":"1.11.4","serial":3,"lineage":"6c2b1f5e-0d6a-4a55-9b7e-3f1a2c4d5e6f","outputs":{},"resources":[
{"mode":"managed","type":"aws_vpc","name":"main","provider":"provider[\"registry.terraform.io/hashicorp/aws\"]","instances":[{"schema_version":1,"attributes":{"id":"vpc-0a1","arn":"arn:aws:ec2:us-east-1:123456789012:vpc/vpc-0a1","cidr_block":"10.0.0.0/16","enable_dns_support":true,"enable_dns_hostnames":false,"instance_tenancy":"default","assign_generated_ipv6_cidr_block":false,"ipv6_cidr_block":"","tags":null,"tags_all":{},"main_route_table_id":"rtb-0m","default_security_group_id":"sg-0d","owner_id":"123456789012"}}]},
{"mode":"managed","type":"aws_security_group","name":"web","provider":"provider[\"registry.terraform.io/hashicorp/aws\"]","instances":[{"schema_version":1,"attributes":{"id":"sg-1","arn":"arn:aws:ec2:us-east-1:123456789012:security-group/sg-1","name":"web","name_prefix":"","description":"Managed by Terraform","vpc_id":"vpc-0a1","owner_id":"123456789012","revoke_rules_on_delete":false,"tags":null,"tags_all":{},
 "ingress":[{"cidr_blocks":["10.0.0.0/8"],"description":"","from_port":22,"ipv6_cidr_blocks":[],"prefix_list_ids":[],"protocol":"tcp","security_groups":[],"self":false,"to_port":22},{"cidr_blocks":["0.0.0.0/0"],"description":"","from_port":80,"ipv6_cidr_blocks":[],"prefix_list_ids":[],"protocol":"tcp","security_groups":[],"self":false,"to_port":80}],
 "egress":[{"cidr_blocks":["0.0.0.0/0"],"description":"","from_port":0,"ipv6_cidr_blocks":[],"prefix_list_ids":[],"protocol":"-1","security_groups":[],"self":false,"to_port":0}]},"dependencies":["aws_vpc.main"]}]},
{"mode":"managed","type":"aws_launch_configuration","name":"app","provider":"provider[\"registry.terraform.io/hashicorp/aws\"]","instances":[{"schema_version":0,"attributes":{"id":"app","arn":"arn:aws:autoscaling:us-east-1:123456789012:launchConfiguration:1:launchConfigurationName/app","name":"app","name_prefix":"","image_id":"ami-1","instance_type":"t2.micro","security_groups":["sg-1"],"associate_public_ip_address":false,"user_data":null,"user_data_base64":null,"key_name":"","iam_instance_profile":"","enable_monitoring":true,"ebs_optimized":false,"placement_tenancy":"","spot_price":"","root_block_device":[],"ebs_block_device":[]},"dependencies":["aws_security_group.web"]}]}
]}
--- stdout

No changes. Your infrastructure matches the configuration.

clicamosc has compared your real infrastructure against your configuration
and found no differences, so no changes are needed.
--- stderr
