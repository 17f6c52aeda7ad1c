# Terraform 0.11 assigned a list of maps to a block type:
# listener = ["${var.listeners}"] gives one listener block per map (its
# strings converted as the arguments' types, the rest defaulted), with a
# warning naming the modern form.
args: plan -refresh=false -no-color main.tf
exit: 0
--- main.tf
variable "listeners" {
  type = "list"

  default = [
    {
      instance_port     = "80"
      instance_protocol = "http"
      lb_port           = "80"
      lb_protocol       = "http"
    },
    {
      instance_port     = 8080
      instance_protocol = "http"
      lb_port           = 8080
      lb_protocol       = "http"
    },
  ]
}

resource "aws_elb" "web" {
  name               = "web"
  availability_zones = ["us-east-1a"]
  listener           = ["${var.listeners}"]
}
--- stdout

clicamosc used the selected providers to generate the following execution
plan. Resource actions are indicated with the following symbols:
  + create

clicamosc will perform the following actions:

  # aws_elb.web will be created
  + resource "aws_elb" "web" {
      + arn                         = (known after apply)
      + availability_zones          = [
          + "us-east-1a",
        ]
      + connection_draining         = false
      + connection_draining_timeout = 300
      + cross_zone_load_balancing   = true
      + desync_mitigation_mode      = "defensive"
      + dns_name                    = (known after apply)
      + id                          = (known after apply)
      + idle_timeout                = 60
      + instances                   = (known after apply)
      + internal                    = (known after apply)
      + name                        = "web"
      + name_prefix                 = (known after apply)
      + security_groups             = (known after apply)
      + source_security_group       = (known after apply)
      + source_security_group_id    = (known after apply)
      + subnets                     = (known after apply)
      + tags_all                    = (known after apply)
      + zone_id                     = (known after apply)

      + health_check (known after apply)

      + listener {
          + instance_port     = 80
          + instance_protocol = "http"
          + lb_port           = 80
          + lb_protocol       = "http"
        }
      + listener {
          + instance_port     = 8080
          + instance_protocol = "http"
          + lb_port           = 8080
          + lb_protocol       = "http"
        }
    }

Plan: 1 to add, 0 to change, 0 to destroy.
--- stderr
main.tf:23:3: warning: "listener" is a block in aws_elb.web: assigning it a list of maps is deprecated (Terraform 0.11)
 23 |   listener           = ["${var.listeners}"]
    |   ^~~~~~~~
  hint: write a listener { ... } block for each, or dynamic "listener" { for_each = ... } (fmt -upgrade does)
