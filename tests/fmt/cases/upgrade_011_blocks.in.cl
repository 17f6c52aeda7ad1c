# Terraform 0.11: a list of maps assigned to a block type, and
# terraform_remote_state with a config block, its outputs read as its own
# attributes.  fmt -upgrade writes them as 0.12upgrade did.
variable "listeners" {
  type = "list"
}

data "terraform_remote_state" "net" {
  backend = "s3"
  config {
    bucket = "tfstate"
    key = "net.tfstate"
    region = "us-east-1"
  }
}

resource "aws_elb" "web" {
  name = "web"
  subnets = "${data.terraform_remote_state.net.public_subnet_ids}"
  listener = ["${var.listeners}"]
}

resource "aws_elb" "admin" {
  name = "admin"
  subnets = ["${data.terraform_remote_state.net.outputs.public_subnet_ids[0]}"]
  listener = [
    {
      instance_port = 8080
      instance_protocol = "http"
      lb_port = 80
      lb_protocol = "http"
    },
  ]
}

output "vpc_id" {
  value = "${data.terraform_remote_state.net.vpc_id}"
}
