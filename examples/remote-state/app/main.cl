# The application half of the reference system: security groups, the ELB
# and the auto scaling group, placed in the network that ../network
# deployed, whose outputs are read from its state in S3.  Its own state is
# another object of the same bucket.  The S3 endpoint comes from
# AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL when it is not AWS's.
#
#   clicamosc init && clicamosc apply -var ami=ami-0abc...

terraform {
  backend "s3" {
    bucket         = "clicamos-state"
    key            = "app/terraform.tfstate"
    region         = "us-east-1"
    use_lockfile   = true
    use_path_style = true
  }
}

variable "ami" {
  description = "The application image, e.g. built by packer"
  type        = string
}

variable "region" {
  type    = string
  default = "us-east-1"
}

provider "aws" {
  region = var.region
}

data "terraform_remote_state" "network" {
  backend = "s3"
  config = {
    bucket         = "clicamos-state"
    key            = "network/terraform.tfstate"
    region         = var.region
    use_path_style = true
  }
}

locals {
  net = data.terraform_remote_state.network.outputs
}

security_group "elb" {
  vpc_id = local.net.vpc_id

  ingress {
    port     = 80
    protocol = "tcp"
  }
}

security_group "app" {
  vpc_id = local.net.vpc_id

  ingress {
    port            = 80
    protocol        = "tcp"
    cidr_blocks     = []
    security_groups = [security_group.elb.id]
  }
}

elb "app" {
  subnets         = local.net.public_subnet_ids
  security_groups = [security_group.elb.id]

  listener {
    port          = 80
    instance_port = 80
    protocol      = "http"
  }

  health_check {
    target              = "HTTP:80/"
    healthy_threshold   = 3
    unhealthy_threshold = 2
    timeout             = 10
    interval            = 30
  }

  idle_timeout = 60
  tags = {
    Project = "clicamos"
  }
}

asg "app" {
  ami                       = var.ami
  instance_type             = "t2.micro"
  subnets                   = local.net.private_subnet_ids
  security_groups           = [security_group.app.id, local.net.internal_security_group_id]
  user_data                 = file("${path.module}/user-data.sh")
  load_balancers            = [elb.app.name]
  min_size                  = 1
  max_size                  = 2
  desired_capacity          = 2
  health_check_type         = "ELB"
  health_check_grace_period = 300
  wait_for_elb_capacity     = 1
  create_before_destroy     = true
  tags = {
    Project = "clicamos"
  }
}

output "asg_name" {
  value = asg.app.name
}

output "elb_dns_name" {
  value = elb.app.dns_name
}
