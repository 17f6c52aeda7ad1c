# Renaming a classic ELB replaces it; without create_before_destroy the downtime lint says so.
args: plan -refresh=false -no-color
--- main.cl
resource "aws_elb" "web" {
  name               = "web2"
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
{"version":4,"terraform_version":"1.5.0","serial":3,"lineage":"6c2b1f5e-0d6a-4a55-9b7e-3f1a2c4d5e6f","outputs":{},"resources":[{"mode":"managed","type":"aws_elb","name":"web","provider":"provider[\"registry.terraform.io/hashicorp/aws\"]","instances":[{"schema_version":0,"attributes":{"id":"web","name":"web","availability_zones":["us-east-1a"],"subnets":[],"security_groups":[],"internal":false,"instances":[],"cross_zone_load_balancing":true,"idle_timeout":60,"connection_draining":false,"connection_draining_timeout":300,"desync_mitigation_mode":"defensive","dns_name":"web-1.us-east-1.elb.amazonaws.com","zone_id":"Z35","listener":[{"instance_port":80,"instance_protocol":"http","lb_port":80,"lb_protocol":"http","ssl_certificate_id":null}],"health_check":[{"healthy_threshold":3,"unhealthy_threshold":2,"target":"HTTP:80/","interval":30,"timeout":10}],"access_logs":[],"tags":null,"tags_all":{}}}]}]}
--- stdout

clicamosc used the selected providers to generate the following execution
plan. Resource actions are indicated with the following symbols:
-/+ destroy and then create replacement

clicamosc will perform the following actions:

  # aws_elb.web must be replaced
-/+ resource "aws_elb" "web" {
      + arn                         = (known after apply)
      ~ dns_name                    = "web-1.us-east-1.elb.amazonaws.com" -> (known after apply)
      ~ id                          = "web" -> (known after apply)
      ~ instances                   = [] -> (known after apply)
      ~ internal                    = false -> (known after apply)
      ~ name                        = "web" -> "web2" # forces replacement
      + name_prefix                 = (known after apply)
      ~ security_groups             = [] -> (known after apply)
      + source_security_group       = (known after apply)
      + source_security_group_id    = (known after apply)
      ~ subnets                     = [] -> (known after apply)
      ~ tags_all                    = {} -> (known after apply)
      ~ zone_id                     = "Z35" -> (known after apply)
        # (6 unchanged attributes hidden)

        # (2 unchanged blocks hidden)
    }

Plan: 1 to add, 0 to change, 1 to destroy.

Warning: aws_elb.web is replaced without create_before_destroy: it stops serving traffic until its replacement is up. Add lifecycle { create_before_destroy = true } to replace it with zero downtime.
  on main.cl line 1
--- stderr
