# legacy_011_block_list.t as fmt -upgrade writes it (a dynamic block, as
# 0.12upgrade did; the variable's type made list(map(string)) by hand):
# the same plan, without warnings.
args: plan -refresh=false -no-color main.tf
exit: 0
--- main.tf
variable "listeners" {
  type = list(map(string))

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

  dynamic "listener" {
    for_each = var.listeners
    content {
      instance_port      = listener.value.instance_port
      instance_protocol  = listener.value.instance_protocol
      lb_port            = listener.value.lb_port
      lb_protocol        = listener.value.lb_protocol
      ssl_certificate_id = lookup(listener.value, "ssl_certificate_id", null)
    }
  }
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
