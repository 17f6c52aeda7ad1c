# Terraform 0.11: a list of maps assigned to a block type, and
# terraform_remote_state with a config block, its outputs read as its own
# attributes.  fmt -upgrade writes them as 0.12upgrade did.
variable "listeners" {
  type = list(string)
}

data "terraform_remote_state" "net" {
  backend = "s3"
  config = {
    bucket = "tfstate"
    key    = "net.tfstate"
    region = "us-east-1"
  }
}

resource "aws_elb" "web" {
  name    = "web"
  subnets = data.terraform_remote_state.net.outputs.public_subnet_ids
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

resource "aws_elb" "admin" {
  name    = "admin"
  subnets = [data.terraform_remote_state.net.outputs.public_subnet_ids[0]]
  dynamic "listener" {
    for_each = [
      {
        instance_port     = 8080
        instance_protocol = "http"
        lb_port           = 80
        lb_protocol       = "http"
      },
    ]
    content {
      instance_port      = listener.value.instance_port
      instance_protocol  = listener.value.instance_protocol
      lb_port            = listener.value.lb_port
      lb_protocol        = listener.value.lb_protocol
      ssl_certificate_id = lookup(listener.value, "ssl_certificate_id", null)
    }
  }
}

output "vpc_id" {
  value = data.terraform_remote_state.net.outputs.vpc_id
}
