# In state, not in configuration: destroyed.
args: plan -refresh=false -no-color
--- main.cl
resource "aws_vpc" "main" {
  cidr_block           = "10.0.0.0/16"
  enable_dns_hostnames = true
  tags = {
    Name = "main"
  }
}
--- clicamosc.tfstate
{"version":4,"terraform_version":"1.5.0","serial":3,"lineage":"6c2b1f5e-0d6a-4a55-9b7e-3f1a2c4d5e6f","outputs":{},"resources":[{"mode":"managed","type":"aws_vpc","name":"main","provider":"provider[\"registry.terraform.io/hashicorp/aws\"]","instances":[{"schema_version":0,"attributes":{"id":"vpc-0a1","arn":"arn:aws:ec2:us-east-1:123456789012:vpc/vpc-0a1","cidr_block":"10.0.0.0/16","enable_dns_support":true,"enable_dns_hostnames":true,"instance_tenancy":"default","assign_generated_ipv6_cidr_block":false,"tags":{"Name":"main"},"tags_all":{"Name":"main"},"main_route_table_id":"rtb-0m","default_security_group_id":"sg-0d","owner_id":"123456789012"}}]},{"mode":"managed","type":"aws_elb","name":"web","provider":"provider[\"registry.terraform.io/hashicorp/aws\"]","instances":[{"schema_version":0,"attributes":{"id":"web","name":"web","availability_zones":["us-east-1a"],"subnets":[],"security_groups":[],"internal":false,"instances":[],"cross_zone_load_balancing":true,"idle_timeout":60,"connection_draining":false,"connection_draining_timeout":300,"desync_mitigation_mode":"defensive","dns_name":"web-1.us-east-1.elb.amazonaws.com","zone_id":"Z35","listener":[{"instance_port":80,"instance_protocol":"http","lb_port":80,"lb_protocol":"http","ssl_certificate_id":null}],"health_check":[{"healthy_threshold":3,"unhealthy_threshold":2,"target":"HTTP:80/","interval":30,"timeout":10}],"access_logs":[],"tags":null,"tags_all":{}}}]}]}
--- stdout

clicamosc used the selected providers to generate the following execution
plan. Resource actions are indicated with the following symbols:
  - destroy

clicamosc will perform the following actions:

  # aws_elb.web will be destroyed
  # (because aws_elb.web is not in configuration)
  - resource "aws_elb" "web" {
      - availability_zones          = [
          - "us-east-1a",
        ] -> null
      - connection_draining         = false -> null
      - connection_draining_timeout = 300 -> null
      - cross_zone_load_balancing   = true -> null
      - desync_mitigation_mode      = "defensive" -> null
      - dns_name                    = "web-1.us-east-1.elb.amazonaws.com" -> null
      - id                          = "web" -> null
      - idle_timeout                = 60 -> null
      - instances                   = [] -> null
      - internal                    = false -> null
      - name                        = "web" -> null
      - security_groups             = [] -> null
      - subnets                     = [] -> null
      - tags_all                    = {} -> null
      - zone_id                     = "Z35" -> null

      - health_check {
          - healthy_threshold   = 3 -> null
          - interval            = 30 -> null
          - target              = "HTTP:80/" -> null
          - timeout             = 10 -> null
          - unhealthy_threshold = 2 -> null
        }

      - listener {
          - instance_port     = 80 -> null
          - instance_protocol = "http" -> null
          - lb_port           = 80 -> null
          - lb_protocol       = "http" -> null
        }
    }

Plan: 0 to add, 0 to change, 1 to destroy.
--- stderr
